//! Demo data: 广东省 › 韶关市 › 武江区 › 西联镇 (the seed's town) and 龙归镇 (a
//! second town, to show isolation), with accounts for every role. Village,
//! community and person names are invented demo data (org units are flagged
//! `is_demo`). Everything is written through the same services as real use,
//! so the audit chain covers the demo too.
use chrono::{Duration, NaiveDate};
use fazhi_core::access::{Actor, Role};
use fazhi_core::org::{OrgKind, OrgPath};

use crate::db::now_text;
use crate::error::AppResult;
use crate::kernel::{App, Change, OrgRef, Write, load_org};
use crate::platform::{calendar, orgs, search, todo, users};

pub struct DemoAccount {
    pub username: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub org: &'static str,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount { username: "admin", name: "系统管理员", role: Role::SystemAdmin, org: "440000" },
    DemoAccount { username: "wujiang-supervisor", name: "区司法局督察员（演示）", role: Role::DistrictSupervisor, org: "440203" },
    DemoAccount { username: "xilian-leader", name: "镇长（演示）", role: Role::PrincipalLeader, org: "440203103" },
    DemoAccount { username: "xilian-office", name: "党政办干事（演示）", role: Role::TownOffice, org: "440203103" },
    DemoAccount { username: "xilian-sifa", name: "司法所所长（演示）", role: Role::JudicialOffice, org: "440203103" },
    DemoAccount { username: "xilian-adviser", name: "法律顾问（演示）", role: Role::LegalAdviser, org: "440203103" },
    DemoAccount { username: "xilian-director", name: "西联社区居委会主任（演示）", role: Role::CommunityDirector, org: "440203103-01" },
    DemoAccount { username: "xilian-grid", name: "西联社区网格员（演示）", role: Role::GridWorker, org: "440203103-01-01" },
    DemoAccount { username: "xilian-steward", name: "西联社区第一网格1栋楼栋长（演示）", role: Role::BuildingSteward, org: "440203103-01-01" },
    DemoAccount { username: "longgui-office", name: "龙归镇党政办干事（演示）", role: Role::TownOffice, org: "440203105" },
    DemoAccount { username: "xilian-mediator", name: "西联社区人民调解员（演示）", role: Role::CommunityDirector, org: "440203103-01" },
    // 领导班子成员 (会议制度, M6): fictional names.
    DemoAccount { username: "xilian-deputy1", name: "李国华（党委副书记，演示）", role: Role::TownLeader, org: "440203103" },
    DemoAccount { username: "xilian-deputy2", name: "陈秀兰（副镇长，演示）", role: Role::TownLeader, org: "440203103" },
    DemoAccount { username: "xilian-deputy3", name: "周伟东（党委委员、副镇长，演示）", role: Role::TownLeader, org: "440203103" },
];

struct Unit {
    code: &'static str,
    name: &'static str,
    kind: OrgKind,
    parent: &'static str,
}

const UNITS: &[Unit] = &[
    Unit { code: "440200", name: "韶关市", kind: OrgKind::City, parent: "440000" },
    Unit { code: "440203", name: "武江区", kind: OrgKind::District, parent: "440200" },
    Unit { code: "440203103", name: "西联镇", kind: OrgKind::Town, parent: "440203" },
    Unit { code: "440203103-01", name: "西联社区", kind: OrgKind::Community, parent: "440203103" },
    Unit { code: "440203103-02", name: "西联村", kind: OrgKind::Community, parent: "440203103" },
    Unit { code: "440203103-03", name: "新岭村", kind: OrgKind::Community, parent: "440203103" },
    Unit { code: "440203103-04", name: "芙蓉村", kind: OrgKind::Community, parent: "440203103" },
    Unit { code: "440203103-05", name: "沐溪村", kind: OrgKind::Community, parent: "440203103" },
    Unit { code: "440203103-01-01", name: "西联社区第一网格", kind: OrgKind::Grid, parent: "440203103-01" },
    Unit { code: "440203103-01-02", name: "西联社区第二网格", kind: OrgKind::Grid, parent: "440203103-01" },
    Unit { code: "440203103-01-03", name: "西联社区第三网格", kind: OrgKind::Grid, parent: "440203103-01" },
    Unit { code: "440203103-02-01", name: "西联村第一网格", kind: OrgKind::Grid, parent: "440203103-02" },
    Unit { code: "440203103-03-01", name: "新岭村第一网格", kind: OrgKind::Grid, parent: "440203103-03" },
    Unit { code: "440203105", name: "龙归镇", kind: OrgKind::Town, parent: "440203" },
    Unit { code: "440203105-01", name: "龙归社区", kind: OrgKind::Community, parent: "440203105" },
    Unit { code: "440203105-02", name: "冲下村", kind: OrgKind::Community, parent: "440203105" },
    Unit { code: "440203105-01-01", name: "龙归社区第一网格", kind: OrgKind::Grid, parent: "440203105-01" },
];

async fn org_by_code(app: &App, code: &str) -> AppResult<OrgRef> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1").bind(code).fetch_one(&app.db.pool).await?;
    load_org(app, id).await
}

/// Creates the root unit (the one write with no parent to authorize against).
async fn create_root(app: &App) -> AppResult<OrgRef> {
    let mut tx = app.db.begin_write().await?;
    let t = now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO org_unit (parent_id, kind, code, name, path, town_id, is_demo, created_at, updated_at) VALUES (NULL, 'province', '440000', '广东省', '', NULL, TRUE, $1, $1) RETURNING id",
    )
    .bind(&t)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE org_unit SET path = $1 WHERE id = $2").bind(OrgPath::root(id).as_str()).bind(id).execute(&mut **tx).await?;
    tx.commit().await?;
    let root = load_org(app, id).await?;
    let system = Actor::system(root.path.clone(), root.id);
    let mut w = Write::begin(app, &system, fazhi_core::access::Permission::OrgManage, &root).await?;
    w.record(Change::create("org_unit", id, &serde_json::json!({"kind": "province", "code": "440000", "name": "广东省"})));
    w.commit().await?;
    Ok(root)
}

/// Loads the demo unless the database already holds org units. Returns whether it loaded.
pub async fn load(app: &App, password: &str) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM org_unit").fetch_one(&app.db.pool).await?;
    if n > 0 {
        return Ok(false);
    }
    let root = create_root(app).await?;
    let system = Actor::system(root.path.clone(), root.id);
    for u in UNITS {
        let parent = org_by_code(app, u.parent).await?;
        orgs::insert_org(app, &system, &parent, u.kind, u.code, u.name).await?;
    }
    sqlx::query("UPDATE org_unit SET is_demo = TRUE").execute(&app.db.pool).await?;
    for (code, address, phone) in [
        ("440203103", "广东省韶关市武江区西联镇人民政府（演示地址）", "0751-8000103（演示号码）"),
        ("440203105", "广东省韶关市武江区龙归镇人民政府（演示地址）", "0751-8000105（演示号码）"),
    ] {
        let org = org_by_code(app, code).await?;
        let mut w = Write::begin(app, &system, fazhi_core::access::Permission::OrgManage, &org).await?;
        let hours = "周一至周五（法定节假日除外）上午 8:30—12:00，下午 14:30—17:30";
        sqlx::query("UPDATE org_unit SET address = $1, phone = $2, office_hours = $3 WHERE id = $4").bind(address).bind(phone).bind(hours).bind(org.id).execute(w.conn()).await?;
        w.record(Change::update("org_unit", org.id, &serde_json::Value::Null, &serde_json::json!({"address": address, "phone": phone, "office_hours": hours})));
        let body = format!("{}人民政府 机构信息 办公地址：{address} 联系电话：{phone} 办公时间：{hours} 法治政府建设 政务公开 网格化管理 人民调解", org.name);
        search::index_in(&mut w, search::SearchDoc { org_id: org.id, module: "platform", entity: "org_unit", entity_id: &org.id.to_string(), title: &format!("{}人民政府机构信息", org.name), body: &body, url: &format!("/portal/{code}"), is_public: true }).await?;
        w.commit().await?;
    }
    let mut ids = std::collections::HashMap::new();
    for a in ACCOUNTS {
        let org = org_by_code(app, a.org).await?;
        let id = users::create_user(app, &system, users::NewUser { username: a.username, display_name: a.name, org_id: org.id, title: "", password, role: Some(a.role.code()) }).await?;
        ids.insert(a.username, id);
    }
    load_todos(app, &system, &ids).await?;
    crate::disclosure::demo::load(app, password).await?;
    crate::disclosure::requests::demo::load(app).await?;
    crate::disclosure::annual_report::demo::load(app).await?;
    crate::legal_review::demo::load(app).await?;
    crate::grid::demo::load(app).await?;
    crate::mediation::demo::load(app).await?;
    crate::grid::events::hand_over_to_mediation(app).await?;
    crate::major_decision::demo::load(app).await?;
    crate::meeting::demo::load(app).await?;
    Ok(true)
}

/// A few assignments in every state a to-do can be in: overdue, due soon, no
/// deadline, assigned to a person; plus the admin's reminder about next year's calendar.
async fn load_todos(app: &App, system: &Actor, ids: &std::collections::HashMap<&str, i64>) -> AppResult<()> {
    let today = crate::web::pages::today();
    let xilian = org_by_code(app, "440203103").await?;
    let longgui = org_by_code(app, "440203105").await?;
    let sup = crate::kernel::load_actor(app, ids["wujiang-supervisor"]).await?.expect("demo supervisor");
    let leader = crate::kernel::load_actor(app, ids["xilian-leader"]).await?.expect("demo leader");
    let d = |n: i64| (today + Duration::days(n)).to_string();
    todo::assign(app, &sup, todo::NewAssignment { org_id: xilian.id, title: "督办：落实法律顾问参与重大行政决策合法性审查", detail: "针对 2021 年度报告所列“没有充分发挥法律顾问作用”问题，报送整改措施及佐证材料。", due_date: &d(-3), due_workdays: "", assignee_id: None }).await?;
    todo::assign(app, &sup, todo::NewAssignment { org_id: xilian.id, title: "督办：报送本年度法治政府建设工作要点落实情况", detail: "请于 15 个工作日内报送，附佐证材料。", due_date: "", due_workdays: "15", assignee_id: None }).await?;
    todo::assign(app, &sup, todo::NewAssignment { org_id: longgui.id, title: "督办：报送本年度法治政府建设工作总结", detail: "按区委依法治区办通知要求报送。", due_date: "", due_workdays: "10", assignee_id: None }).await?;
    todo::assign(app, &leader, todo::NewAssignment { org_id: xilian.id, title: "组织本季度干部法治培训", detail: "每季度开展全镇干部法治思想教育培训，做好签到和课时登记。", due_date: &d(20), due_workdays: "", assignee_id: Some(ids["xilian-office"]) }).await?;
    let grid = org_by_code(app, "440203103-01-01").await?;
    todo::assign(app, &leader, todo::NewAssignment { org_id: grid.id, title: "核对本网格每日巡查记录", detail: "", due_date: "", due_workdays: "", assignee_id: Some(ids["xilian-grid"]) }).await?;
    let cal = calendar::load(&app.db).await?;
    if let Some(y) = calendar::next_year_missing(&cal, today) {
        let root = org_by_code(app, "440000").await?;
        let mut w = Write::begin(app, system, fazhi_core::access::Permission::TodoAssign, &root).await?;
        let title = format!("载入{y}年节假日安排");
        let detail = format!("国务院办公厅通常在每年 10—12 月发布下一年度节假日安排。{y}年尚未载入，跨年的期限将显示“日历未载入”。");
        todo::open_in(&mut w, root.id, todo::TodoSpec { module: "calendar", kind: "calendar_year", title: &title, detail: Some(&detail), url: Some("/console/calendar"), entity: Some(("calendar_year", &y.to_string())), assignee_id: Some(ids["admin"]), clock_id: None, due_date: NaiveDate::from_ymd_opt(y - 1, 12, 31) }).await?;
        w.commit().await?;
    }
    Ok(())
}
