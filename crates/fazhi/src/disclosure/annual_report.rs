//! The annual disclosure report (政府信息公开工作年度报告, 条例 art.49–50, in the
//! 国办公开办函〔2021〕30号 format). Tables 三 and 四 are computed from the request
//! records every time they are shown and again at approval and publication, so a
//! published table can never drift from the ledger; a table that fails a
//! cross-footing rule cannot be approved or published, and the page names the
//! cell. Table 二 cells no module supplies yet are 手工填报. The report is drafted
//! by the 公开工作机构, approved by a leader who did not draft it, then published.
use chrono::Datelike;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::disclosure::report::{self as rules, CellValue, Column, Table2, Table2Item, Table3, Table3Row, Table4, Table4Part};
use serde::{Deserialize, Serialize};

use crate::db::{col, now_text};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, OrgRef, Write};
use crate::platform::docx::{Block, Doc};

pub const ENTITY: &str = "disclosure_annual_report";

/// The editable sections, with their printed headings.
pub const SECTIONS: [(&str, &str); 3] = [("overview", "一、总体情况"), ("problems", "五、存在的主要问题及改进情况"), ("other", "六、其他需要报告的事项")];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub key: String,
    pub title: String,
    pub text: String,
}

/// One block of Table 二 (第二十条第（x）项) as printed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Table2Out {
    pub heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<Table2Line>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Table2Line {
    pub label: String,
    /// (item code, printed value or "", manual)
    pub cells: Vec<(String, String, bool)>,
}

/// Everything the report shows, as plain owned data: rendered for drafts,
/// stored as the snapshot of what was published.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportBody {
    pub year: i32,
    pub town: String,
    pub sections: Vec<Section>,
    pub table2: Vec<Table2Out>,
    pub table3_columns: Vec<String>,
    pub table3: Vec<(String, Vec<u32>)>,
    pub table4: Vec<(String, Vec<u32>)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub id: i64,
    pub town_id: i64,
    pub year: i32,
    pub status: String,
    pub body: ReportBody,
    /// Broken cross-footing rules, each naming its cell.
    pub breaks: Vec<String>,
    /// 手工填报 cells still empty.
    pub missing: Vec<String>,
    pub approved: bool,
    pub published_at: Option<String>,
}

impl ReportView {
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "published" => "已发布",
            "approved" => "已审核待发布",
            _ => "草稿",
        }
    }
    pub fn ready(&self) -> bool {
        self.breaks.is_empty() && self.missing.is_empty()
    }
}

/// Instants are stored in UTC; a report year is a year in China (UTC+8).
fn year_bounds(year: i32) -> (String, String) {
    (format!("{}-12-31T16:00:00", year - 1), format!("{year}-12-31T16:00:00"))
}

async fn load_town(app: &App, town_id: i64) -> AppResult<OrgRef> {
    crate::disclosure::load_town(app, town_id).await
}

async fn tables(app: &App, town_id: i64, year: i32) -> AppResult<(Table3, Table4)> {
    let summaries = crate::disclosure::requests::summaries_for_year(app, town_id, year).await?;
    let cases = crate::disclosure::requests::review_cases(app, town_id, year).await?;
    Ok((Table3::compute(year, &summaries), Table4::compute(year, &cases)))
}

/// Draft text of 一、总体情况 from the year's records; staff edit it afterwards.
async fn draft_overview(app: &App, town: &OrgRef, year: i32, t3: &Table3) -> AppResult<String> {
    let (from, to) = year_bounds(year);
    let rows = sqlx::query(
        "SELECT c.name, COUNT(*) AS n FROM disclosure_item i JOIN disclosure_category c ON c.id = i.category_id
         WHERE i.org_id = $1 AND i.first_published_at >= $2 AND i.first_published_at < $3 GROUP BY c.name, c.sort_order ORDER BY c.sort_order",
    )
    .bind(town.id)
    .bind(&from)
    .bind(&to)
    .fetch_all(&app.db.pool)
    .await?;
    let mut total = 0i64;
    let mut parts = Vec::new();
    for r in &rows {
        let n: i64 = col(r, "n")?;
        total += n;
        parts.push(format!("{}{}条", col::<String>(r, "name")?, n));
    }
    let reviews: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM disclosure_review r JOIN disclosure_item i ON i.id = r.item_id WHERE i.org_id = $1 AND r.reviewed_on >= $2 AND r.reviewed_on < $3",
    )
    .bind(town.id)
    .bind(format!("{year}-01-01"))
    .bind(format!("{}-01-01", year + 1))
    .fetch_one(&app.db.pool)
    .await?;
    let total_col = Column::ALL[Column::ALL.len() - 1];
    let got = |row| t3.get(row, total_col);
    let by_cat = if parts.is_empty() { String::new() } else { format!("，其中{}", parts.join("、")) };
    Ok(format!(
        "（一）主动公开。{year}年，{name}坚持以公开为常态、不公开为例外，通过政府信息公开专栏主动公开政府信息{total}条{by_cat}。\n\n\
         （二）依申请公开。{year}年共收到政府信息公开申请{new}件，上年结转{old}件，本年度办结{done}件，结转下年度继续办理{next}件。\n\n\
         （三）政府信息管理。严格落实公开前保密审查制度，全年开展保密审查{reviews}次；对不予公开的信息定期评估，情势变化的及时公开。\n\n\
         （四）平台建设。依托法治政府建设工作平台建设政府信息公开专栏，政府信息公开指南和公开目录随信息发布实时更新。\n\n\
         （五）监督保障。将政务公开工作纳入年度工作考核，党政办负责日常工作，司法所负责保密审查，接受群众和上级部门监督。",
        name = town.name,
        new = got(Table3Row::NewlyReceived),
        old = got(Table3Row::CarriedOver),
        done = got(Table3Row::ResultTotal),
        next = got(Table3Row::CarriedForward),
    ))
}

fn default_text(key: &str) -> String {
    match key {
        "problems" => "（请填写本年度政务公开工作存在的主要问题，以及上一年度问题的整改情况和下一步改进措施。）".into(),
        "other" => "本年度未收取信息处理费。".into(),
        _ => String::new(),
    }
}

#[derive(Serialize, Deserialize, Default)]
struct Stored {
    sections: Vec<(String, String)>,
    table2: Vec<(Table2Item, CellValue)>,
}

fn table2_of(year: i32, manual: &[(Table2Item, CellValue)]) -> AppResult<Table2> {
    // No module yet supplies 规范性文件, 许可, 处罚, 强制 or 收费 counts: all 手工填报.
    let mut t = Table2::build(year, &[]).map_err(|e| AppError::Domain(e.into()))?;
    for (item, v) in manual {
        t.fill(*item, *v).map_err(|e| AppError::Domain(e.into()))?;
    }
    Ok(t)
}

fn body(year: i32, town: &str, sections: Vec<Section>, t2: &Table2, t3: &Table3, t4: &Table4) -> ReportBody {
    let table2 = t2
        .blocks
        .iter()
        .map(|b| Table2Out {
            heading: b.heading.to_string(),
            columns: b.columns.iter().map(|c| c.to_string()).collect(),
            rows: b
                .rows
                .iter()
                .map(|r| Table2Line {
                    label: r.label.to_string(),
                    cells: r.cells.iter().map(|c| (item_code(c.item), c.value.map(|v| v.display()).unwrap_or_default(), c.manual)).collect(),
                })
                .collect(),
        })
        .collect();
    ReportBody {
        year,
        town: town.to_string(),
        sections,
        table2,
        table3_columns: Column::ALL.iter().map(|c| c.label()).collect(),
        table3: Table3Row::all().map(|r| (r.label(), t3.row(r).to_vec())).collect(),
        table4: Table4Part::ALL.iter().map(|p| (p.label().to_string(), t4.block(*p).cells().to_vec())).collect(),
    }
}

pub fn item_code(i: Table2Item) -> String {
    serde_json::to_value(i).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn parse_item(code: &str) -> Result<Table2Item, DomainError> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).map_err(|_| DomainError::invalid("item", "表二的单元格不存在"))
}

async fn row_of(app: &App, town_id: i64, year: i32) -> AppResult<Option<sqlx::any::AnyRow>> {
    Ok(sqlx::query("SELECT id, status, sections_json, table2_json, snapshot_json, drafted_by, approved_by, published_at FROM disclosure_annual_report WHERE town_id = $1 AND year = $2")
        .bind(town_id)
        .bind(year as i64)
        .fetch_optional(&app.db.pool)
        .await?)
}

/// The report as staff see it: live tables, current text, what blocks publication.
pub async fn view(app: &App, actor: &Actor, town_id: i64, year: i32) -> AppResult<Option<ReportView>> {
    let town = load_town(app, town_id).await?;
    actor.require(Permission::DisclosureRead, &town.path)?;
    let Some(r) = row_of(app, town_id, year).await? else { return Ok(None) };
    let stored: Stored = serde_json::from_str(&col::<String>(&r, "sections_json")?).map_err(AppError::internal)?;
    let manual: Vec<(Table2Item, CellValue)> = serde_json::from_str(&col::<String>(&r, "table2_json")?).map_err(AppError::internal)?;
    let status: String = col(&r, "status")?;
    if status == "published" {
        let snap: ReportBody = serde_json::from_str(&col::<Option<String>>(&r, "snapshot_json")?.unwrap_or_default()).map_err(AppError::internal)?;
        return Ok(Some(ReportView { id: col(&r, "id")?, town_id, year, status, body: snap, breaks: vec![], missing: vec![], approved: true, published_at: col(&r, "published_at")? }));
    }
    let (t3, t4) = tables(app, town_id, year).await?;
    let t2 = table2_of(year, &manual)?;
    let sections = SECTIONS
        .iter()
        .map(|(k, title)| Section {
            key: k.to_string(),
            title: title.to_string(),
            text: stored.sections.iter().find(|(sk, _)| sk == k).map(|(_, t)| t.clone()).unwrap_or_else(|| default_text(k)),
        })
        .collect();
    let mut breaks: Vec<String> = rules::check(&t3).iter().map(|b| b.to_string()).collect();
    breaks.extend(t4.check().iter().map(|b| b.to_string()));
    let missing = t2.missing().into_iter().map(|i| format!("表二「{}」尚未填报", i.label())).collect();
    Ok(Some(ReportView {
        id: col(&r, "id")?,
        town_id,
        year,
        status,
        body: body(year, &town.name, sections, &t2, &t3, &t4),
        breaks,
        missing,
        approved: col::<Option<i64>>(&r, "approved_by")?.is_some(),
        published_at: None,
    }))
}

/// Creates the year's draft (with 一、总体情况 drafted from the records) if there is none.
pub async fn ensure_draft(app: &App, actor: &Actor, town_id: i64, year: i32) -> AppResult<i64> {
    let town = load_town(app, town_id).await?;
    let this_year = crate::web::pages::today().year();
    if year < 2008 || year > this_year {
        return Err(DomainError::invalid("year", format!("「年度」应在 2008 到 {this_year} 之间")).into());
    }
    if let Some(r) = row_of(app, town_id, year).await? {
        actor.require(Permission::DisclosureRead, &town.path)?;
        return Ok(col(&r, "id")?);
    }
    let (t3, _) = tables(app, town_id, year).await?;
    let overview = draft_overview(app, &town, year, &t3).await?;
    let stored = Stored { sections: vec![("overview".into(), overview)], table2: vec![] };
    let mut w = Write::begin(app, actor, Permission::DisclosureEdit, &town).await?;
    let t = now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO disclosure_annual_report (town_id, year, status, sections_json, table2_json, drafted_by, created_at, updated_at) VALUES ($1, $2, 'draft', $3, '[]', $4, $5, $5) RETURNING id",
    )
    .bind(town.id)
    .bind(year as i64)
    .bind(serde_json::to_string(&stored).map_err(AppError::internal)?)
    .bind(actor.user_id)
    .bind(&t)
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create(ENTITY, id, &serde_json::json!({"town_id": town.id, "year": year})));
    w.commit().await?;
    Ok(id)
}

async fn load_for_write(app: &App, id: i64) -> AppResult<(OrgRef, i32, String, Stored, Vec<(Table2Item, CellValue)>, i64, Option<i64>)> {
    let r = sqlx::query("SELECT town_id, year, status, sections_json, table2_json, drafted_by, approved_by FROM disclosure_annual_report WHERE id = $1")
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("年度报告"))?;
    let town = load_town(app, col(&r, "town_id")?).await?;
    Ok((
        town,
        col::<i64>(&r, "year")? as i32,
        col(&r, "status")?,
        serde_json::from_str(&col::<String>(&r, "sections_json")?).map_err(AppError::internal)?,
        serde_json::from_str(&col::<String>(&r, "table2_json")?).map_err(AppError::internal)?,
        col(&r, "drafted_by")?,
        col(&r, "approved_by")?,
    ))
}

fn editable(status: &str) -> Result<(), DomainError> {
    if status == "published" {
        return Err(DomainError::refused("disclosure.report_published", "年度报告已发布，不能修改"));
    }
    Ok(())
}

/// Saves the edited text of the sections; any edit withdraws an approval.
pub async fn save_sections(app: &App, actor: &Actor, id: i64, texts: &[(String, String)]) -> AppResult<()> {
    let (town, _, status, mut stored, _, _, _) = load_for_write(app, id).await?;
    editable(&status)?;
    for (key, text) in texts {
        let Some((_, title)) = SECTIONS.iter().find(|(k, _)| k == key) else {
            return Err(DomainError::invalid(key, "报告中没有该部分").into());
        };
        let text = fazhi_core::form::optional_text(key, title, text, 20_000)?.unwrap_or_default();
        stored.sections.retain(|(k, _)| k != key);
        stored.sections.push((key.clone(), text));
    }
    let mut w = Write::begin(app, actor, Permission::DisclosureEdit, &town).await?;
    sqlx::query("UPDATE disclosure_annual_report SET sections_json = $1, status = 'draft', approved_by = NULL, approved_at = NULL, updated_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&stored).map_err(AppError::internal)?)
        .bind(now_text())
        .bind(id)
        .execute(w.conn())
        .await?;
    w.record(Change::update(ENTITY, id, &serde_json::Value::Null, &serde_json::json!({"sections": texts.iter().map(|(k, _)| k).collect::<Vec<_>>()})));
    w.commit().await
}

/// Enters a 手工填报 cell of Table 二 (counts as whole numbers; the fee in 元).
pub async fn fill_cell(app: &App, actor: &Actor, id: i64, item: &str, value: &str) -> AppResult<()> {
    let (town, year, status, _, mut manual, _, _) = load_for_write(app, id).await?;
    editable(&status)?;
    let item = parse_item(item)?;
    let v = if item == Table2Item::FeeAmount {
        let yuan: f64 = value.trim().parse().map_err(|_| DomainError::invalid("value", "「本年收费金额」应为金额（元），如 1200.50"))?;
        if !(0.0..1e12).contains(&yuan) {
            return Err(DomainError::invalid("value", "「本年收费金额」超出范围").into());
        }
        CellValue::Fen((yuan * 100.0).round() as u64)
    } else {
        CellValue::Count(fazhi_core::form::integer("value", &item.label(), value, 0, 1_000_000)? as u32)
    };
    manual.retain(|(i, _)| *i != item);
    manual.push((item, v));
    table2_of(year, &manual)?;
    let mut w = Write::begin(app, actor, Permission::DisclosureEdit, &town).await?;
    sqlx::query("UPDATE disclosure_annual_report SET table2_json = $1, status = 'draft', approved_by = NULL, approved_at = NULL, updated_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&manual).map_err(AppError::internal)?)
        .bind(now_text())
        .bind(id)
        .execute(w.conn())
        .await?;
    w.record(Change::update(ENTITY, id, &serde_json::Value::Null, &serde_json::json!({"table2": item_code(item), "value": v})));
    w.commit().await
}

/// Fails naming every blocking cell: broken invariants first, then empty 手工填报 cells.
fn gate(v: &ReportView) -> Result<(), DomainError> {
    if let Some(b) = v.breaks.first() {
        return Err(DomainError::refused("disclosure.report_invariant", format!("报表勾稽关系不成立，不能审核或发布：{b}")));
    }
    if let Some(m) = v.missing.first() {
        return Err(DomainError::refused("disclosure.report_missing", format!("报表尚未填写完整：{m}")));
    }
    Ok(())
}

/// A leader who did not draft the report approves it (审核).
pub async fn approve(app: &App, actor: &Actor, id: i64) -> AppResult<()> {
    let (town, year, status, _, _, drafted_by, _) = load_for_write(app, id).await?;
    editable(&status)?;
    if drafted_by == actor.user_id {
        return Err(DomainError::refused("disclosure.report_self_approval", "年度报告不能由起草人本人审核").into());
    }
    let v = view(app, actor, town.id, year).await?.ok_or_else(|| DomainError::not_found("年度报告"))?;
    gate(&v)?;
    let mut w = Write::begin(app, actor, Permission::DisclosureReview, &town).await?;
    sqlx::query("UPDATE disclosure_annual_report SET status = 'approved', approved_by = $1, approved_at = $2, updated_at = $2 WHERE id = $3")
        .bind(actor.user_id)
        .bind(now_text())
        .bind(id)
        .execute(w.conn())
        .await?;
    w.record(Change::action("approve", ENTITY, id, &serde_json::json!({"year": year})));
    w.commit().await
}

/// Publishes an approved report: the tables are recomputed and checked once
/// more, and exactly what is published is kept as a snapshot.
pub async fn publish(app: &App, actor: &Actor, id: i64) -> AppResult<()> {
    let (town, year, status, _, _, _, approved_by) = load_for_write(app, id).await?;
    editable(&status)?;
    if approved_by.is_none() || status != "approved" {
        return Err(DomainError::refused("disclosure.report_unapproved", "年度报告须经领导审核后才能发布").into());
    }
    let v = view(app, actor, town.id, year).await?.ok_or_else(|| DomainError::not_found("年度报告"))?;
    gate(&v)?;
    let snapshot = serde_json::to_string(&v.body).map_err(AppError::internal)?;
    let mut w = Write::begin(app, actor, Permission::DisclosurePublish, &town).await?;
    let t = now_text();
    sqlx::query("UPDATE disclosure_annual_report SET status = 'published', snapshot_json = $1, published_by = $2, published_at = $3, updated_at = $3 WHERE id = $4")
        .bind(&snapshot)
        .bind(actor.user_id)
        .bind(&t)
        .bind(id)
        .execute(w.conn())
        .await?;
    w.record(Change::action("publish", ENTITY, id, &serde_json::json!({"year": year})));
    let text = v.body.sections.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
    let title = format!("{}{}年政府信息公开工作年度报告", town.name, year);
    let url = format!("/portal/{}/disclosure/reports/{year}", town_code(app, town.id).await?);
    crate::platform::search::index_in(
        &mut w,
        crate::platform::search::SearchDoc { org_id: town.id, module: "disclosure", entity: ENTITY, entity_id: &id.to_string(), title: &title, body: &text, url: &url, is_public: true },
    )
    .await?;
    w.commit().await
}

async fn town_code(app: &App, id: i64) -> AppResult<String> {
    Ok(sqlx::query_scalar("SELECT code FROM org_unit WHERE id = $1").bind(id).fetch_one(&app.db.pool).await?)
}

/// A published report, for the portal and the public API. Nothing else is public.
pub async fn published(app: &App, town_id: i64, year: i32) -> AppResult<Option<(ReportBody, String)>> {
    let r = sqlx::query("SELECT snapshot_json, published_at FROM disclosure_annual_report WHERE town_id = $1 AND year = $2 AND status = 'published'")
        .bind(town_id)
        .bind(year as i64)
        .fetch_optional(&app.db.pool)
        .await?;
    let Some(r) = r else { return Ok(None) };
    let body: ReportBody = serde_json::from_str(&col::<Option<String>>(&r, "snapshot_json")?.unwrap_or_default()).map_err(AppError::internal)?;
    Ok(Some((body, col(&r, "published_at")?)))
}

/// Years with a published report, newest first.
pub async fn published_years(app: &App, town_id: i64) -> AppResult<Vec<i32>> {
    let ys: Vec<i64> = sqlx::query_scalar("SELECT year FROM disclosure_annual_report WHERE town_id = $1 AND status = 'published' ORDER BY year DESC").bind(town_id).fetch_all(&app.db.pool).await?;
    Ok(ys.into_iter().map(|y| y as i32).collect())
}

/// The report as a Word document in the official layout.
pub fn to_docx(b: &ReportBody) -> AppResult<Vec<u8>> {
    let mut d = Doc::new();
    d.push(Block::Title(format!("{}{}年政府信息公开工作年度报告", b.town, b.year)));
    d.push(Block::Para(format!(
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。报告中所列数据的统计期限自{0}年1月1日起至{0}年12月31日止。",
        b.year
    )));
    let section = |key: &str| b.sections.iter().find(|s| s.key == key);
    let push_section = |d: &mut Doc, key: &str| {
        if let Some(s) = section(key) {
            d.push(Block::Heading1(s.title.clone()));
            for p in s.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
                d.push(Block::Para(p.trim().to_string()));
            }
        }
    };
    push_section(&mut d, "overview");
    d.push(Block::Heading1("二、主动公开政府信息情况".into()));
    for block in &b.table2 {
        d.push(Block::Plain(block.heading.clone()));
        let rows = block.rows.iter().map(|l| std::iter::once(l.label.clone()).chain(l.cells.iter().map(|c| c.1.clone())).collect()).collect();
        d.push(Block::Table { header: block.columns.clone(), rows });
    }
    d.push(Block::Heading1("三、收到和处理政府信息公开申请情况".into()));
    d.push(Block::Plain(rules::TABLE3_CAPTION.to_string()));
    let mut header = vec!["申请人情况".to_string()];
    header.extend(b.table3_columns.iter().cloned());
    d.push(Block::Table { header, rows: b.table3.iter().map(|(l, cells)| std::iter::once(l.clone()).chain(cells.iter().map(|c| c.to_string())).collect()).collect() });
    d.push(Block::Heading1("四、政府信息公开行政复议、行政诉讼情况".into()));
    let mut header = vec!["类别".to_string()];
    header.extend(Table4::CELL_LABELS.iter().map(|s| s.to_string()));
    d.push(Block::Table { header, rows: b.table4.iter().map(|(l, cells)| std::iter::once(l.clone()).chain(cells.iter().map(|c| c.to_string())).collect()).collect() });
    push_section(&mut d, "problems");
    push_section(&mut d, "other");
    d.to_bytes()
}

/// Demo: 西联镇's 2021 report drafted from the demo records, 表二 filled in,
/// approved by the leader and published; the previous year's report left as a
/// draft so the console shows one in progress.
pub mod demo {
    use fazhi_core::disclosure::report::Table2Item;

    use super::{approve, ensure_draft, fill_cell, item_code, publish};
    use crate::error::AppResult;
    use crate::kernel::{App, load_actor};

    async fn actor(app: &App, username: &str) -> AppResult<fazhi_core::access::Actor> {
        let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&app.db.pool).await?;
        Ok(load_actor(app, id).await?.expect("demo account"))
    }

    pub async fn load(app: &App) -> AppResult<()> {
        let town: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = '440203103'").fetch_one(&app.db.pool).await?;
        let office = actor(app, "xilian-office").await?;
        let leader = actor(app, "xilian-leader").await?;
        let id = ensure_draft(app, &office, town, 2021).await?;
        // A 镇 makes no 规章; its 规范性文件, 许可, 处罚, 强制 and 收费 figures come from the
        // 2021 ledgers kept outside the platform (demo values).
        for (item, v) in [
            (Table2Item::RulesMade, "0"),
            (Table2Item::RulesRepealed, "0"),
            (Table2Item::RulesInForce, "0"),
            (Table2Item::NormativeDocsMade, "0"),
            (Table2Item::NormativeDocsRepealed, "0"),
            (Table2Item::NormativeDocsInForce, "0"),
            (Table2Item::Licensing, "0"),
            (Table2Item::Penalty, "6"),
            (Table2Item::Coercion, "0"),
            (Table2Item::FeeAmount, "0"),
        ] {
            fill_cell(app, &office, id, &item_code(item), v).await?;
        }
        super::save_sections(
            app,
            &office,
            id,
            &[(
                "problems".into(),
                "2021年，我镇政务公开工作取得一定成效，但仍存在以下不足：一是公开内容还不够丰富，部分村务信息更新不及时；二是解读回应工作有待加强。\n\n下一步，我镇将进一步完善政府信息公开目录，加强保密审查和信息更新，做好政策解读，提升政务公开工作水平。".into(),
            )],
        )
        .await?;
        approve(app, &leader, id).await?;
        publish(app, &office, id).await?;
        ensure_draft(app, &office, town, 2025).await?;
        Ok(())
    }
}
