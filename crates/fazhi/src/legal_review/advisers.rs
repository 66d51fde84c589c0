//! The register of legal advisers (法律顾问): person, 执业证号, firm, contract
//! term, scope of service, and optionally the adviser's own account so that
//! reviews assigned to them reach their queue.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use serde::{Deserialize, Serialize};

use super::{instant_text, local_date};
use crate::db::{col, flag};
use crate::error::AppResult;
use crate::kernel::{App, Change, Write, load_org, scope_sql};

pub const ENTITY: &str = "legal_adviser";

/// The form (console) and JSON body: text as entered.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AdviserForm {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub licence_no: String,
    #[serde(default)]
    pub firm: String,
    #[serde(default)]
    pub contract_start: String,
    #[serde(default)]
    pub contract_end: String,
    #[serde(default)]
    pub scope: String,
    /// The adviser's login name, if they have an account.
    #[serde(default)]
    pub username: String,
    /// "1" = active (a checkbox; new advisers are active).
    #[serde(default)]
    pub active: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Adviser {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub licence_no: String,
    pub firm: String,
    pub contract_start: String,
    pub contract_end: String,
    pub scope: String,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub active: bool,
}

impl Adviser {
    /// In service on `day`: active and within the contract term.
    pub fn serving_on(&self, day: NaiveDate) -> bool {
        let d = day.to_string();
        self.active && self.contract_start <= d && d <= self.contract_end
    }
    pub fn username_text(&self) -> &str {
        self.username.as_deref().unwrap_or("")
    }
    pub fn term(&self) -> String {
        format!("{} 至 {}", self.contract_start, self.contract_end)
    }
}

/// 执业证号: the 17 digits of a 律师执业证 (one format nationwide since 2008);
/// we accept 10–20 digits to cover older certificates and 公职律师证.
fn licence(value: &str) -> Result<String, DomainError> {
    let v = form::required_text("licence_no", "执业证号", value, 20)?;
    if !(10..=20).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DomainError::invalid("licence_no", "「执业证号」应为 10 到 20 位数字（律师执业证号一般为 17 位）"));
    }
    Ok(v)
}

struct Checked {
    name: String,
    licence_no: String,
    firm: String,
    start: NaiveDate,
    end: NaiveDate,
    scope: String,
    active: bool,
}

fn check(f: &AdviserForm, is_new: bool) -> Result<Checked, DomainError> {
    let name = form::required_text("name", "姓名", &f.name, 40)?;
    let licence_no = licence(&f.licence_no)?;
    let firm = form::required_text("firm", "执业机构", &f.firm, 100)?;
    let start = form::date("contract_start", "聘用期起", &f.contract_start)?;
    let end = form::date("contract_end", "聘用期止", &f.contract_end)?;
    if end < start {
        return Err(DomainError::invalid("contract_end", "「聘用期止」不能早于「聘用期起」"));
    }
    let scope = form::required_text("scope", "服务范围", &f.scope, 1000)?;
    let active = is_new || f.active.as_deref().is_some_and(|v| !v.is_empty() && v != "0");
    Ok(Checked { name, licence_no, firm, start, end, scope, active })
}

async fn user_by_name(w: &mut Write<'_>, username: &str) -> AppResult<Option<i64>> {
    let u = username.trim().to_ascii_lowercase();
    if u.is_empty() {
        return Ok(None);
    }
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1 AND active = TRUE").bind(&u).fetch_optional(w.conn()).await?;
    id.map(Some).ok_or_else(|| DomainError::invalid("username", format!("账号「{u}」不存在或已停用")).into())
}

/// Adds (no id) or updates an adviser of a unit.
pub async fn save(app: &App, actor: &Actor, id: Option<i64>, f: &AdviserForm) -> AppResult<i64> {
    let org_id = match id {
        Some(id) => sqlx::query_scalar("SELECT org_id FROM legal_adviser WHERE id = $1").bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("法律顾问"))?,
        None => f.org_id.ok_or_else(|| DomainError::invalid("org_id", "请选择「聘请单位」"))?,
    };
    let org = load_org(app, org_id).await.map_err(|_| DomainError::invalid("org_id", "「聘请单位」不存在"))?;
    let c = check(f, id.is_none())?;
    let mut w = Write::begin(app, actor, Permission::LegalAdviserManage, &org).await?;
    let user_id = user_by_name(&mut w, &f.username).await?;
    let now = instant_text(crate::db::now());
    let after = serde_json::json!({"name": c.name, "licence_no": c.licence_no, "firm": c.firm, "contract_start": c.start, "contract_end": c.end,
        "scope": c.scope, "user_id": user_id, "active": c.active});
    let id = match id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO legal_adviser (org_id, name, licence_no, firm, contract_start, contract_end, scope, user_id, active, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, TRUE, $9, $10, $10) RETURNING id",
            )
            .bind(org.id)
            .bind(&c.name)
            .bind(&c.licence_no)
            .bind(&c.firm)
            .bind(c.start.to_string())
            .bind(c.end.to_string())
            .bind(&c.scope)
            .bind(user_id)
            .bind(actor.user_id)
            .bind(&now)
            .fetch_one(w.conn())
            .await?;
            w.record(Change::create(ENTITY, id, &after));
            id
        }
        Some(id) => {
            sqlx::query(
                "UPDATE legal_adviser SET name = $1, licence_no = $2, firm = $3, contract_start = $4, contract_end = $5, scope = $6, user_id = $7, active = $8, updated_at = $9
                 WHERE id = $10",
            )
            .bind(&c.name)
            .bind(&c.licence_no)
            .bind(&c.firm)
            .bind(c.start.to_string())
            .bind(c.end.to_string())
            .bind(&c.scope)
            .bind(user_id)
            .bind(c.active)
            .bind(&now)
            .bind(id)
            .execute(w.conn())
            .await?;
            w.record(Change::update(ENTITY, id, &serde_json::json!({"id": id}), &after));
            id
        }
    };
    w.commit().await?;
    Ok(id)
}

const SELECT: &str = "SELECT a.id, a.org_id, o.name AS org_name, a.name, a.licence_no, a.firm, a.contract_start, a.contract_end, a.scope, a.user_id,
        u.username, CASE WHEN a.active THEN 1 ELSE 0 END AS active
    FROM legal_adviser a JOIN org_unit o ON o.id = a.org_id LEFT JOIN app_user u ON u.id = a.user_id";

fn row(r: &sqlx::any::AnyRow) -> AppResult<Adviser> {
    Ok(Adviser {
        id: col(r, "id")?,
        org_id: col(r, "org_id")?,
        org_name: col(r, "org_name")?,
        name: col(r, "name")?,
        licence_no: col(r, "licence_no")?,
        firm: col(r, "firm")?,
        contract_start: col(r, "contract_start")?,
        contract_end: col(r, "contract_end")?,
        scope: col(r, "scope")?,
        user_id: col(r, "user_id")?,
        username: col(r, "username")?,
        active: flag(r, "active")?,
    })
}

/// Advisers in the actor's `LegalReviewRead` scope.
pub async fn list(app: &App, actor: &Actor) -> AppResult<Vec<Adviser>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::LegalReviewRead), "o.path", 1);
    let sql = format!("{SELECT} WHERE {cond} ORDER BY a.active DESC, a.contract_end DESC, a.id");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    q.fetch_all(&app.db.pool).await?.iter().map(row).collect()
}

/// Advisers a review of `org_id` may be assigned to on `day` (retained by the unit or above it).
pub async fn serving(app: &App, org_id: i64, day: NaiveDate) -> AppResult<Vec<Adviser>> {
    let org = load_org(app, org_id).await?;
    let sql = format!("{SELECT} WHERE a.active = TRUE AND a.contract_start <= $1 AND a.contract_end >= $1 AND $2 LIKE o.path || '%' ORDER BY a.name");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(day.to_string()).bind(org.path.as_str()).fetch_all(&app.db.pool).await?.iter().map(row).collect()
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Adviser> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE a.id = $1"))).bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("法律顾问"))?;
    let a = row(&r)?;
    let org = load_org(app, a.org_id).await?;
    if !actor.can(Permission::LegalReviewRead, &org.path) {
        return Err(DomainError::not_found("法律顾问").into());
    }
    Ok(a)
}

/// Today's legal date, for "in service" marks.
pub fn today() -> NaiveDate {
    local_date(crate::db::now())
}
