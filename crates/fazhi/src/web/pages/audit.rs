use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use fazhi_core::audit::AuditEntry;
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::audit_log::{self, AuditFilter};
use crate::web::pages::{Nav, render};
use crate::web::{CurrentUser, PageError};

#[derive(Template)]
#[template(path = "console/audit.html")]
struct AuditPage {
    nav: Nav,
    entity: String,
    entity_id: String,
    rows: Vec<AuditEntry>,
    next_before: Option<i64>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    entity_id: String,
    before: Option<i64>,
}

pub async fn page(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<AuditQuery>) -> Result<Response, PageError> {
    let filter = AuditFilter { entity: Some(q.entity.clone()).filter(|s| !s.is_empty()), entity_id: Some(q.entity_id.clone()).filter(|s| !s.is_empty()), before: q.before, limit: 50 };
    let page = audit_log::list(&app, &auth.actor, &filter).await?;
    render(AuditPage { nav: Nav::new(&auth, "audit"), entity: q.entity, entity_id: q.entity_id, rows: page.rows, next_before: page.next_before })
}
