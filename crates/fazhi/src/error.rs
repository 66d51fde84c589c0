//! The one application error. Every failure is mapped here, once, to an HTTP
//! status, a stable code and a Chinese message; nothing else formats errors.
use fazhi_core::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("数据库错误: {0}")]
    Db(sqlx::Error),
    #[error("内部错误: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if let Some(d) = e.as_database_error()
            && d.is_unique_violation()
        {
            return AppError::Domain(DomainError::conflict("该记录已存在，请勿重复提交"));
        }
        AppError::Db(e)
    }
}

impl AppError {
    pub fn internal(e: impl std::fmt::Display) -> AppError {
        AppError::Internal(e.to_string())
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Domain(d) => match d {
                DomainError::Invalid { .. } => 422,
                DomainError::Unauthenticated => 401,
                DomainError::Forbidden { .. } => 403,
                DomainError::NotFound { .. } => 404,
                DomainError::Conflict { .. } | DomainError::Refused { .. } => 409,
                DomainError::TooMany { .. } => 429,
            },
            AppError::Db(_) | AppError::Internal(_) => 500,
        }
    }

    /// Stable machine-readable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Domain(d) => match d {
                DomainError::Invalid { .. } => "invalid_input",
                DomainError::Unauthenticated => "unauthenticated",
                DomainError::Forbidden { .. } => "forbidden",
                DomainError::NotFound { .. } => "not_found",
                DomainError::Conflict { .. } => "conflict",
                DomainError::Refused { .. } => "refused",
                DomainError::TooMany { .. } => "too_many_requests",
            },
            AppError::Db(_) | AppError::Internal(_) => "internal",
        }
    }

    /// What the user reads. Internal details go to the log, never to the page.
    pub fn message(&self) -> String {
        match self {
            AppError::Domain(d) => d.to_string(),
            AppError::Db(_) | AppError::Internal(_) => "系统内部错误，请稍后重试；如持续出现请联系系统管理员".into(),
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Domain(DomainError::Invalid { field, .. }) => Some(field),
            _ => None,
        }
    }
}
