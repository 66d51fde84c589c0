use fazhi_core::org::{OrgKind, OrgPath};
use sqlx::any::AnyRow;

use crate::db::col;
use crate::error::AppResult;
use crate::kernel::App;
use fazhi_core::DomainError;

/// What the kernel needs to know about a record's org unit: where it sits
/// (path, for permission checks) and which town's audit chain it writes to.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OrgRef {
    pub id: i64,
    pub name: String,
    pub kind: OrgKind,
    pub path: OrgPath,
    pub town_id: Option<i64>,
    pub parent_id: Option<i64>,
}

impl OrgRef {
    pub fn from_row(r: &AnyRow) -> AppResult<OrgRef> {
        let path: String = col(r, "path")?;
        let kind: String = col(r, "kind")?;
        Ok(OrgRef {
            id: col(r, "id")?,
            name: col(r, "name")?,
            kind: OrgKind::parse(&kind)?,
            path: OrgPath::parse(&path).ok_or_else(|| crate::error::AppError::internal(format!("bad org path {path}")))?,
            town_id: col(r, "town_id")?,
            parent_id: col(r, "parent_id")?,
        })
    }
}

pub async fn load_org(app: &App, id: i64) -> AppResult<OrgRef> {
    let row = sqlx::query("SELECT id, name, kind, path, town_id, parent_id FROM org_unit WHERE id = $1")
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("单位"))?;
    OrgRef::from_row(&row)
}

/// One audit chain per town; units above town level (district, city) keep
/// their own chain.
pub fn chain_key(org: &OrgRef) -> String {
    match org.town_id {
        Some(t) => format!("town-{t}"),
        None => format!("org-{}", org.id),
    }
}
