//! The one list mechanism every module reuses: a `ListSpec` declares columns,
//! filters, the scope column and the default sort; `fetch` returns one page
//! (keyset pagination on (sort value, id) — no OFFSET, so page 5,000 costs what
//! page 1 costs), `count` sizes it, and `for_each_batch` walks everything in
//! batches for exports. Queries are always limited to the caller's scope.
use std::collections::BTreeMap;

use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use serde::{Deserialize, Serialize};

use crate::db::col;
use crate::error::{AppError, AppResult};
use crate::kernel::{App, scope_sql};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    Text,
    Int,
}

pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
    /// SQL expression over the spec's FROM clause.
    pub sql: &'static str,
    pub kind: ColKind,
    pub sortable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOp {
    Eq,
    Contains,
    From,
    To,
    /// Exact search of a protected value: the typed value is normalized and
    /// indexed (`personal::index_of`) and compared to the filter's `*_idx`
    /// column, so "search by 身份证号" uses the index and never decrypts.
    BlindIndex(crate::platform::personal::Kind),
}

pub struct Filter {
    pub key: &'static str,
    pub label: &'static str,
    pub sql: &'static str,
    pub op: FilterOp,
    /// Choices for a select box (value, label); empty = free text / date.
    pub options: &'static [(&'static str, &'static str)],
}

pub struct ListSpec {
    pub name: &'static str,
    pub title: &'static str,
    pub from: &'static str,
    pub id_sql: &'static str,
    /// Rows are limited to the subtrees where the caller holds this permission.
    pub perm: Permission,
    pub scope_col: &'static str,
    /// Extra fixed condition ("" for none).
    pub fixed_where: &'static str,
    /// For grid records: the building id column, so that a 楼栋长 sees only
    /// the buildings they steward (`grid::scope`); "" for every other list.
    pub building_col: &'static str,
    pub columns: &'static [Column],
    pub filters: &'static [Filter],
    pub default_sort: &'static str,
    pub default_desc: bool,
    /// Detail link for a row: the prefix before the id (e.g. "/console/todo/"), or "".
    pub link_prefix: &'static str,
    /// Columns whose SQL yields a protected value's ciphertext (`*_enc`): every
    /// page, JSON list and export shows them decrypted and masked, never in
    /// full (SQL cannot mask a ciphertext). `&[]` for lists without personal data.
    pub personal: &'static [(&'static str, crate::platform::personal::Kind)],
}

/// What the caller asked for, parsed from query parameters (`f_<key>`, `sort`, `dir`, `after`, `limit`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ListQuery {
    pub filters: BTreeMap<String, String>,
    pub sort: Option<String>,
    pub desc: Option<bool>,
    pub after: Option<String>,
    pub limit: Option<i64>,
}

impl ListQuery {
    pub fn from_params(params: &BTreeMap<String, String>) -> ListQuery {
        let mut q = ListQuery::default();
        for (k, v) in params {
            if let Some(f) = k.strip_prefix("f_")
                && !v.trim().is_empty()
            {
                q.filters.insert(f.to_string(), v.trim().to_string());
            }
        }
        q.sort = params.get("sort").filter(|s| !s.is_empty()).cloned();
        q.desc = params.get("dir").map(|d| d == "desc");
        q.after = params.get("after").filter(|s| !s.is_empty()).cloned();
        q.limit = params.get("limit").and_then(|l| l.parse().ok());
        q
    }

    /// The query string that reproduces this list (without the cursor).
    pub fn to_params(&self) -> String {
        let mut parts: Vec<String> = self.filters.iter().map(|(k, v)| format!("f_{k}={}", enc(v))).collect();
        if let Some(s) = &self.sort {
            parts.push(format!("sort={}", enc(s)));
        }
        if let Some(d) = self.desc {
            parts.push(format!("dir={}", if d { "desc" } else { "asc" }));
        }
        parts.join("&")
    }
}

pub fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct ListRow {
    pub id: i64,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    /// Cursor of the next page, if any.
    pub next: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    v: serde_json::Value,
    id: i64,
}

enum Bind {
    Text(String),
    Int(i64),
}

struct Built {
    sql: String,
    binds: Vec<Bind>,
}

impl ListSpec {
    fn sort_column(&self, q: &ListQuery) -> AppResult<&Column> {
        let key = q.sort.as_deref().unwrap_or(self.default_sort);
        self.columns
            .iter()
            .find(|c| c.key == key && (c.sortable || key == self.default_sort))
            .ok_or_else(|| AppError::from(DomainError::invalid("sort", "不能按该列排序")))
    }

    fn sort_expr(c: &Column) -> String {
        match c.kind {
            ColKind::Text => format!("COALESCE(CAST({} AS TEXT), '')", c.sql),
            ColKind::Int => format!("COALESCE({}, 0)", c.sql),
        }
    }

    /// WHERE clause shared by page, count and export.
    fn conditions(&self, app: &App, actor: &Actor, q: &ListQuery, binds: &mut Vec<Bind>) -> AppResult<Vec<String>> {
        let (scope, params) = if self.building_col.is_empty() {
            scope_sql(&actor.scope(self.perm), self.scope_col, binds.len() + 1)
        } else {
            crate::grid::scope::scope_condition(actor, self.perm, self.scope_col, self.building_col, binds.len() + 1)
        };
        binds.extend(params.into_iter().map(Bind::Text));
        let mut conds = vec![scope];
        if !self.fixed_where.is_empty() {
            conds.push(format!("({})", self.fixed_where));
        }
        for (key, value) in &q.filters {
            let f = self.filters.iter().find(|f| f.key == key).ok_or_else(|| AppError::from(DomainError::invalid(key, "未知的筛选条件")))?;
            if !f.options.is_empty() && !f.options.iter().any(|(v, _)| v == value) {
                return Err(DomainError::invalid(key, format!("「{}」的取值不正确", f.label)).into());
            }
            if matches!(f.op, FilterOp::From | FilterOp::To) {
                fazhi_core::form::date(key, f.label, value)?;
            }
            if let FilterOp::BlindIndex(kind) = f.op {
                kind.parse(key, value).map_err(|e| DomainError::invalid(key, format!("按{}查找：{e}", f.label)))?;
                let idx = crate::platform::personal::index_of(app, kind, value).ok_or_else(|| DomainError::invalid(key, format!("「{}」的格式不正确", f.label)))?;
                let n = binds.len() + 1;
                conds.push(format!("{} = ${n}", f.sql));
                binds.push(Bind::Text(idx));
                continue;
            }
            let n = binds.len() + 1;
            let (cond, bind) = match f.op {
                FilterOp::Eq => (format!("CAST({} AS TEXT) = ${n}", f.sql), value.clone()),
                FilterOp::Contains => {
                    let v = value.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                    (format!("{} LIKE ${n} ESCAPE '\\'", f.sql), format!("%{v}%"))
                }
                FilterOp::From => (format!("{} >= ${n}", f.sql), value.clone()),
                // Dates and instants are text: everything on the day is "<= day + 1 char".
                FilterOp::To => (format!("{} < ${n}", f.sql), format!("{value}~")),
                FilterOp::BlindIndex(_) => unreachable!("handled above"),
            };
            conds.push(cond);
            binds.push(Bind::Text(bind));
        }
        Ok(conds)
    }

    fn build_page(&self, app: &App, actor: &Actor, q: &ListQuery, limit: i64) -> AppResult<Built> {
        let sort = self.sort_column(q)?;
        let desc = q.desc.unwrap_or(if q.sort.is_none() { self.default_desc } else { false });
        let sort_sql = Self::sort_expr(sort);
        let mut binds = Vec::new();
        let mut conds = self.conditions(app, actor, q, &mut binds)?;
        if let Some(after) = &q.after {
            let c: Cursor = hex::decode(after)
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .ok_or_else(|| AppError::from(DomainError::invalid("after", "翻页参数无效，请从第一页重新查看")))?;
            let op = if desc { "<" } else { ">" };
            let n = binds.len() + 1;
            conds.push(format!("({sort_sql} {op} ${n} OR ({sort_sql} = ${n} AND {} {op} ${}))", self.id_sql, n + 1));
            binds.push(match sort.kind {
                ColKind::Int => Bind::Int(c.v.as_i64().unwrap_or(0)),
                ColKind::Text => Bind::Text(c.v.as_str().unwrap_or("").to_string()),
            });
            binds.push(Bind::Int(c.id));
        }
        let cols: Vec<String> = self.columns.iter().enumerate().map(|(i, c)| format!("CAST({} AS TEXT) AS c{i}", c.sql)).collect();
        let dir = if desc { "DESC" } else { "ASC" };
        let sort_sel = match sort.kind {
            ColKind::Int => format!("CAST({sort_sql} AS BIGINT)"),
            ColKind::Text => sort_sql.clone(),
        };
        let sql = format!(
            "SELECT {id} AS row_id, {sort_sel} AS sort_value, {cols} FROM {from} WHERE {conds} ORDER BY {sort_sql} {dir}, {id} {dir} LIMIT {limit}",
            id = self.id_sql,
            cols = cols.join(", "),
            from = self.from,
            conds = conds.join(" AND "),
        );
        Ok(Built { sql, binds })
    }
}

async fn run(app: &App, b: Built) -> AppResult<Vec<sqlx::any::AnyRow>> {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(b.sql));
    for v in b.binds {
        q = match v {
            Bind::Text(s) => q.bind(s),
            Bind::Int(i) => q.bind(i),
        };
    }
    Ok(q.fetch_all(&app.db.pool).await?)
}

/// One page of the list.
pub async fn fetch(app: &App, actor: &Actor, spec: &ListSpec, q: &ListQuery) -> AppResult<ListPage> {
    let limit = q.limit.unwrap_or(50).clamp(1, 1000);
    let sort = spec.sort_column(q)?;
    let rows = run(app, spec.build_page(app, actor, q, limit + 1)?).await?;
    let personal: Vec<(usize, crate::platform::personal::Kind)> =
        spec.personal.iter().filter_map(|(key, kind)| spec.columns.iter().position(|c| c.key == *key).map(|i| (i, *kind))).collect();
    let mut out = Vec::with_capacity(rows.len());
    let mut last_sort = serde_json::Value::Null;
    for r in rows.iter().take(limit as usize) {
        let mut cells: Vec<String> = (0..spec.columns.len()).map(|i| col::<Option<String>>(r, &format!("c{i}")).map(Option::unwrap_or_default)).collect::<Result<_, _>>()?;
        for (i, kind) in &personal {
            cells[*i] = crate::platform::personal::masked(app, *kind, Some(&cells[*i])).unwrap_or_default();
        }
        last_sort = match sort.kind {
            ColKind::Int => serde_json::Value::from(col::<i64>(r, "sort_value")?),
            ColKind::Text => serde_json::Value::from(col::<String>(r, "sort_value")?),
        };
        out.push(ListRow { id: col(r, "row_id")?, cells });
    }
    let next = if rows.len() as i64 > limit {
        out.last().map(|l| hex::encode(serde_json::to_vec(&Cursor { v: last_sort.clone(), id: l.id }).unwrap_or_default()))
    } else {
        None
    };
    Ok(ListPage { rows: out, next })
}

/// Rows a list page counts at most: beyond it the page says "10000+". Counting
/// a million residents to print the number took a hundred times longer than
/// fetching the page itself (BENCHMARKS.md, "Grid (M10)").
pub const PAGE_COUNT_CAP: i64 = 10_000;

/// How many rows match, counted up to a cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    /// The count, or the cap when there are more.
    pub n: i64,
    /// There are more than `n`.
    pub more: bool,
}

impl std::fmt::Display for Total {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.more { write!(f, "{}+", self.n) } else { write!(f, "{}", self.n) }
    }
}

/// Counts the rows of `q` up to `cap` (reads at most `cap + 1` of them).
pub async fn count(app: &App, actor: &Actor, spec: &ListSpec, q: &ListQuery, cap: i64) -> AppResult<Total> {
    let mut binds = Vec::new();
    let conds = spec.conditions(app, actor, q, &mut binds)?;
    let sql = format!("SELECT COUNT(*) FROM (SELECT 1 FROM {} WHERE {} LIMIT {}) AS counted", spec.from, conds.join(" AND "), cap.max(0) + 1);
    let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
    for v in binds {
        query = match v {
            Bind::Text(s) => query.bind(s),
            Bind::Int(i) => query.bind(i),
        };
    }
    let n = query.fetch_one(&app.db.pool).await?;
    Ok(if n > cap { Total { n: cap, more: true } } else { Total { n, more: false } })
}

/// Walks the whole list in pages of `batch`, in the list's order, so an export
/// of a million rows holds one batch in memory at a time.
pub async fn for_each_batch<F>(app: &App, actor: &Actor, spec: &ListSpec, q: &ListQuery, batch: i64, mut f: F) -> AppResult<u64>
where
    F: FnMut(&[ListRow]) -> AppResult<()>,
{
    let mut q = q.clone();
    q.after = None;
    q.limit = Some(batch);
    let mut total = 0;
    loop {
        let page = fetch(app, actor, spec, &q).await?;
        f(&page.rows)?;
        total += page.rows.len() as u64;
        match page.next {
            Some(n) => q.after = Some(n),
            None => return Ok(total),
        }
    }
}
