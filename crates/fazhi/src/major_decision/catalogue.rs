//! The annual decision catalogue (决策事项目录, art.3): drafted by the office
//! (DecisionManage), approved by the leadership after the Party committee's
//! consent (DecisionApprove), then published on the portal. Items are frozen
//! once approved; decisions are launched from approved items only.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::{col, now_text};
use crate::error::AppResult;
use crate::kernel::{App, Change, OrgRef, Write, load_org, scope_sql};

#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub town_code: String,
    pub year: i64,
    pub title: String,
    pub status: String,
    pub party_consent_on: Option<String>,
    pub approved_at: Option<String>,
    pub published_at: Option<String>,
}

impl Catalogue {
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "draft" => "编制中",
            "approved" => "已审定，待公布",
            "published" => "已向社会公布",
            _ => "",
        }
    }
    pub fn published_label(&self) -> String {
        self.published_at.as_deref().map(crate::disclosure::local_date).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: i64,
    pub catalogue_id: i64,
    pub seq: i64,
    pub title: String,
    pub lead_unit: String,
    pub basis: Option<String>,
    pub planned: Option<String>,
    /// The decision launched from this item, if any.
    pub decision_id: Option<i64>,
    pub stage: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.org_id, o.name AS org_name, o.code AS town_code, c.year, c.title, c.status, c.party_consent_on, c.approved_at, c.published_at
 FROM decision_catalogue c JOIN org_unit o ON o.id = c.org_id";

fn row(r: &sqlx::any::AnyRow) -> AppResult<Catalogue> {
    Ok(Catalogue {
        id: col(r, "id")?,
        org_id: col(r, "org_id")?,
        org_name: col(r, "org_name")?,
        town_code: col::<Option<String>>(r, "town_code")?.unwrap_or_default(),
        year: col(r, "year")?,
        title: col(r, "title")?,
        status: col(r, "status")?,
        party_consent_on: col(r, "party_consent_on")?,
        approved_at: col(r, "approved_at")?,
        published_at: col(r, "published_at")?,
    })
}

async fn load(app: &App, id: i64) -> AppResult<(Catalogue, OrgRef)> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1")))
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("决策事项目录"))?;
    let c = row(&r)?;
    let org = load_org(app, c.org_id).await?;
    Ok((c, org))
}

/// One catalogue, for staff with DecisionRead on its town.
pub async fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Catalogue> {
    let (c, org) = load(app, id).await?;
    actor.require(Permission::DecisionRead, &org.path)?;
    Ok(c)
}

/// Catalogues in the actor's scope, newest year first.
pub async fn list(app: &App, actor: &Actor) -> AppResult<Vec<Catalogue>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::DecisionRead), "o.path", 1);
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE {cond} ORDER BY c.year DESC, o.path")));
    for p in &params {
        q = q.bind(p);
    }
    q.fetch_all(&app.db.pool).await?.iter().map(row).collect()
}

/// The published catalogues of a town (portal, API).
pub async fn public_list(app: &App, town_id: i64) -> AppResult<Vec<Catalogue>> {
    sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.org_id = $1 AND c.status = 'published' ORDER BY c.year DESC")))
        .bind(town_id)
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(row)
        .collect()
}

pub async fn items(app: &App, catalogue_id: i64) -> AppResult<Vec<Item>> {
    let rows = sqlx::query(
        "SELECT i.id, i.catalogue_id, i.seq, i.title, i.lead_unit, i.basis, i.planned, d.id AS decision_id, d.stage
         FROM decision_catalogue_item i LEFT JOIN major_decision d ON d.catalogue_item_id = i.id WHERE i.catalogue_id = $1 ORDER BY i.seq, i.id",
    )
    .bind(catalogue_id)
    .fetch_all(&app.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Item {
                id: col(r, "id")?,
                catalogue_id: col(r, "catalogue_id")?,
                seq: col(r, "seq")?,
                title: col(r, "title")?,
                lead_unit: col(r, "lead_unit")?,
                basis: col(r, "basis")?,
                planned: col(r, "planned")?,
                decision_id: col(r, "decision_id")?,
                stage: col(r, "stage")?,
            })
        })
        .collect()
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CatalogueForm {
    #[serde(default)]
    pub town_id: Option<i64>,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub title: String,
}

pub async fn create(app: &App, actor: &Actor, f: &CatalogueForm) -> AppResult<i64> {
    let town_id = f.town_id.ok_or_else(|| DomainError::invalid("town_id", "请选择「所属镇（街道）」"))?;
    let town = crate::disclosure::load_town(app, town_id).await?;
    let year = form::integer("year", "年度", &f.year, 2000, 2100)?;
    let title = form::optional_text("title", "目录名称", &f.title, 100)?.unwrap_or_else(|| format!("{}{year}年度重大行政决策事项目录", town.name));
    let mut w = Write::begin(app, actor, Permission::DecisionManage, &town).await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO decision_catalogue (org_id, year, title, status, created_by, created_at) VALUES ($1, $2, $3, 'draft', $4, $5) RETURNING id")
        .bind(town.id)
        .bind(year)
        .bind(&title)
        .bind(actor.user_id)
        .bind(now_text())
        .fetch_one(w.conn())
        .await?;
    w.record(Change::create("decision_catalogue", id, &json!({"year": year, "title": title})));
    w.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ItemForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lead_unit: String,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub planned: String,
}

pub async fn add_item(app: &App, actor: &Actor, catalogue_id: i64, f: &ItemForm) -> AppResult<i64> {
    let (c, org) = load(app, catalogue_id).await?;
    let title = form::required_text("title", "决策事项名称", &f.title, 200)?;
    let lead_unit = form::required_text("lead_unit", "承办单位", &f.lead_unit, 100)?;
    let basis = form::optional_text("basis", "决策依据", &f.basis, 1000)?;
    let planned = form::optional_text("planned", "计划完成时间", &f.planned, 50)?;
    let mut w = Write::begin(app, actor, Permission::DecisionManage, &org).await?;
    let status: String = sqlx::query_scalar("SELECT status FROM decision_catalogue WHERE id = $1").bind(c.id).fetch_one(w.conn()).await?;
    if status != "draft" {
        return Err(DomainError::refused("catalogue", "目录已经审定，不能再增加事项；确需调整的，应当重新报党委同意后另行编制").into());
    }
    let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM decision_catalogue_item WHERE catalogue_id = $1").bind(c.id).fetch_one(w.conn()).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO decision_catalogue_item (catalogue_id, seq, title, lead_unit, basis, planned, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(c.id)
    .bind(seq)
    .bind(&title)
    .bind(&lead_unit)
    .bind(&basis)
    .bind(&planned)
    .bind(now_text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create("decision_catalogue_item", id, &json!({"catalogue_id": c.id, "seq": seq, "title": title, "lead_unit": lead_unit})));
    w.commit().await?;
    Ok(id)
}

/// Approval (审定) after the Party committee's consent (经同级党委同意, art.3).
pub async fn approve(app: &App, actor: &Actor, catalogue_id: i64, party_consent_on: &str, today: NaiveDate) -> AppResult<()> {
    let (c, org) = load(app, catalogue_id).await?;
    let consent = form::date("party_consent_on", "党委同意日期", party_consent_on)?;
    if consent > today {
        return Err(DomainError::invalid("party_consent_on", "「党委同意日期」不能晚于今天").into());
    }
    let mut w = Write::begin(app, actor, Permission::DecisionApprove, &org).await?;
    let status: String = sqlx::query_scalar("SELECT status FROM decision_catalogue WHERE id = $1").bind(c.id).fetch_one(w.conn()).await?;
    if status != "draft" {
        return Err(DomainError::conflict("目录已经审定").into());
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM decision_catalogue_item WHERE catalogue_id = $1").bind(c.id).fetch_one(w.conn()).await?;
    if n == 0 {
        return Err(DomainError::refused("catalogue", "目录中还没有决策事项，不能审定").into());
    }
    sqlx::query("UPDATE decision_catalogue SET status = 'approved', party_consent_on = $1, approved_by = $2, approved_at = $3 WHERE id = $4")
        .bind(consent.to_string())
        .bind(actor.user_id)
        .bind(now_text())
        .bind(c.id)
        .execute(w.conn())
        .await?;
    w.record(Change::action("approve", "decision_catalogue", c.id, &json!({"party_consent_on": consent.to_string(), "items": n})));
    w.commit().await?;
    Ok(())
}

/// Publication on the portal (向社会公布, art.3), after approval.
pub async fn publish(app: &App, actor: &Actor, catalogue_id: i64) -> AppResult<()> {
    let (c, org) = load(app, catalogue_id).await?;
    let mut w = Write::begin(app, actor, Permission::DecisionManage, &org).await?;
    let status: String = sqlx::query_scalar("SELECT status FROM decision_catalogue WHERE id = $1").bind(c.id).fetch_one(w.conn()).await?;
    match status.as_str() {
        "draft" => return Err(DomainError::refused("catalogue", "目录尚未经党委同意并审定，不能向社会公布（《重大行政决策程序暂行条例》第三条）").into()),
        "published" => return Err(DomainError::conflict("目录已经公布").into()),
        _ => {}
    }
    sqlx::query("UPDATE decision_catalogue SET status = 'published', published_at = $1 WHERE id = $2").bind(now_text()).bind(c.id).execute(w.conn()).await?;
    w.record(Change::action("publish", "decision_catalogue", c.id, &json!({"year": c.year})));
    w.commit().await?;
    Ok(())
}

/// The figures the seed's weakness asks for (评估决策效果不明显): per year,
/// how many decisions, how many reviewed, published, evaluated after the fact.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub year: i64,
    pub catalogue_items: i64,
    pub decisions: i64,
    pub published: i64,
    pub evaluated: i64,
    pub execution_reports: i64,
    pub comments: i64,
    pub comments_published: i64,
    pub adjusted: i64,
}

impl Figures {
    /// Share of published decisions evaluated after the fact.
    pub fn evaluated_share(&self) -> String {
        if self.published == 0 { "—".into() } else { format!("{:.0}%", self.evaluated as f64 * 100.0 / self.published as f64) }
    }
}

pub async fn figures(app: &App, actor: &Actor, year: i64) -> AppResult<Figures> {
    let (cond, params) = scope_sql(&actor.scope(Permission::DecisionRead), "o.path", 2);
    let sql = format!(
        "SELECT
           (SELECT COUNT(*) FROM decision_catalogue_item i JOIN decision_catalogue c ON c.id = i.catalogue_id JOIN org_unit o ON o.id = c.org_id WHERE c.year = $1 AND {cond}) AS items,
           (SELECT COUNT(*) FROM major_decision d JOIN org_unit o ON o.id = d.org_id WHERE d.year = $1 AND {cond}) AS decisions,
           (SELECT COUNT(*) FROM major_decision d JOIN org_unit o ON o.id = d.org_id WHERE d.year = $1 AND d.published_on IS NOT NULL AND {cond}) AS published,
           (SELECT COUNT(DISTINCT s.decision_id) FROM decision_step s JOIN major_decision d ON d.id = s.decision_id JOIN org_unit o ON o.id = d.org_id WHERE d.year = $1 AND s.step = 'post_evaluation' AND {cond}) AS evaluated,
           (SELECT COUNT(*) FROM decision_step s JOIN major_decision d ON d.id = s.decision_id JOIN org_unit o ON o.id = d.org_id WHERE d.year = $1 AND s.step = 'execution_report' AND {cond}) AS reports,
           (SELECT COUNT(DISTINCT s.decision_id) FROM decision_step s JOIN major_decision d ON d.id = s.decision_id JOIN org_unit o ON o.id = d.org_id WHERE d.year = $1 AND s.step = 'adjustment' AND {cond}) AS adjusted,
           (SELECT COUNT(*) FROM decision_comment m JOIN major_decision d ON d.id = m.decision_id JOIN org_unit o ON o.id = d.org_id WHERE d.year = $1 AND {cond}) AS comments,
           (SELECT COUNT(*) FROM decision_comment m JOIN major_decision d ON d.id = m.decision_id JOIN org_unit o ON o.id = d.org_id WHERE d.year = $1 AND m.status = 'approved' AND {cond}) AS comments_published"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(year);
    for p in &params {
        q = q.bind(p);
    }
    let r = q.fetch_one(&app.db.pool).await?;
    Ok(Figures {
        year,
        catalogue_items: col(&r, "items")?,
        decisions: col(&r, "decisions")?,
        published: col(&r, "published")?,
        evaluated: col(&r, "evaluated")?,
        execution_reports: col(&r, "reports")?,
        comments: col(&r, "comments")?,
        comments_published: col(&r, "comments_published")?,
        adjusted: col(&r, "adjusted")?,
    })
}
