//! The catalogue (政府信息公开目录, 条例 art.12): the town's categories
//! (configurable, with a default set for a 镇 drawn from art.20 and art.21) and
//! the generated public catalogue — 索引号, 名称, 内容概述, 生成日期 of every
//! published item, browsable by category and year. Generated from the records
//! on every request, so it is always current (art.53).
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use serde::Serialize;

use super::publication::PUBLIC_WHERE;
use super::{When, load_town};
use crate::db::{col, flag};
use crate::error::AppResult;
use crate::kernel::{App, Change, Write};

/// The default categories of a 镇: (code, name, what goes in it, with the article).
pub const DEFAULTS: &[(&str, &str, &str)] = &[
    ("01", "机构职能", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名（第二十条第二项）"),
    ("02", "政策文件", "规范性文件及其他政策文件、政策解读（第二十条第一项）"),
    ("03", "规划计划", "经济社会发展规划、专项规划及相关政策，年度工作计划（第二十条第三项）"),
    ("04", "财政预决算", "财政预算、决算信息，“三公”经费（第二十条第七项）"),
    ("05", "农业农村", "贯彻落实农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、筹资筹劳（第二十一条）"),
    ("06", "社会救助（低保、特困）", "最低生活保障、特困人员供养、临时救助等社会救助（第二十条第十一项、第二十一条）"),
    ("07", "土地征收", "土地征收、房屋征收及其补偿、补助费用的发放和使用情况（第二十一条）"),
    ("08", "宅基地审核", "农村宅基地使用情况审核、审批结果（第二十一条）"),
    ("09", "政务服务", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果（第二十条第五项）"),
    ("10", "行政执法", "行政处罚、行政强制的依据、条件、程序和执法公示信息（第二十条第六项）"),
    ("11", "法治政府建设", "法治政府建设年度报告、重大行政决策事项目录、权责清单"),
    ("12", "其他", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息（第二十条第十五项）"),
];

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: i64,
    pub town_id: i64,
    pub code: String,
    pub name: String,
    pub basis: Option<String>,
    pub sort_order: i64,
    pub active: bool,
}

impl Category {
    pub fn basis_text(&self) -> &str {
        self.basis.as_deref().unwrap_or("")
    }
}

fn category(r: &sqlx::any::AnyRow) -> AppResult<Category> {
    Ok(Category {
        id: col(r, "id")?,
        town_id: col(r, "town_id")?,
        code: col(r, "code")?,
        name: col(r, "name")?,
        basis: col(r, "basis")?,
        sort_order: col(r, "sort_order")?,
        active: flag(r, "active")?,
    })
}

/// Inserts the default categories when the town has none (inside the caller's write).
pub async fn ensure_defaults_in(w: &mut Write<'_>, town_id: i64, when: When) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disclosure_category WHERE town_id = $1").bind(town_id).fetch_one(w.conn()).await?;
    if n > 0 {
        return Ok(false);
    }
    for (i, (code, name, basis)) in DEFAULTS.iter().enumerate() {
        sqlx::query("INSERT INTO disclosure_category (town_id, code, name, basis, sort_order, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6)")
            .bind(town_id)
            .bind(*code)
            .bind(*name)
            .bind(*basis)
            .bind((i as i64 + 1) * 10)
            .bind(when.text())
            .execute(w.conn())
            .await?;
    }
    w.record(Change::action("catalogue_defaults", "disclosure_category", town_id, &serde_json::json!({"town_id": town_id, "categories": DEFAULTS.iter().map(|d| d.1).collect::<Vec<_>>()})));
    Ok(true)
}

/// Loads the default set for a town that has no categories yet.
pub async fn load_defaults(app: &App, actor: &Actor, town_id: i64) -> AppResult<bool> {
    let town = load_town(app, town_id).await?;
    let mut w = Write::begin(app, actor, Permission::DisclosureEdit, &town).await?;
    if !ensure_defaults_in(&mut w, town.id, When::now()).await? {
        return Err(DomainError::conflict("本镇已有目录分类，无需载入默认分类").into());
    }
    w.commit().await?;
    Ok(true)
}

/// Every category of a town (inactive ones too), in display order.
pub async fn list(app: &App, town_id: i64) -> AppResult<Vec<Category>> {
    sqlx::query("SELECT id, town_id, code, name, basis, sort_order, CASE WHEN active THEN 1 ELSE 0 END AS active FROM disclosure_category WHERE town_id = $1 ORDER BY sort_order, code")
        .bind(town_id)
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(category)
        .collect()
}

/// A category form: create (no id) or update.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct CategoryForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub sort_order: String,
    /// "1" when active (a checkbox).
    #[serde(default)]
    pub active: Option<String>,
}

pub async fn save(app: &App, actor: &Actor, town_id: i64, id: Option<i64>, f: &CategoryForm) -> AppResult<i64> {
    let town = load_town(app, town_id).await?;
    actor.require(Permission::DisclosureEdit, &town.path)?;
    let code = form::required_text("code", "分类代码", &f.code, 8)?;
    if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(DomainError::invalid("code", "「分类代码」只能由字母和数字组成，如 06").into());
    }
    let name = form::required_text("name", "分类名称", &f.name, 30)?;
    let basis = form::optional_text("basis", "公开内容及依据", &f.basis, 200)?;
    let sort = if f.sort_order.trim().is_empty() { 100 } else { form::integer("sort_order", "排序", &f.sort_order, 0, 9999)? };
    let active = id.is_none() || f.active.as_deref().is_some_and(|v| !v.is_empty() && v != "0");
    let now = When::now().text();
    let mut w = Write::begin(app, actor, Permission::DisclosureEdit, &town).await?;
    let after = serde_json::json!({"code": code, "name": name, "basis": basis, "sort_order": sort, "active": active});
    let id = match id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO disclosure_category (town_id, code, name, basis, sort_order, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6) RETURNING id",
            )
            .bind(town.id)
            .bind(&code)
            .bind(&name)
            .bind(&basis)
            .bind(sort)
            .bind(&now)
            .fetch_one(w.conn())
            .await
            .map_err(|e| match crate::error::AppError::from(e) {
                crate::error::AppError::Domain(DomainError::Conflict { .. }) => DomainError::invalid("code", "「分类代码」已被本镇其他分类使用").into(),
                o => o,
            })?;
            w.record(Change::create("disclosure_category", id, &after));
            id
        }
        Some(id) => {
            let r = sqlx::query("SELECT id, town_id, code, name, basis, sort_order, CASE WHEN active THEN 1 ELSE 0 END AS active FROM disclosure_category WHERE id = $1 AND town_id = $2")
                .bind(id)
                .bind(town.id)
                .fetch_optional(w.conn())
                .await?
                .ok_or_else(|| DomainError::not_found("目录分类"))?;
            let before = category(&r)?;
            sqlx::query("UPDATE disclosure_category SET code = $1, name = $2, basis = $3, sort_order = $4, active = $5, updated_at = $6 WHERE id = $7")
                .bind(&code)
                .bind(&name)
                .bind(&basis)
                .bind(sort)
                .bind(active)
                .bind(&now)
                .bind(id)
                .execute(w.conn())
                .await
                .map_err(|e| match crate::error::AppError::from(e) {
                    crate::error::AppError::Domain(DomainError::Conflict { .. }) => DomainError::invalid("code", "「分类代码」已被本镇其他分类使用").into(),
                    o => o,
                })?;
            w.record(Change::update("disclosure_category", id, &before, &after));
            id
        }
    };
    w.commit().await?;
    Ok(id)
}

/// A category on the portal with the number of items published in it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicCategory {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub basis: String,
    pub count: i64,
}

/// Adds `delta` published items to a town's (category, year) count, inside
/// the publish or withdraw write (so the counts never drift from the items).
pub(crate) async fn count_in(w: &mut Write<'_>, town_id: i64, category_id: i64, formed_on: &str, delta: i64) -> AppResult<()> {
    let year: String = formed_on.chars().take(4).collect();
    sqlx::query(
        "INSERT INTO disclosure_catalogue_count (town_id, category_id, year, n) VALUES ($1, $2, $3, $4)
         ON CONFLICT (town_id, category_id, year) DO UPDATE SET n = disclosure_catalogue_count.n + excluded.n",
    )
    .bind(town_id)
    .bind(category_id)
    .bind(year)
    .bind(delta)
    .execute(w.conn())
    .await?;
    Ok(())
}

/// Takes an item out of the counts if it is public now (before it is
/// withdrawn or replaced by a newer published version).
pub(crate) async fn uncount_in(w: &mut Write<'_>, item_id: i64) -> AppResult<()> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT i.org_id, i.published_category_id, i.published_formed_on FROM disclosure_item i WHERE i.id = $1 AND {PUBLIC_WHERE}")))
        .bind(item_id)
        .fetch_optional(w.conn())
        .await?;
    if let Some(r) = r
        && let (Some(cat), Some(formed)) = (col::<Option<i64>>(&r, "published_category_id")?, col::<Option<String>>(&r, "published_formed_on")?)
    {
        count_in(w, col(&r, "org_id")?, cat, &formed, -1).await?;
    }
    Ok(())
}

/// Active categories, plus retired ones that still hold published items,
/// with their counts (from the maintained counts, not by counting items).
pub async fn public_categories(app: &App, town_id: i64) -> AppResult<Vec<PublicCategory>> {
    Ok(public_index(app, town_id).await?.0)
}

/// The years (of 生成日期) that hold published items, newest first.
pub async fn public_years(app: &App, town_id: i64) -> AppResult<Vec<String>> {
    Ok(public_index(app, town_id).await?.1)
}

/// The catalogue's categories with their counts and its years, in one query
/// over the categories and their (category, year) counts.
pub async fn public_index(app: &App, town_id: i64) -> AppResult<(Vec<PublicCategory>, Vec<String>)> {
    let rows = sqlx::query(
        "SELECT c.id, c.code, c.name, c.basis, CASE WHEN c.active THEN 1 ELSE 0 END AS active, k.year, k.n
         FROM disclosure_category c LEFT JOIN disclosure_catalogue_count k ON k.town_id = c.town_id AND k.category_id = c.id AND k.n > 0
         WHERE c.town_id = $1 ORDER BY c.sort_order, c.code, k.year",
    )
    .bind(town_id)
    .fetch_all(&app.db.pool)
    .await?;
    let mut cats: Vec<(PublicCategory, bool)> = Vec::new();
    let mut years = std::collections::BTreeSet::new();
    for r in &rows {
        let id: i64 = col(r, "id")?;
        if cats.last().is_none_or(|(c, _)| c.id != id) {
            let basis = col::<Option<String>>(r, "basis")?.unwrap_or_default();
            cats.push((PublicCategory { id, code: col(r, "code")?, name: col(r, "name")?, basis, count: 0 }, flag(r, "active")?));
        }
        if let Some(year) = col::<Option<String>>(r, "year")? {
            let n: i64 = col(r, "n")?;
            cats.last_mut().expect("pushed above").0.count += n;
            years.insert(year);
        }
    }
    let cats = cats.into_iter().filter(|(c, active)| *active || c.count > 0).map(|(c, _)| c).collect();
    Ok((cats, years.into_iter().rev().collect()))
}

/// One catalogue entry (the art.12 fields, plus what a reader needs to open it).
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: i64,
    pub town_code: String,
    pub town_name: String,
    pub index_no: String,
    pub title: String,
    pub summary: String,
    /// 生成日期.
    pub formed_on: String,
    pub doc_no: Option<String>,
    pub issuer: String,
    pub category_code: String,
    pub category: String,
    pub version: i64,
    pub published_at: String,
    pub url: String,
}

impl Entry {
    pub fn index_parts(&self) -> (&str, &str) {
        super::split_index(&self.index_no)
    }
    pub fn published_on(&self) -> String {
        super::local_date(&self.published_at)
    }
}

/// What the catalogue is filtered by.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// None = every town (API).
    pub town_id: Option<i64>,
    pub category_id: Option<i64>,
    /// A 4-digit year of the 生成日期.
    pub year: Option<String>,
    /// Cursor from a previous page.
    pub after: Option<String>,
    pub limit: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub entries: Vec<Entry>,
    pub next: Option<String>,
}

pub(crate) fn entry_from_row(r: &sqlx::any::AnyRow) -> AppResult<Entry> {
    let id: i64 = col(r, "id")?;
    let town_code: String = col(r, "town_code")?;
    Ok(Entry {
        url: format!("/portal/{town_code}/disclosure/items/{id}"),
        id,
        town_code,
        town_name: col(r, "town_name")?,
        index_no: col(r, "index_no")?,
        title: col(r, "title")?,
        summary: col(r, "summary_public")?,
        formed_on: col(r, "formed_on")?,
        doc_no: col(r, "doc_no")?,
        issuer: col(r, "issuer")?,
        category_code: col(r, "category_code")?,
        category: col(r, "category")?,
        version: col(r, "version")?,
        published_at: col(r, "last_published_at")?,
    })
}

pub(crate) const ENTRY_COLUMNS: &str = "i.id, o.code AS town_code, o.name AS town_name, i.index_no, v.title, v.summary_public, v.formed_on, v.doc_no, v.issuer,
        c.code AS category_code, c.name AS category, v.version, i.last_published_at";

/// The catalogue's rows: the item's copies of its public version's category
/// and 生成日期 drive the filter and the order (indexed, see migration 0006).
const CATALOGUE_JOIN: &str = "disclosure_item i JOIN disclosure_version v ON v.item_id = i.id AND v.version = i.published_version
     JOIN disclosure_category c ON c.id = i.published_category_id JOIN org_unit o ON o.id = i.org_id";

/// One page of the public catalogue: newest 生成日期 first, keyset-paginated
/// (`after` = the last row's 生成日期 and id), one query whatever the page.
pub async fn page(app: &App, q: &Query) -> AppResult<Page> {
    super::publication::release_due(app, When::now()).await?;
    let limit = q.limit.clamp(1, 200);
    enum Bind {
        Text(String),
        Int(i64),
    }
    // The town first: it is the leading column of the catalogue indexes.
    let mut conds = Vec::new();
    let mut binds: Vec<Bind> = Vec::new();
    if let Some(t) = q.town_id {
        binds.push(Bind::Int(t));
        conds.push(format!("i.org_id = ${}", binds.len()));
    }
    if let Some(c) = q.category_id {
        binds.push(Bind::Int(c));
        conds.push(format!("i.published_category_id = ${}", binds.len()));
    }
    conds.push(PUBLIC_WHERE.to_string());
    if let Some(y) = &q.year {
        let year: i32 = match y.parse() {
            Ok(n) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => return Err(DomainError::invalid("year", "「年度」应为四位数字，如 2021").into()),
        };
        // A range, not SUBSTR(…) = year, so the index serves it.
        binds.push(Bind::Text(format!("{year:04}-01-01")));
        binds.push(Bind::Text(format!("{:04}-01-01", year + 1)));
        let n = binds.len();
        conds.push(format!("i.published_formed_on >= ${} AND i.published_formed_on < ${n}", n - 1));
    }
    if let Some(after) = &q.after {
        let bad = || DomainError::invalid("after", "翻页参数无效，请从第一页重新查看");
        let (d, id) = after.split_once('_').ok_or_else(bad)?;
        let id: i64 = id.parse().map_err(|_| bad())?;
        form::date("after", "翻页参数", d).map_err(|_| bad())?;
        binds.push(Bind::Text(d.to_string()));
        binds.push(Bind::Int(id));
        let n = binds.len();
        conds.push(format!("i.published_formed_on <= ${} AND (i.published_formed_on < ${} OR i.id < ${n})", n - 1, n - 1));
    }
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM {CATALOGUE_JOIN} WHERE {} ORDER BY i.published_formed_on DESC, i.id DESC LIMIT {}", conds.join(" AND "), limit + 1);
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in binds {
        query = match b {
            Bind::Text(s) => query.bind(s),
            Bind::Int(i) => query.bind(i),
        };
    }
    let rows = query.fetch_all(&app.db.pool).await?;
    let mut entries: Vec<Entry> = rows.iter().take(limit as usize).map(entry_from_row).collect::<AppResult<_>>()?;
    let next = if rows.len() as i64 > limit { entries.last().map(|e| format!("{}_{}", e.formed_on, e.id)) } else { None };
    entries.truncate(limit as usize);
    Ok(Page { entries, next })
}
