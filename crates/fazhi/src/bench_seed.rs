//! Benchmark data and timings for 政务公开 (issue 3, "Measure"):
//!
//! - [`seed`] (`fazhi bench-seed`) fills a database that already holds the demo
//!   with N published items of 西联镇 (titles and texts from templates, all
//!   twelve catalogue categories, spread over ten years, many about 低保 /
//!   最低生活保障) and M disclosure requests received in one year, in every
//!   state and outcome. It writes multi-row INSERTs in batches, each batch one
//!   `kernel::Write` with one audit record, so the audit chain stays intact.
//!   The rows are what the services would have written: a reviewed, published
//!   version with its content hash, the search document, the stopped 公开期限
//!   clock, the catalogue counts; for requests the core aggregate's events
//!   (every step checked by `Request::apply` against the calendar), the
//!   encrypted applicant, the answer clock and, for open requests, the to-do.
//! - [`report`] (`fazhi bench-report`) times the annual report as the console
//!   produces it: Tables 二/三/四 computed from the ledgers, then the DOCX.
//!
//! Seeded requests are flagged `is_demo` and share one tracking secret,
//! [`SECRET`], so a benchmark or a test can open their tracking pages.
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use fazhi_core::access::{Actor, Permission};
use fazhi_core::calendar::{Calendar, ClockStatus, Deadline, Unit, add_working_days, compute};
use fazhi_core::disclosure::{Action, AnswerType, ApplicantType, Channel, ConsultationReply, Delivery, Form, Outcome, ReceiptFacts, Request, Response};
use fazhi_core::personal::IdNumber;
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::db::{col, now_text};
use crate::disclosure::{self, When};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, OrgRef, Write, load_actor};
use crate::platform::personal::{self, Kind};

/// The town the benchmark fills (the demo's 西联镇).
pub const TOWN_CODE: &str = "440203103";
/// The tracking secret of every seeded request (bench data only).
pub const SECRET: &str = "benchbenchbench1";

// ───────────────────────────── multi-row inserts ─────────────────────────────

/// A value of a multi-row INSERT.
enum V {
    T(String),
    N(Option<String>),
    I(i64),
    B(bool),
    OB(Option<bool>),
}

/// `INSERT INTO {head} VALUES (…), (…) [RETURNING …]` for `rows`, in chunks
/// that stay far below both databases' bind-parameter limits.
async fn insert_rows(conn: &mut AnyConnection, head: &str, ncols: usize, rows: Vec<Vec<V>>, returning: &str) -> AppResult<Vec<AnyRow>> {
    let per_chunk = (20_000 / ncols).clamp(1, 500);
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<V>> = rows.by_ref().take(per_chunk).collect();
        let mut sql = format!("INSERT INTO {head} VALUES ");
        let mut n = 0;
        for (i, r) in chunk.iter().enumerate() {
            debug_assert_eq!(r.len(), ncols);
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..ncols {
                n += 1;
                sql.push_str(&format!("{}${n}", if j == 0 { "" } else { ", " }));
            }
            sql.push(')');
        }
        if !returning.is_empty() {
            sql.push_str(" RETURNING ");
            sql.push_str(returning);
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for r in chunk {
            for v in r {
                q = match v {
                    V::T(s) => q.bind(s),
                    V::N(s) => q.bind(s),
                    V::I(i) => q.bind(i),
                    V::B(b) => q.bind(b),
                    V::OB(b) => q.bind(b),
                };
            }
        }
        if returning.is_empty() {
            q.execute(&mut *conn).await?;
        } else {
            out.extend(q.fetch_all(&mut *conn).await?);
        }
    }
    Ok(out)
}

/// Deterministic pseudo-random numbers (splitmix64): the same N gives the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

// ───────────────────────────── items ─────────────────────────────

const VILLAGES: [&str; 5] = ["西联村", "新岭村", "芙蓉村", "沐溪村", "西联社区"];
const TOPICS: [&str; 8] = ["农村人居环境整治", "森林防火工作", "秸秆禁烧", "耕地保护", "安全生产大检查", "防汛防风", "城乡居民最低生活保障审核审批", "矛盾纠纷排查化解"];
const PROJECTS: [&str; 5] = ["村道硬化", "农田水利灌溉渠", "省道改扩建", "污水处理站", "文化广场"];
const ISSUERS: [&str; 4] = ["西联镇人民政府", "西联镇党政综合办公室", "西联镇社会事务办公室", "西联镇农业农村办公室"];

/// A title for category `code` (the town's default categories 01–12).
fn title(code: &str, r: &mut Rng, y: i32, m: u32) -> String {
    let v = r.pick(&VILLAGES);
    let q = (m - 1) / 3 + 1;
    let t = r.pick(&TOPICS);
    let p = r.pick(&PROJECTS);
    let n = 1 + r.below(60);
    let options: Vec<String> = match code {
        "01" => vec![format!("西联镇人民政府机构职能及内设机构调整情况（{y}年{m}月）"), format!("关于调整西联镇{y}年领导班子成员工作分工的通知"), format!("{v}村（居）民委员会办公地址及联系方式")],
        "02" => vec![format!("西联镇人民政府关于印发《西联镇{y}年度{t}实施方案》的通知"), format!("《西联镇{t}工作制度》政策解读"), format!("西联镇人民政府关于进一步做好{t}的通知")],
        "03" => vec![format!("西联镇{y}年工作要点"), format!("西联镇{y}年国民经济和社会发展计划执行情况"), format!("{v}村庄规划（{y}—{}年）公示", y + 5)],
        "04" => vec![format!("西联镇{y}年部门预算"), format!("西联镇{y}年部门决算"), format!("西联镇{y}年“三公”经费预算情况说明")],
        "05" => vec![format!("西联镇{y}年耕地地力保护补贴发放情况公示（{v}）"), format!("{v}{y}年农村土地承包经营权流转情况公示"), format!("西联镇{y}年农田水利工程建设项目公示")],
        "06" => vec![
            format!("西联镇{y}年{m}月城乡居民最低生活保障资金发放情况公示"),
            format!("西联镇{y}年第{q}季度低保、特困人员供养金发放名册（已隐去个人信息）"),
            format!("{v}{y}年新增低保对象审核结果公示"),
            format!("西联镇{y}年{m}月临时救助审批情况公示"),
        ],
        "07" => vec![format!("{v}{p}项目集体土地征收补偿安置方案公告"), format!("西联镇{y}年土地征收补偿费用发放和使用情况")],
        "08" => vec![format!("西联镇{y}年{m}月农村宅基地审批结果公示（{v}）")],
        "09" => vec![format!("西联镇便民服务中心{y}年政务服务事项目录"), format!("西联镇{y}年{m}月政务服务事项办理结果公示")],
        "10" => vec![format!("西联镇{y}年行政执法“双随机、一公开”抽查结果公示"), format!("西联镇综合行政执法办公室行政处罚决定书（西联综执罚〔{y}〕{n}号）")],
        "11" => vec![format!("西联镇{y}年法治政府建设年度报告"), format!("西联镇{y}年重大行政决策事项目录"), format!("西联镇权责清单（{y}年版）")],
        _ => vec![format!("西联镇{y}年{m}月森林防火工作通报"), format!("关于{y}年春节期间值班安排的公告")],
    };
    let i = r.below(options.len());
    options[i].clone()
}

/// The body: a paragraph per category, and for 社会救助 the 低保 wording the
/// search benchmark looks for.
fn body(code: &str, title: &str, r: &mut Rng, y: i32) -> (String, String) {
    let v = r.pick(&VILLAGES);
    let households = 20 + r.below(200);
    let amount = 3 + r.below(40);
    let text = match code {
        "06" => format!(
            "根据《社会救助暂行办法》和《广东省最低生活保障制度实施办法》，经村（居）民委员会入户调查、民主评议，镇人民政府审核，现将{title}予以公布。\n\
             本期{v}等村（居）共有城乡低保对象{households}户，发放最低生活保障金{amount}.{}万元，特困人员供养金按标准足额发放。\n\
             公示期为7天。如有异议，请在公示期内向西联镇社会事务办公室反映，联系电话：0751-8000000（演示号码）。",
            r.below(10)
        ),
        "04" => format!("按照预算法和财政部门的要求，现将{title}公开如下。{y}年收支总预算{amount}{}.{}万元，其中一般公共预算拨款收入占{}%。“三公”经费严格控制，较上年有所下降。", r.below(10), r.below(10), 60 + r.below(35)),
        "07" | "08" => format!("根据《中华人民共和国土地管理法》及其实施条例，现将{title}予以公告。涉及{v}，面积{amount}.{}亩，补偿标准按照省、市公布的区片综合地价执行。对公告内容有异议的，可在公告之日起10个工作日内提出。", r.below(10)),
        "10" => format!("依据《中华人民共和国行政处罚法》，现将{title}予以公示。本次共抽查检查对象{households}家，发现问题{}个，已责令限期整改，整改情况将依法向社会公开。", r.below(20)),
        _ => format!("为进一步做好政务公开工作，现将{title}予以公开。{y}年，西联镇坚持以公开为常态、不公开为例外，围绕{}扎实推进各项工作，{v}等村（居）积极配合，取得了较好成效。", r.pick(&TOPICS)),
    };
    let summary: String = format!("{title}。{}", text.lines().next().unwrap_or("").chars().take(60).collect::<String>());
    (summary, text)
}

struct Town {
    org: OrgRef,
    code: String,
    categories: Vec<(i64, String, String)>,
}

async fn town(app: &App) -> AppResult<Town> {
    let org = disclosure::town_by_code(app, TOWN_CODE).await?;
    let categories: Vec<(i64, String, String)> = disclosure::catalogue::list(app, org.id).await?.into_iter().filter(|c| c.active).map(|c| (c.id, c.code, c.name)).collect();
    if categories.is_empty() {
        return Err(AppError::internal("西联镇 has no catalogue categories: load the demo first"));
    }
    Ok(Town { org, code: TOWN_CODE.into(), categories })
}

async fn actor(app: &App, username: &str) -> AppResult<Actor> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_optional(&app.db.pool).await?;
    let id = id.ok_or_else(|| AppError::internal(format!("account {username} missing: load the demo first")))?;
    load_actor(app, id).await?.ok_or_else(|| AppError::internal(format!("account {username}")))
}

/// What a seed run wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Seeded {
    pub items: usize,
    pub requests: usize,
    pub items_secs: f64,
    pub requests_secs: f64,
}

/// Seeds `items` published items and `requests` requests received in `year`.
pub async fn seed(app: &App, items: usize, requests: usize, year: i32) -> AppResult<Seeded> {
    let t = town(app).await?;
    let started = Instant::now();
    seed_items(app, &t, items, year).await?;
    let items_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    seed_requests(app, &t, requests, year).await?;
    Ok(Seeded { items, requests, items_secs, requests_secs: started.elapsed().as_secs_f64() })
}

const BATCH: usize = 1000;

async fn seed_items(app: &App, t: &Town, n: usize, last_year: i32) -> AppResult<()> {
    let office = actor(app, "xilian-office").await?;
    let reviewer = actor(app, "xilian-sifa").await?;
    let cal = crate::platform::calendar::load(&app.db).await?;
    let today = When::now().today();
    let mut rng = Rng(0x5eed_0001 ^ n as u64);
    let mut done = 0;
    while done < n {
        let k = BATCH.min(n - done);
        let mut w = Write::begin(app, &office, Permission::DisclosurePublish, &t.org).await?;
        let scheme = disclosure::guide::scheme_in(w.conn(), t.org.id).await?;
        let index_scheme = disclosure::rules::check_index_pattern(&scheme.pattern)?;
        let yearly = disclosure::rules::yearly(&index_scheme);
        // The items of the batch, then one 索引号 range per counter year.
        struct Item {
            cat: usize,
            formed: NaiveDate,
            published: String,
            title: String,
            summary: String,
            body: String,
            doc_no: Option<String>,
            issuer: String,
        }
        let mut batch = Vec::with_capacity(k);
        for _ in 0..k {
            let cat = rng.below(t.categories.len());
            let y = last_year - rng.below(10) as i32;
            let formed = (NaiveDate::from_ymd_opt(y, 1, 1).unwrap() + chrono::Duration::days(rng.below(365) as i64)).min(today - chrono::Duration::days(1));
            let published_day = add_working_days(&cal, formed, 1 + rng.below(10) as u32).unwrap_or(formed).min(today);
            let published = format!("{published_day}T01:{:02}:{:02}.000000Z", 30 + rng.below(29), rng.below(60));
            let code = t.categories[cat].1.as_str();
            let title = title(code, &mut rng, formed.year(), formed.month());
            let (summary, body) = body(code, &title, &mut rng, formed.year());
            let doc_no = (rng.below(3) == 0).then(|| format!("西联府〔{}〕{}号", formed.year(), 1 + rng.below(120)));
            batch.push(Item { cat, formed, published, title, summary, body, doc_no, issuer: rng.pick(&ISSUERS).to_string() });
        }
        let mut per_year: BTreeMap<i64, i64> = BTreeMap::new();
        for it in &batch {
            *per_year.entry(if yearly { it.formed.year() as i64 } else { 0 }).or_default() += 1;
        }
        let mut next_seq: BTreeMap<i64, i64> = BTreeMap::new();
        for (year, count) in &per_year {
            let last: i64 = sqlx::query_scalar(
                "INSERT INTO disclosure_index_seq (town_id, year, last_seq) VALUES ($1, $2, $3)
                 ON CONFLICT (town_id, year) DO UPDATE SET last_seq = disclosure_index_seq.last_seq + excluded.last_seq RETURNING last_seq",
            )
            .bind(t.org.id)
            .bind(*year)
            .bind(*count)
            .fetch_one(w.conn())
            .await?;
            next_seq.insert(*year, last - count + 1);
        }
        let now = now_text();
        let mut rows = Vec::with_capacity(k);
        for it in &batch {
            let cy = if yearly { it.formed.year() as i64 } else { 0 };
            let seq = next_seq.get_mut(&cy).expect("year counted");
            let (cat_id, cat_code, _) = &t.categories[it.cat];
            let index_no = disclosure::rules::index_number(&index_scheme, &scheme.org_code, it.formed.year(), cat_code, *seq)?;
            *seq += 1;
            rows.push(vec![
                V::I(t.org.id),
                V::T(index_no),
                V::T("published".into()),
                V::I(1),
                V::I(1),
                V::T(it.title.clone()),
                V::I(*cat_id),
                V::T(it.formed.to_string()),
                V::T("proactive".into()),
                V::T(it.published.clone()),
                V::T(it.published.clone()),
                V::I(office.user_id),
                V::T(it.published.clone()),
                V::T(now.clone()),
                V::I(*cat_id),
                V::T(it.formed.to_string()),
            ]);
        }
        let returned = insert_rows(
            w.conn(),
            "disclosure_item (org_id, index_no, status, current_version, published_version, title, category_id, formed_on, publicity, first_published_at,
                              last_published_at, created_by, created_at, updated_at, published_category_id, published_formed_on)",
            16,
            rows,
            "id, index_no",
        )
        .await?;
        let mut ids: BTreeMap<String, i64> = BTreeMap::new();
        for r in &returned {
            ids.insert(col(r, "index_no")?, col(r, "id")?);
        }
        // Index numbers were assigned in batch order; read them back in that order.
        let mut ordered = Vec::with_capacity(k);
        {
            let mut seqs: BTreeMap<i64, i64> = BTreeMap::new();
            for (year, count) in &per_year {
                seqs.insert(*year, next_seq[year] - count);
            }
            for it in &batch {
                let cy = if yearly { it.formed.year() as i64 } else { 0 };
                let seq = seqs.get_mut(&cy).expect("year counted");
                let index_no = disclosure::rules::index_number(&index_scheme, &scheme.org_code, it.formed.year(), &t.categories[it.cat].1, *seq)?;
                *seq += 1;
                let id = *ids.get(&index_no).ok_or_else(|| AppError::internal("seeded item not returned"))?;
                ordered.push((id, index_no));
            }
        }
        let mut versions = Vec::with_capacity(k);
        let mut reviews = Vec::with_capacity(k);
        let mut docs = Vec::with_capacity(k);
        let mut clocks = Vec::with_capacity(k);
        let mut counts: BTreeMap<(i64, String), i64> = BTreeMap::new();
        for (it, (id, index_no)) in batch.iter().zip(&ordered) {
            let (cat_id, _, cat_name) = &t.categories[it.cat];
            let formed = it.formed.to_string();
            // The same parts, in the same order, as publication's rehash_in (no files).
            let hash = disclosure::rules::content_hash(&[
                &it.title,
                it.doc_no.as_deref().unwrap_or(""),
                &it.issuer,
                &formed,
                "",
                "",
                &cat_id.to_string(),
                "proactive",
                "",
                "",
                &it.summary,
                &it.body,
                "",
            ]);
            versions.push(vec![
                V::I(*id),
                V::T(it.title.clone()),
                V::N(it.doc_no.clone()),
                V::T(it.issuer.clone()),
                V::T(formed.clone()),
                V::I(*cat_id),
                V::T(it.summary.clone()),
                V::T(it.summary.clone()),
                V::T(it.body.clone()),
                V::T(it.body.clone()),
                V::T(hash.clone()),
                V::I(office.user_id),
                V::I(office.user_id),
                V::T(it.published.clone()),
                V::T(it.published.clone()),
                V::T(it.published.clone()),
                V::T(it.published.clone()),
            ]);
            reviews.push(vec![
                V::I(*id),
                V::I(reviewer.user_id),
                V::T(reviewer.display_name.clone()),
                V::T("《中华人民共和国保守国家秘密法》《政府信息公开条例》第十四条至第十六条；经审查不涉及国家秘密、商业秘密和个人隐私".into()),
                V::T(hash),
                V::T(it.published.chars().take(10).collect()),
                V::T(it.published.clone()),
            ]);
            // The search document as publication's publish_in indexes it.
            let text = format!("{}\n{}\n{} {} {} {}", it.summary, it.body, index_no, it.doc_no.as_deref().unwrap_or(""), it.issuer, cat_name);
            docs.push(vec![
                V::I(t.org.id),
                V::T(id.to_string()),
                V::T(it.title.clone()),
                V::T(text.chars().take(120).collect()),
                V::T(format!("/portal/{}/disclosure/items/{id}", t.code)),
                V::T(crate::platform::search::index_tokens(app, &format!("{} {}", it.title, text))),
                V::T(it.published.clone()),
            ]);
            let mut d = Deadline::new(it.formed, Unit::WorkingDays, disclosure::publication::PUBLISH_WORKDAYS).with_labels("形成日期", disclosure::publication::CLOCK);
            d.stopped_on = Some(NaiveDate::parse_from_str(&it.published[..10], "%Y-%m-%d").unwrap_or(it.formed).max(it.formed));
            let (due, paused, beyond) = clock_columns(&cal, &d, today);
            clocks.push(vec![
                V::I(t.org.id),
                V::T(id.to_string()),
                V::T(disclosure::publication::CLOCK.into()),
                V::T(serde_json::to_string(&d).map_err(AppError::internal)?),
                V::N(due),
                V::B(paused),
                V::B(beyond),
                V::N(d.stopped_on.map(|s| s.to_string())),
                V::T(now.clone()),
            ]);
            *counts.entry((*cat_id, formed[..4].to_string())).or_default() += 1;
        }
        insert_rows(
            w.conn(),
            "disclosure_version (item_id, title, doc_no, issuer, formed_on, category_id, summary, summary_public, body, body_public, content_hash,
                                 created_by, updated_by, created_at, updated_at, submitted_at, published_at, version, publicity, redactions)",
            20,
            versions.into_iter().map(|mut r| {
                r.extend([V::I(1), V::T("proactive".into()), V::I(0)]);
                r
            }).collect(),
            "",
        )
        .await?;
        insert_rows(
            w.conn(),
            "disclosure_review (item_id, reviewer_id, reviewer_name, basis, content_hash, reviewed_on, created_at, version, kind, conclusion)",
            10,
            reviews.into_iter().map(|mut r| {
                r.extend([V::I(1), V::T("review".into()), V::T("approve".into())]);
                r
            }).collect(),
            "",
        )
        .await?;
        insert_rows(
            w.conn(),
            "search_doc (org_id, entity_id, title, snippet, url, tokens, updated_at, module, entity, is_public)",
            10,
            docs.into_iter().map(|mut r| {
                r.extend([V::T(disclosure::MODULE.into()), V::T(disclosure::ENTITY.into()), V::B(true)]);
                r
            }).collect(),
            "",
        )
        .await?;
        insert_rows(
            w.conn(),
            "clock (org_id, entity_id, name, spec_json, due_date, paused, beyond_calendar, stopped_at, updated_at, module, entity)",
            11,
            clocks.into_iter().map(|mut r| {
                r.extend([V::T(disclosure::MODULE.into()), V::T(disclosure::ENTITY.into())]);
                r
            }).collect(),
            "",
        )
        .await?;
        for ((cat_id, year), count) in &counts {
            disclosure::catalogue::count_in(&mut w, t.org.id, *cat_id, year, *count).await?;
        }
        let first = ordered.first().map(|o| o.0).unwrap_or_default();
        let last = ordered.last().map(|o| o.0).unwrap_or_default();
        w.record(Change::action("bench_seed", disclosure::ENTITY, first, &serde_json::json!({"items": k, "first_id": first, "last_id": last, "reviewer": reviewer.display_name})));
        w.commit().await?;
        done += k;
    }
    Ok(())
}

/// A clock's stored columns (due date, paused, beyond the calendar), as
/// `platform::calendar::put_clock_in` derives them.
fn clock_columns(cal: &Calendar, d: &Deadline, today: NaiveDate) -> (Option<String>, bool, bool) {
    match compute(d, cal, today) {
        Ok(c) => (c.due.map(|x| x.to_string()), matches!(c.status, ClockStatus::Paused), false),
        Err(_) => (None, false, true),
    }
}

// ───────────────────────────── requests ─────────────────────────────

const SURNAMES: [&str; 12] = ["陈", "黄", "李", "张", "刘", "邓", "吴", "梁", "何", "曾", "罗", "谢"];
const GIVEN: [&str; 12] = ["建华", "秀英", "志强", "丽娟", "海涛", "美玲", "国平", "晓燕", "俊杰", "凤霞", "文斌", "雅琴"];
const WANTS: [&str; 10] = [
    "{y}年{v}城乡居民最低生活保障对象名单及保障金发放情况",
    "{v}{y}年低保户评议会议记录",
    "{y}年西联镇农村危房改造补助对象名单",
    "{v}{y}年度村集体土地承包经营权流转合同及流转费用明细",
    "{y}年西联镇农田水利建设项目资金安排及使用情况",
    "{v}村道硬化工程招标投标文件",
    "西联镇{y}年部门预算及“三公”经费支出明细",
    "{v}集体土地征收补偿安置方案及其批准文件",
    "我家宅基地审批的相关文件（{v}）",
    "西联镇{y}年临时救助资金发放情况",
];

/// One scenario's steps: (working days after receipt, action). 0 = the day of receipt.
fn scenario(i: usize, leader: &str) -> Vec<(u32, Action)> {
    let reason = |s: &str| s.to_string();
    let answer = |o: Outcome, r: &str| Action::Respond { response: Response::new(o).with_reason(reason(r)) };
    match i % 10 {
        0 => vec![(1, Action::AcceptForReview), (12, answer(Outcome::Disclosed, "随本告知书提供所申请的政府信息（已隐去个人信息）。"))],
        1 => vec![(1, Action::AcceptForReview), (15, answer(Outcome::PartlyDisclosed, "所申请信息中的身份证号码、联系电话属于个人隐私，已作区分处理后提供其余内容（条例第十五条、第三十七条）。"))],
        2 => vec![(1, Action::AcceptForReview), (14, answer(Outcome::WithheldProcessInformation, "所申请的会议记录属于过程性信息，可以不予公开（条例第十六条第二款）。"))],
        3 => vec![
            (1, Action::AcceptForReview),
            (10, Action::Respond { response: Response::new(Outcome::UnavailableNotHeld).with_answer(AnswerType::NotExist).with_reason(reason("经检索本机关档案，所申请的信息不存在。")) }),
        ],
        4 => vec![(1, Action::AcceptForReview), (6, answer(Outcome::NotProcessedPetition, "来信反映的是邻里纠纷并要求查处，属于信访、投诉事项，已转镇综治中心按信访程序办理。"))],
        5 => vec![(2, Action::RequestCorrection { items: vec!["请写明所需信息的名称、文号或形成时间".into()], reply_by: NaiveDate::MIN }), (15, Action::MarkAbandoned)],
        6 => vec![
            (1, Action::AcceptForReview),
            (15, Action::Extend { days: 20, approver: leader.to_string(), reason: "所需资金明细分散在多个项目档案中，需逐项核对".into(), notified_on: NaiveDate::MIN }),
            (30, answer(Outcome::Disclosed, "随本告知书提供项目资金使用明细表。")),
        ],
        7 => vec![
            (0, Action::AnswerOnSpot { response: Response::new(Outcome::Disclosed).with_answer(AnswerType::AlreadyPublic).with_reason(reason("已当场告知，并指引查阅本门户政府信息公开专栏。")) }),
            (1, Action::Archive),
        ],
        8 => vec![
            (1, Action::AcceptForReview),
            (3, Action::StartCoAgencyConsultation { agency: "韶关市武江区自然资源局".into() }),
            (8, Action::EndCoAgencyConsultation { reply: ConsultationReply::Consent }),
            (16, answer(Outcome::Disclosed, "经征求区自然资源局意见，随本告知书提供所申请的信息。")),
        ],
        _ => vec![(1, Action::AcceptForReview), (25, answer(Outcome::Disclosed, "随本告知书提供所申请的政府信息。"))],
    }
}

/// Applies a scenario's steps up to `today`; None if a step is refused.
fn play(cal: &Calendar, received: NaiveDate, steps: Vec<(u32, Action)>, today: NaiveDate) -> Option<Request> {
    let mut r = Request::new(received);
    for (days, action) in steps {
        let on = add_working_days(cal, received, days).ok()?;
        if on > today {
            break;
        }
        // Dates inside the payload follow the step's own date.
        let action = match action {
            Action::RequestCorrection { items, .. } => Action::RequestCorrection { items, reply_by: on + chrono::Duration::days(15) },
            Action::Extend { days, approver, reason, .. } => Action::Extend { days, approver, reason, notified_on: on },
            a => a,
        };
        r.apply(on, action, cal).ok()?;
    }
    Some(r)
}

async fn seed_requests(app: &App, t: &Town, n: usize, year: i32) -> AppResult<()> {
    let office = actor(app, "xilian-office").await?;
    let leader = actor(app, "xilian-leader").await?;
    let cal = crate::platform::calendar::load(&app.db).await?;
    let today = When::now().today();
    let prefix = disclosure::requests::settings(app, &t.org).await?.prefix;
    let secret_hash = fazhi_crypto::token_hash(SECRET);
    let first_day = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| AppError::internal("year"))?;
    let last_day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap().min(today);
    let span = (last_day - first_day).num_days().max(1);
    let mut rng = Rng(0x5eed_0002 ^ n as u64);
    let mut done = 0;
    while done < n {
        let k = BATCH.min(n - done);
        let mut w = Write::begin(app, &office, Permission::DisclosureRequestHandle, &t.org).await?;
        let last: i64 = sqlx::query_scalar(
            "INSERT INTO disclosure_request_seq (prefix, year, last_seq) VALUES ($1, $2, $3)
             ON CONFLICT (prefix, year) DO UPDATE SET last_seq = disclosure_request_seq.last_seq + excluded.last_seq RETURNING last_seq",
        )
        .bind(&prefix)
        .bind(year as i64)
        .bind(k as i64)
        .fetch_one(w.conn())
        .await?;
        let now = now_text();
        let mut rows = Vec::with_capacity(k);
        let mut aggregates = Vec::with_capacity(k);
        for j in 0..k {
            let i = done + j;
            let code = format!("{prefix}{year}-{:06}", last - k as i64 + 1 + j as i64);
            // Spread over the year; received on a working day.
            let day = first_day + chrono::Duration::days((i as i64 * span) / n as i64);
            let received = add_working_days(&cal, day - chrono::Duration::days(1), 1).unwrap_or(day).min(last_day);
            let request = play(&cal, received, scenario(i, &leader.display_name), today)
                .or_else(|| play(&cal, received, scenario(0, &leader.display_name), today))
                .unwrap_or_else(|| Request::new(received));
            let organization = rng.below(5) == 0;
            let applicant_type = if organization { ApplicantType::ALL[1 + rng.below(5)] } else { ApplicantType::NaturalPerson };
            let name = if organization { format!("韶关市演示{}有限公司", rng.pick(&GIVEN)) } else { format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN)) };
            let id_number = if organization {
                disclosure::requests::synthesize_credit_code(&format!("91440203MA4W{:05}", i % 100_000))
            } else {
                let birth = NaiveDate::from_ymd_opt(1950 + rng.below(50) as i32, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32).unwrap();
                IdNumber::synthesize("440203", birth, (i % 999) as u16 + 1).as_str().to_string()
            };
            let phone = format!("1380751{:04}", i % 10_000);
            let (form, delivery) = [(Form::Paper, Delivery::Pickup), (Form::Paper, Delivery::Post), (Form::Electronic, Delivery::Email), (Form::Electronic, Delivery::Online)][rng.below(4)];
            let online = rng.below(2) == 0;
            let (channel, facts) = if online {
                (Channel::Online, ReceiptFacts { arrived_on: Some(received), confirmed_on: Some(received), ..Default::default() })
            } else {
                (Channel::InPerson, ReceiptFacts { submitted_on: Some(received), ..Default::default() })
            };
            let want = rng.pick(&WANTS).replace("{y}", &(year - rng.below(2) as i32).to_string()).replace("{v}", rng.pick(&VILLAGES));
            let (id_enc, id_idx) = personal::protect(app, Kind::IdNumber, &id_number);
            let (phone_enc, phone_idx) = personal::protect(app, Kind::Phone, &phone);
            let deadline = request.deadline();
            let on_time = match compute(&deadline, &cal, today).map(|c| c.status) {
                Ok(ClockStatus::Completed { on_time, .. }) => Some(on_time),
                _ => None,
            };
            rows.push(vec![
                V::I(t.org.id),
                V::T(code.clone()),
                V::T(secret_hash.clone()),
                V::T(channel.code().into()),
                V::T(serde_json::to_string(&facts).map_err(AppError::internal)?),
                V::T(received.to_string()),
                V::T(applicant_type.code().into()),
                V::T(app.keys.field.encrypt(&name)),
                V::T(id_enc),
                V::T(id_idx),
                V::T(phone_enc),
                V::T(phone_idx),
                V::N((delivery == Delivery::Post).then(|| app.keys.field.encrypt(&format!("广东省韶关市武江区西联镇演示路{}号", 1 + i % 300)))),
                V::N((delivery == Delivery::Email).then(|| app.keys.field.encrypt(&format!("applicant{i}@example.com")))),
                V::T(want),
                V::T(request.state().code().into()),
                V::B(request.is_extended()),
                V::N(request.outcome().map(|o| o.code().to_string())),
                V::N(request.closed_on().map(|d| d.to_string())),
                V::OB(on_time),
                V::I(office.user_id),
                V::T(now.clone()),
                V::T(now.clone()),
                V::T(form.code().into()),
                V::T(delivery.code().into()),
                V::B(true),
            ]);
            aggregates.push((code, request));
        }
        let returned = insert_rows(
            w.conn(),
            "disclosure_request (org_id, code, secret_hash, channel, receipt_json, received_on, applicant_type, name_enc, id_enc, id_idx, phone_enc, phone_idx,
                                 address_enc, email_enc, description, state, extended, outcome, closed_on, on_time, created_by, created_at, updated_at, form, delivery, is_demo)",
            26,
            rows,
            "id, code",
        )
        .await?;
        let mut ids: BTreeMap<String, i64> = BTreeMap::new();
        for r in &returned {
            ids.insert(col(r, "code")?, col(r, "id")?);
        }
        let mut events = Vec::new();
        let mut clocks = Vec::with_capacity(k);
        let mut open = BTreeMap::new();
        for (code, request) in &aggregates {
            let id = *ids.get(code).ok_or_else(|| AppError::internal("seeded request not returned"))?;
            for (seq, e) in request.events().iter().enumerate() {
                let by = if matches!(e.action, Action::Extend { .. }) { &leader } else { &office };
                events.push(vec![
                    V::I(id),
                    V::I(seq as i64 + 1),
                    V::T(e.on.to_string()),
                    V::T(e.action.kind().code().into()),
                    V::T(serde_json::to_string(e).map_err(AppError::internal)?),
                    V::I(by.user_id),
                    V::T(by.display_name.clone()),
                    V::T(now.clone()),
                ]);
            }
            let d = request.deadline();
            let (due, paused, beyond) = clock_columns(&cal, &d, today);
            clocks.push(vec![
                V::I(t.org.id),
                V::T(id.to_string()),
                V::T(serde_json::to_string(&d).map_err(AppError::internal)?),
                V::N(due),
                V::B(paused),
                V::B(beyond),
                V::N(d.stopped_on.map(|s| s.to_string())),
                V::T(now.clone()),
            ]);
            if !request.state().is_finished() {
                open.insert(id.to_string(), (id, code.clone(), request.received_on()));
            }
        }
        insert_rows(w.conn(), "disclosure_request_event (request_id, seq, on_date, action, event_json, actor_id, actor_name, at)", 8, events, "").await?;
        let clock_ids = insert_rows(
            w.conn(),
            "clock (org_id, entity_id, spec_json, due_date, paused, beyond_calendar, stopped_at, updated_at, module, entity, name)",
            11,
            clocks
                .into_iter()
                .map(|mut r| {
                    r.extend([V::T(disclosure::MODULE.into()), V::T(disclosure::requests::ENTITY.into()), V::T(disclosure::requests::CLOCK.into())]);
                    r
                })
                .collect(),
            "id, entity_id",
        )
        .await?;
        let mut todos = Vec::new();
        for r in &clock_ids {
            let key: String = col(r, "entity_id")?;
            if let Some((id, code, received)) = open.get(&key) {
                todos.push(vec![
                    V::I(t.org.id),
                    V::T(format!("答复政府信息公开申请 {code}")),
                    V::T(format!("{received}收到。应自收到申请之日起 20 个工作日内答复（条例第三十三条）。")),
                    V::T(disclosure::requests::console_url(*id)),
                    V::T(key.clone()),
                    V::I(col(r, "id")?),
                    V::I(office.user_id),
                    V::T(now.clone()),
                    V::T(disclosure::MODULE.into()),
                    V::T(disclosure::requests::TODO_ANSWER.into()),
                    V::T(disclosure::requests::ENTITY.into()),
                    V::T("open".into()),
                ]);
            }
        }
        insert_rows(w.conn(), "todo_item (org_id, title, detail, url, entity_id, clock_id, created_by, created_at, module, kind, entity, status)", 12, todos, "").await?;
        w.record(Change::action("bench_seed", disclosure::requests::ENTITY, ids.values().min().copied().unwrap_or_default(), &serde_json::json!({"requests": k, "year": year})));
        w.commit().await?;
        done += k;
    }
    Ok(())
}

// ───────────────────────────── the annual report ─────────────────────────────

/// One timed generation of the annual report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRun {
    /// Tables 二/三/四 from the ledgers, with every cross-footing check.
    pub tables: Duration,
    pub docx: Duration,
    pub docx_bytes: usize,
}

/// What the report covered.
#[derive(Debug, Clone, Serialize)]
pub struct ReportTimings {
    pub year: i32,
    /// Requests counted in Table 三 (新收 + 上年结转).
    pub requests: u32,
    /// Creating the year's draft when there was none (一、总体情况 drafted from the records); only a look-up when it existed.
    pub draft: Duration,
    pub runs: Vec<ReportRun>,
}

/// Times the report of 西联镇 for `year` as staff see it (the same service
/// calls as the console's report page and its DOCX download).
pub async fn report(app: &App, year: i32, runs: usize) -> AppResult<ReportTimings> {
    let t = town(app).await?;
    let office = actor(app, "xilian-office").await?;
    let started = Instant::now();
    disclosure::annual_report::ensure_draft(app, &office, t.org.id, year).await?;
    let draft = started.elapsed();
    let mut out = Vec::new();
    let mut requests = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let view = disclosure::annual_report::view(app, &office, t.org.id, year).await?.ok_or_else(|| AppError::internal("report draft missing"))?;
        if view.status == "published" {
            return Err(AppError::internal(format!("{year} 年度报告已发布，发布后的报告不再计算；请选择另一年度")));
        }
        let tables = started.elapsed();
        let started = Instant::now();
        let bytes = disclosure::annual_report::to_docx(&view.body)?;
        let docx = started.elapsed();
        requests = view.body.table3.iter().take(2).map(|(_, cells)| cells.last().copied().unwrap_or(0)).sum();
        out.push(ReportRun { tables, docx, docx_bytes: bytes.len() });
    }
    Ok(ReportTimings { year, requests, draft, runs: out })
}
