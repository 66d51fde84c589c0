//! Demo events of 西联镇: about twenty events over the past weeks in every
//! state and category (one reported on the portal with a tracking code, one
//! sent back for rework, one sent up a level, one to a town office, a few past
//! their limit). Written in one transaction; the escalations the job owes are
//! then recorded by the job itself.
use chrono::{Datelike, Days, NaiveDate};
use fazhi_core::access::Permission;
use fazhi_core::grid::HandlingLevel;
use fazhi_core::grid::event::{Action, DispatchTarget, Event, EventCategory, EventSource, Limits};
use fazhi_core::tracking::{Series, TrackingCode};

use super::{CLOCK, TODO_ACCEPT, TODO_HANDLE, console_url};
use crate::db::{col, now_text};
use crate::error::{AppError, AppResult};
use crate::grid::{EVENT, MODULE};
use crate::kernel::{App, Change, Write, load_org};
use crate::platform::{calendar, todo};

/// The secret of the demo's portal report (so the tracking page can be tried).
pub const DEMO_SECRET: &str = "xlwg-demo-0001";

#[derive(Clone, Copy)]
enum Plan {
    Reported,
    Accepted,
    Dispatched,
    Handled,
    Feedback,
    Verified,
    Closed,
    Declined,
    Rework,
    NextLevel,
    Office,
}

struct Demo {
    grid: &'static str,
    cat: EventCategory,
    source: EventSource,
    ago: u64,
    plan: Plan,
    desc: &'static str,
    place: &'static str,
}

const fn d(grid: &'static str, cat: EventCategory, source: EventSource, ago: u64, plan: Plan, desc: &'static str, place: &'static str) -> Demo {
    Demo { grid, cat, source, ago, plan, desc, place }
}

use EventCategory as C;
use EventSource as S;
const EVENTS: &[Demo] = &[
    d("440203103-01-01", C::Sanitation, S::Portal, 1, Plan::Reported, "小区东门垃圾桶满溢，气味很大，请尽快清运", "西联社区东门垃圾收集点"),
    d("440203103-01-01", C::FireSafety, S::Patrol, 2, Plan::Accepted, "2栋楼道堆放纸箱、旧家具，堵塞消防通道", "西联社区2栋一单元楼道"),
    d("440203103-01-01", C::Dispute, S::Phone, 3, Plan::Dispatched, "楼上楼下因漏水发生争吵，双方情绪激动", "西联社区5栋"),
    d("440203103-01-01", C::PublicSecurity, S::Patrol, 12, Plan::Dispatched, "小区北侧围墙破损，夜间有陌生人出入", "西联社区北侧围墙"),
    d("440203103-01-01", C::ConvenienceService, S::Phone, 6, Plan::Handled, "独居老人反映家中水龙头损坏，无人维修", "西联社区3栋"),
    d("440203103-01-01", C::FamilyPlanning, S::Patrol, 8, Plan::Feedback, "新入住出租屋3户未登记流动人口信息", "西联社区7栋出租屋"),
    d("440203103-01-01", C::Sanitation, S::Patrol, 10, Plan::Verified, "绿化带内堆放建筑垃圾", "西联社区中心花园"),
    d("440203103-01-01", C::FireSafety, S::Phone, 20, Plan::Closed, "电动车在楼道内充电，存在火灾隐患", "西联社区4栋楼道"),
    d("440203103-01-01", C::Sanitation, S::Phone, 14, Plan::Declined, "反映的垃圾堆放问题与前一事件重复", "西联社区东门"),
    d("440203103-01-01", C::Sanitation, S::Patrol, 9, Plan::Rework, "化粪池井盖松动，有异味", "西联社区6栋旁"),
    // Handed to people's mediation by `hand_over_to_mediation` once the committees exist.
    d("440203103-01-01", C::Dispute, S::Patrol, 4, Plan::Accepted, "相邻两户因装修噪音和墙体开裂发生纠纷，双方要求调解", "西联社区8栋"),
    d("440203103-01-02", C::Dispute, S::Patrol, 15, Plan::Closed, "两户因停车位占用发生纠纷", "西联社区第二网格停车场"),
    d("440203103-01-02", C::PublicSecurity, S::Phone, 5, Plan::NextLevel, "商铺门前多次发生夜间聚集喧哗", "西联社区商业街"),
    d("440203103-01-02", C::ConvenienceService, S::Patrol, 16, Plan::Office, "路灯连续多日不亮，居民夜间出行不便", "西联社区第二网格主干道"),
    d("440203103-01-02", C::FamilyPlanning, S::Phone, 4, Plan::Reported, "咨询流动人口居住登记办理流程", "西联社区服务站"),
    d("440203103-01-03", C::FireSafety, S::Patrol, 7, Plan::Dispatched, "老旧小区灭火器过期未更换", "西联社区第三网格9栋"),
    d("440203103-01-03", C::ConvenienceService, S::Phone, 22, Plan::Closed, "残疾人申请办理居住证明", "西联社区第三网格"),
    d("440203103-02-01", C::Dispute, S::Phone, 11, Plan::Accepted, "宅基地边界争议，邻里多次争吵", "西联村二组"),
    d("440203103-02-01", C::Sanitation, S::Patrol, 18, Plan::Closed, "村道旁生活垃圾随意倾倒", "西联村村道"),
    d("440203103-03-01", C::PublicSecurity, S::Patrol, 13, Plan::Handled, "村口监控摄像头损坏", "新岭村村口"),
    d("440203103-03-01", C::FamilyPlanning, S::Phone, 2, Plan::Dispatched, "外来务工人员集中居住点需登记", "新岭村工业区宿舍"),
];

fn steps(plan: Plan, start: NaiveDate, today: NaiveDate, worker: (i64, &str)) -> Vec<(NaiveDate, Action)> {
    let at = |n: u64| (start + Days::new(n)).min(today);
    let person = || DispatchTarget::Person { user_id: worker.0, name: worker.1.to_string() };
    let base = vec![(at(0), Action::Accept), (at(0), Action::Dispatch { to: person() })];
    let handled = || {
        let mut v = base.clone();
        v.push((at(1), Action::Handle { result: "网格员已到现场处置，问题已解决".into() }));
        v
    };
    let fed = || {
        let mut v = handled();
        v.push((at(1), Action::Feedback { text: "已电话告知报告人处置结果".into() }));
        v
    };
    let verified = || {
        let mut v = fed();
        v.push((at(2), Action::Verify { note: "社区现场核查，情况属实".into() }));
        v
    };
    match plan {
        Plan::Reported => vec![],
        Plan::Accepted => vec![(at(0), Action::Accept)],
        Plan::Dispatched => base,
        Plan::Handled => handled(),
        Plan::Feedback => fed(),
        Plan::Verified => verified(),
        Plan::Closed => {
            let mut v = verified();
            v.push((at(3), Action::Close));
            v
        }
        Plan::Declined => vec![(at(0), Action::Decline { reason: "与已受理的事件重复，已合并办理".into() })],
        Plan::Rework => {
            let mut v = fed();
            v.push((at(2), Action::ReturnForRework { reason: "井盖仍未固定，退回重办".into() }));
            v
        }
        Plan::NextLevel => vec![(at(0), Action::Accept), (at(1), Action::Dispatch { to: DispatchTarget::NextLevel })],
        Plan::Office => vec![(at(0), Action::Accept), (at(1), Action::Dispatch { to: DispatchTarget::Office { org_id: 0, name: "镇城建办".into() } })],
    }
}

pub async fn demo(app: &App) -> AppResult<()> {
    let Some(town_id) = sqlx::query_scalar::<_, i64>("SELECT id FROM org_unit WHERE code = '440203103'").fetch_optional(&app.db.pool).await? else { return Ok(()) };
    let worker = sqlx::query("SELECT id, display_name FROM app_user WHERE username = 'xilian-grid'").fetch_optional(&app.db.pool).await?;
    let Some(worker) = worker else { return Ok(()) };
    let worker: (i64, String) = (col(&worker, "id")?, col(&worker, "display_name")?);
    let town = load_org(app, town_id).await?;
    let system = crate::grid::patrols::system(app).await?;
    let today = crate::web::pages::today();
    let limits = Limits::default();
    let mut w = Write::begin(app, &system, Permission::EventDispatch, &town).await?;
    let t = now_text();
    let mut portal_seq = 0i64;
    for (i, e) in EVENTS.iter().enumerate() {
        let grid_row = sqlx::query("SELECT id, parent_id FROM org_unit WHERE code = $1").bind(e.grid).fetch_optional(w.conn()).await?;
        let Some(grid_row) = grid_row else { continue };
        let grid_id: i64 = col(&grid_row, "id")?;
        let community: Option<i64> = col(&grid_row, "parent_id")?;
        let start = today - Days::new(e.ago);
        let mut event = Event::report(e.cat, e.source, start, HandlingLevel::Grid, &limits);
        for (on, a) in steps(e.plan, start, today, (worker.0, &worker.1)) {
            let a = match a {
                Action::Dispatch { to: DispatchTarget::Office { name, .. } } => Action::Dispatch { to: DispatchTarget::Office { org_id: town_id, name } },
                other => other,
            };
            event.apply(on, a).map_err(|err| AppError::internal(format!("demo event {i}: {err}")))?;
        }
        let (code, hash, phone_enc, phone_idx) = if e.source.gets_tracking_code() {
            portal_seq += 1;
            let code = TrackingCode::new("XL", Series::GridEvent, today.year(), portal_seq as u64)?.to_string();
            let secret = fazhi_core::tracking::normalize_secret(DEMO_SECRET);
            let (pe, pi) = crate::platform::personal::protect(app, crate::platform::personal::Kind::Phone, &format!("1390751{:04}", 2000 + i));
            (Some(code), Some(fazhi_crypto::token_hash(&secret)), Some(pe), Some(pi))
        } else {
            (None, None, None, None)
        };
        let level = event.level();
        let target = event.dispatched_to().cloned();
        let (org_id, assignee) = match (&target, level) {
            (Some(DispatchTarget::Person { user_id, .. }), _) => (grid_id, Some(*user_id)),
            (Some(DispatchTarget::Office { org_id, .. }), _) => (*org_id, None),
            (_, HandlingLevel::Community) => (community.unwrap_or(grid_id), None),
            (_, HandlingLevel::Town) => (town_id, None),
            _ => (grid_id, None),
        };
        let title: String = e.desc.chars().take(24).collect();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO grid_event (grid_id, org_id, category, source, title, description, location, reported_on, reported_at, limit_days, state, level, assignee_id,
                dispatched_to, tracking_code, secret_hash, reporter_phone_enc, reporter_phone_idx, handled_on, closed_on, is_demo, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'grid', $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, TRUE, $20, $20) RETURNING id",
        )
        .bind(grid_id)
        .bind(org_id)
        .bind(e.cat.code())
        .bind(e.source.code())
        .bind(&title)
        .bind(e.desc)
        .bind(e.place)
        .bind(start.to_string())
        .bind(i64::from(event.limit_days()))
        .bind(event.state().code())
        .bind(level.code())
        .bind(assignee)
        .bind(target.as_ref().map(|t| serde_json::to_string(t).unwrap_or_default()))
        .bind(&code)
        .bind(&hash)
        .bind(&phone_enc)
        .bind(&phone_idx)
        .bind(event.handled_on().map(|d| d.to_string()))
        .bind(event.closed_on().map(|d| d.to_string()))
        .bind(&t)
        .fetch_one(w.conn())
        .await?;
        if !event.entries().is_empty() {
            let values: Vec<String> = event
                .entries()
                .iter()
                .enumerate()
                .map(|(n, en)| {
                    let json = serde_json::to_string(en).unwrap_or_default().replace('\'', "''");
                    let actor = if matches!(en.action, Action::Handle { .. } | Action::Feedback { .. }) { worker.0.to_string() } else { "NULL".into() };
                    format!("({id}, {}, '{}', '{json}', {actor}, '{t}')", n + 1, en.on)
                })
                .collect();
            let sql = format!("INSERT INTO grid_event_entry (event_id, seq, on_date, entry_json, actor_id, created_at) VALUES {}", values.join(", "));
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(w.conn()).await?;
        }
        let key = id.to_string();
        let clock = calendar::put_clock_in(&mut w, grid_id, MODULE, EVENT, &key, CLOCK, &event.deadline()).await?;
        let url = console_url(id);
        let state = event.state();
        if state == fazhi_core::grid::event::EventState::Reported
            && let Some(c) = community
        {
            let title = format!("受理网格事件：{}（{}）", title, e.cat.label());
            todo::open_in(&mut w, c, todo::TodoSpec { module: MODULE, kind: TODO_ACCEPT, title: &title, detail: None, url: Some(&url), entity: Some((EVENT, &key)), assignee_id: None, clock_id: Some(clock), due_date: None }).await?;
        }
        if state == fazhi_core::grid::event::EventState::Dispatched {
            let title = format!("办理网格事件：{}（{}）", title, e.cat.label());
            todo::open_in(&mut w, org_id, todo::TodoSpec { module: MODULE, kind: TODO_HANDLE, title: &title, detail: None, url: Some(&url), entity: Some((EVENT, &key)), assignee_id: assignee, clock_id: Some(clock), due_date: None }).await?;
        }
        let _ = (i, &town);
    }
    if portal_seq > 0 {
        sqlx::query("INSERT INTO grid_event_seq (town_id, year, last_seq) VALUES ($1, $2, $3)").bind(town_id).bind(i64::from(today.year())).bind(portal_seq).execute(w.conn()).await?;
    }
    w.record(Change::action("demo", EVENT, "demo", &serde_json::json!({"events": EVENTS.len()})));
    w.commit().await?;
    super::escalate_due(app, today).await?;
    Ok(())
}

/// After the mediation demo (its committees): the director of 西联社区 hands
/// the accepted neighbours' dispute above to the 西联社区 committee through the
/// event service, so the demo shows the link both ways (event → case → event).
pub async fn hand_over_to_mediation(app: &App) -> AppResult<()> {
    let event: Option<i64> = sqlx::query_scalar(
        "SELECT e.id FROM grid_event e JOIN org_unit o ON o.id = e.grid_id \
         WHERE e.is_demo = TRUE AND e.category = 'dispute' AND e.state = 'accepted' AND o.code = '440203103-01-01' ORDER BY e.id",
    )
    .fetch_optional(&app.db.pool)
    .await?;
    let Some(event) = event else { return Ok(()) };
    let committee: i64 = sqlx::query_scalar("SELECT c.id FROM mediation_committee c JOIN org_unit o ON o.id = c.org_id WHERE o.code = '440203103-01' ORDER BY c.id")
        .fetch_one(&app.db.pool)
        .await?;
    let director: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'xilian-director'").fetch_one(&app.db.pool).await?;
    let actor = crate::kernel::load_actor(app, director).await?.ok_or_else(|| AppError::internal("demo user xilian-director"))?;
    let party = |name: &str, phone: &str| crate::mediation::PartyInput { name: name.into(), phone: phone.into(), ..Default::default() };
    let input = crate::mediation::CaseInput {
        committee_id: Some(committee),
        dispute_type: "neighbour".into(),
        facts: "8栋相邻两户，一户装修期间噪音持续到夜间，另一户墙体出现裂缝，双方多次争吵。".into(),
        issues: "一方要求赔偿墙体修复费用并限定施工时间，另一方认为裂缝系房屋老化所致。".into(),
        parties: vec![party("演示·邓某甲", "13800000021"), party("演示·邹某乙", "13800000022")],
        ..Default::default()
    };
    let today = crate::web::pages::today();
    super::service::act(app, &actor, event, today, super::service::Step::ToMediation(input)).await?;
    Ok(())
}
