//! 附件: the list (file name, size, SM3 hash, uploader, time), the upload form
//! (multipart, CSRF token in the query string) and the download link.
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::access::Permission;
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::attachments::{self, AttachmentFilter, AttachmentRow};
use crate::platform::orgs::{self, OrgRow};
use crate::web::api::attachments as upload;
use crate::web::pages::{Nav, render};
use crate::web::{CurrentUser, PageError};

#[derive(Template)]
#[template(path = "console/attachments.html")]
struct AttachmentsPage {
    nav: Nav,
    rows: Vec<AttachmentRow>,
    entity: String,
    entity_id: String,
    orgs: Vec<OrgRow>,
    accept: String,
    allowed: &'static str,
    max_mb: u64,
    uploaded: Option<i64>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    entity_id: String,
    uploaded: Option<i64>,
}

pub async fn page(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::AttachmentRead)?;
    let entity: String = q.entity.trim().chars().take(40).collect();
    let entity_id: String = q.entity_id.trim().chars().take(64).collect();
    let filter = AttachmentFilter { entity: Some(entity.clone()), entity_id: Some(entity_id.clone()) };
    let rows = attachments::list(&app, &auth.actor, &filter).await?;
    let scope = auth.actor.scope(Permission::AttachmentWrite);
    let orgs = orgs::list_in_scope(&app, &auth.actor).await?.into_iter().filter(|o| fazhi_core::org::OrgPath::parse(&o.path).is_some_and(|p| scope.covers(&p))).collect();
    render(AttachmentsPage {
        nav: Nav::new(&auth, "attachments"),
        rows,
        entity,
        entity_id,
        orgs,
        accept: attachments::accept_attr(),
        allowed: attachments::ALLOWED_LABEL,
        max_mb: app.cfg.max_upload_mb,
        uploaded: q.uploaded,
    })
}

/// Only characters the service accepts in entity names and ids go back into the URL.
fn url_safe(s: &str) -> String {
    s.trim().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

pub async fn submit(State(app): State<App>, CurrentUser(auth): CurrentUser, mp: Result<Multipart, MultipartRejection>) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::AttachmentWrite)?;
    let mp = mp.map_err(upload::rejection)?;
    let form = upload::read_upload(&app, mp).await?;
    let (entity, entity_id) = (url_safe(&form.entity), url_safe(&form.entity_id));
    let stored = upload::store_upload(&app, &auth.actor, form).await?;
    Ok(Redirect::to(&format!("/console/attachments?entity={entity}&entity_id={entity_id}&uploaded={}", stored.id)).into_response())
}

pub async fn download(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    Ok(upload::download(&app, &auth.actor, id).await?)
}
