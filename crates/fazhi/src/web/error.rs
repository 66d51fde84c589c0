use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::error::AppError;

/// An error on an HTML page: a Chinese error page, never a stack trace.
#[derive(Debug)]
pub struct PageError(pub AppError);

/// An error from the JSON API: `{ "error": { "code", "message", "field" } }`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}
impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

fn log(e: &AppError) {
    if e.status() >= 500 {
        tracing::error!("{e:?}");
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: String,
    pub message: String,
    pub login: bool,
}

pub fn error_page(status: u16, message: String) -> Response {
    let title = match status {
        401 => "请先登录",
        403 => "无权访问",
        404 => "页面不存在",
        409 => "操作未能完成",
        413 => "文件过大",
        422 => "填写有误",
        429 => "操作过于频繁",
        _ => "系统错误",
    }
    .to_string();
    let page = ErrorPage { status, title, message, login: status == 401 };
    let body = page.render().unwrap_or_else(|_| "系统错误".into());
    (StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), Html(body)).into_response()
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        log(&self.0);
        error_page(self.0.status(), self.0.message())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log(&self.0);
        let body = serde_json::json!({"error": {"code": self.0.code(), "message": self.0.message(), "field": self.0.field()}});
        (StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), Json(body)).into_response()
    }
}
