//! Domain errors. Each carries a Chinese message a user can act on; the web layer
//! maps each variant once to an HTTP status and a stable code.
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DomainError {
    /// Bad input; `field` is the form/JSON field name so the page can point at it.
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("未登录或登录已过期，请重新登录")]
    Unauthenticated,
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{what}不存在或无权查看")]
    NotFound { what: String },
    #[error("{message}")]
    Conflict { message: String },
    /// A workflow gate said no: the message names the missing step.
    #[error("{message}")]
    Refused { gate: String, message: String },
    #[error("{message}")]
    TooMany { message: String },
}

impl DomainError {
    pub fn invalid(field: &str, message: impl Into<String>) -> DomainError {
        DomainError::Invalid { field: field.to_string(), message: message.into() }
    }
    pub fn forbidden(message: impl Into<String>) -> DomainError {
        DomainError::Forbidden { message: message.into() }
    }
    pub fn not_found(what: impl Into<String>) -> DomainError {
        DomainError::NotFound { what: what.into() }
    }
    pub fn conflict(message: impl Into<String>) -> DomainError {
        DomainError::Conflict { message: message.into() }
    }
    pub fn refused(gate: &str, message: impl Into<String>) -> DomainError {
        DomainError::Refused { gate: gate.to_string(), message: message.into() }
    }
}
