//! HTML pages: portal (public), login, console (staff).
mod account;
mod admin;
mod attachments;
mod calendar;
mod clock;
mod console;
mod lists;
mod login;
mod personal;
pub use login::session_cookie;
mod portal;
mod user_detail;

use askama::Template;
use axum::Router;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use fazhi_core::access::Permission;

use crate::kernel::App;
use crate::web::{Auth, PageError};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(portal::index))
        .route("/portal/{code}", get(portal::town))
        .route("/search", get(portal::search))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/console", get(console::home))
        .route("/console/todo", get(console::todo).post(console::assign))
        .route("/console/todo/{id}/done", post(console::done))
        .route("/console/search", get(console::search))
        .route("/console/clocks/{id}", get(clock::page))
        .route("/console/orgs", get(admin::orgs).post(admin::create_org))
        .route("/console/users", get(admin::users).post(admin::create_user))
        .route("/console/users/{id}", get(user_detail::page))
        .route("/console/users/{id}/grants", post(user_detail::grant))
        .route("/console/users/{id}/grants/{grant_id}/revoke", post(user_detail::revoke))
        .route("/console/audit", get(|| async { axum::response::Redirect::to("/console/lists/audit") }))
        .route("/console/lists/{name}", get(lists::page))
        .route("/console/lists/{name}/export", get(lists::export))
        .route("/console/jobs", get(lists::jobs_page))
        .route("/console/jobs/{id}/download", get(lists::job_download))
        .route("/console/calendar", get(calendar::page).post(calendar::set_day))
        .route("/console/account", get(account::page))
        .route("/console/account/password", post(account::password))
        .route("/console/account/tokens", post(account::token))
        .route("/console/attachments", get(attachments::page).post(attachments::submit).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/attachments/{id}", get(attachments::download))
        .route("/console/users/phone", post(personal::set_phone))
        .route("/console/users/{id}/phone/reveal", post(personal::reveal))
        .merge(crate::web::disclosure::pages::routes())
        .merge(crate::web::disclosure::requests::routes())
        .merge(crate::web::disclosure::annual_report::page_routes())
        .merge(crate::web::legal_review::pages::routes())
        .merge(crate::web::legal_review::advisers::routes())
        .merge(crate::web::mediation::pages::routes())
        .merge(crate::web::grid::page_routes())
        .merge(crate::web::major_decision::pages::routes())
        .merge(crate::web::major_decision::portal::routes())
        .merge(crate::web::meeting::pages::routes())
}

/// What the console layout shows on every page.
pub struct Nav {
    pub user: String,
    pub org: String,
    pub csrf: String,
    pub active: &'static str,
    pub can_audit: bool,
    pub can_users: bool,
    pub can_disclosure: bool,
    pub can_legal_review: bool,
    pub can_grid: bool,
    pub can_mediation: bool,
    pub can_decisions: bool,
    pub can_meeting: bool,
}

impl Nav {
    pub fn new(auth: &Auth, active: &'static str) -> Nav {
        let a = &auth.actor;
        Nav {
            user: a.display_name.clone(),
            org: a.grants.first().map(|g| g.org_name.clone()).unwrap_or_default(),
            csrf: auth.csrf.clone().unwrap_or_default(),
            active,
            can_audit: a.has(Permission::AuditRead),
            can_users: a.has(Permission::UserManage),
            can_disclosure: a.has(Permission::DisclosureRead),
            can_legal_review: a.has(Permission::LegalReviewRead),
            can_grid: a.has(Permission::GridRead),
            can_mediation: a.has(Permission::MediationRead),
            can_decisions: a.has(Permission::DecisionRead),
            can_meeting: a.has(Permission::MeetingRead),
        }
    }
}

pub fn render<T: Template>(t: T) -> Result<Response, PageError> {
    Ok(Html(t.render().map_err(crate::error::AppError::internal)?).into_response())
}

pub async fn not_found() -> Response {
    crate::web::error::error_page(404, "您访问的页面不存在，请检查地址是否正确。".into())
}

/// Today in China (UTC+8): legal dates are local dates.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// A service error a form page shows beside the form (status, Chinese message,
/// field); server errors and a lost session go to the error page instead.
pub fn user_error(e: crate::error::AppError) -> Result<(axum::http::StatusCode, String, Option<String>), PageError> {
    let status = e.status();
    if status >= 500 || status == 401 {
        return Err(PageError(e));
    }
    Ok((axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::UNPROCESSABLE_ENTITY), e.message(), e.field().map(str::to_string)))
}

/// The page re-rendered with the refusal's status (422, 403, 409 …).
pub fn with_status(status: axum::http::StatusCode, r: Result<Response, PageError>) -> Result<Response, PageError> {
    r.map(|mut resp| {
        *resp.status_mut() = status;
        resp
    })
}
