use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use fazhi_core::DomainError;
use serde::Deserialize;

use crate::db::col;
use crate::kernel::App;
use crate::platform::search::{self, Audience, Hit};
use crate::web::PageError;
use crate::web::pages::render;

pub struct TownLink {
    pub code: String,
    pub name: String,
}
pub struct DistrictBlock {
    pub name: String,
    pub towns: Vec<TownLink>,
}

#[derive(Template)]
#[template(path = "portal/index.html")]
struct IndexPage {
    districts: Vec<DistrictBlock>,
}

/// The public home: every town, grouped by district (one query).
pub async fn index(State(app): State<App>) -> Result<Response, PageError> {
    let rows = sqlx::query(
        "SELECT t.code, t.name, d.name AS district FROM org_unit t LEFT JOIN org_unit d ON d.id = t.parent_id WHERE t.kind = 'town' ORDER BY d.path, t.sort_order, t.id",
    )
    .fetch_all(&app.db.pool)
    .await?;
    let mut districts: Vec<DistrictBlock> = Vec::new();
    for r in &rows {
        let d: Option<String> = col(r, "district")?;
        let d = d.unwrap_or_default();
        if districts.last().is_none_or(|b| b.name != d) {
            districts.push(DistrictBlock { name: d, towns: Vec::new() });
        }
        districts.last_mut().unwrap().towns.push(TownLink { code: col(r, "code")?, name: col(r, "name")? });
    }
    render(IndexPage { districts })
}

pub struct TownInfo {
    pub code: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub office_hours: String,
}

#[derive(Template)]
#[template(path = "portal/town.html")]
struct TownPage {
    town: TownInfo,
    communities: Vec<String>,
}

pub async fn town(State(app): State<App>, Path(code): Path<String>) -> Result<Response, PageError> {
    let r = sqlx::query("SELECT id, code, name, address, phone, office_hours FROM org_unit WHERE code = $1 AND kind = 'town'")
        .bind(&code)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("该镇（街道）"))?;
    let id: i64 = col(&r, "id")?;
    let communities: Vec<String> = sqlx::query_scalar("SELECT name FROM org_unit WHERE parent_id = $1 AND kind = 'community' ORDER BY sort_order, id")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await?;
    let opt = |k: &str| -> Result<String, sqlx::Error> { Ok(col::<Option<String>>(&r, k)?.unwrap_or_else(|| "（未填写）".into())) };
    render(TownPage {
        town: TownInfo { code: col(&r, "code")?, name: col(&r, "name")?, address: opt("address")?, phone: opt("phone")?, office_hours: opt("office_hours")? },
        communities,
    })
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    town: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/search.html")]
struct SearchPage {
    q: String,
    hits: Vec<Hit>,
}

pub async fn search(State(app): State<App>, Query(sq): Query<SearchQuery>) -> Result<Response, PageError> {
    let q: String = sq.q.trim().chars().take(50).collect();
    let town_path = match sq.town.as_deref().filter(|t| !t.is_empty()) {
        Some(code) => sqlx::query_scalar::<_, String>("SELECT path FROM org_unit WHERE code = $1").bind(code).fetch_optional(&app.db.pool).await?,
        None => None,
    };
    // Scheduled 政务公开 items whose time has come go public before the search runs.
    crate::disclosure::publication::release_due(&app, crate::disclosure::When::now()).await?;
    let hits = if q.is_empty() { Vec::new() } else { search::search(&app, Audience::Public { town_path }, &q, 50).await? };
    render(SearchPage { q, hits })
}
