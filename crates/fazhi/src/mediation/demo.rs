//! Demo: 西联镇's people's mediation — the town committee and the 西联社区
//! committee with their mediators, and cases in every state (邻里宅基地纠纷,
//! 婚姻家庭纠纷, 劳务费纠纷 …) relative to today, so the clocks show live
//! values; one 龙归镇 case shows isolation. Names, ID numbers (valid check
//! digits, synthesized) and addresses are invented. Written through the same
//! services as real use, so the audit chain covers it.
use chrono::{Duration, NaiveDate};
use fazhi_core::access::Actor;
use fazhi_core::mediation::agreement::{AgreementForm, Execution, Mark};
use fazhi_core::mediation::case::{Action, Performance, RiskKind, Route, TerminationReason};
use fazhi_core::personal::IdNumber;

use super::committees::{CommitteeForm, MediatorForm, add_mediator, create_committee};
use super::service::{CaseInput, PartyInput, Step, act_at, open_case_at};
use crate::error::AppResult;
use crate::kernel::{App, OrgRef, load_actor, load_org};

async fn org_by_code(app: &App, code: &str) -> AppResult<OrgRef> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1").bind(code).fetch_one(&app.db.pool).await?;
    load_org(app, id).await
}

async fn user(app: &App, username: &str) -> AppResult<(i64, Actor)> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&app.db.pool).await?;
    Ok((id, load_actor(app, id).await?.ok_or_else(|| crate::error::AppError::internal(format!("demo user {username}")))?))
}

fn party(i: usize, name: &str) -> PartyInput {
    let birth = NaiveDate::from_ymd_opt(1955 + (i as i32 * 7) % 40, 1 + (i as u32 * 5) % 12, 1 + (i as u32 * 3) % 28).expect("demo date");
    PartyInput {
        name: name.into(),
        id_number: IdNumber::synthesize("440203", birth, 300 + i as u16).as_str().to_string(),
        phone: format!("1390751{:04}", 2000 + i),
        address: format!("广东省韶关市武江区西联镇演示村{}号", 20 + i),
    }
}

struct Demo<'a> {
    app: &'a App,
    today: NaiveDate,
}

impl Demo<'_> {
    fn day(&self, ago: i64) -> NaiveDate {
        self.today - Duration::days(ago)
    }

    #[allow(clippy::too_many_arguments)]
    async fn open(&self, by: &Actor, committee: i64, source: &str, note: &str, dispute: &str, ago: i64, facts: &str, issues: &str, parties: Vec<PartyInput>) -> AppResult<i64> {
        let input = CaseInput {
            committee_id: Some(committee),
            source: source.into(),
            source_note: note.into(),
            dispute_type: dispute.into(),
            applied_on: self.day(ago).to_string(),
            facts: facts.into(),
            issues: issues.into(),
            parties,
        };
        open_case_at(self.app, by, &input, self.today, true).await
    }

    async fn steps(&self, by: &Actor, id: i64, steps: Vec<(i64, Action, Option<serde_json::Value>)>) -> AppResult<()> {
        for (ago, action, detail) in steps {
            act_at(self.app, by, id, Step { on: self.day(ago), action, detail }, self.today).await?;
        }
        Ok(())
    }
}

fn session(time: &str, place: &str, mediator: &str, attendees: &str, record: &str) -> (Action, Option<serde_json::Value>) {
    (Action::HoldSession { record: record.into(), public: false }, Some(serde_json::json!({"time": time, "place": place, "mediator": mediator, "attendees": attendees})))
}

fn written(content: &str, performance: &str) -> (Action, Option<serde_json::Value>) {
    (Action::ReachAgreement { form: AgreementForm::Written, content: content.into() }, Some(serde_json::json!({"performance": performance, "copies": 3})))
}

fn sign(p: &str) -> Action {
    Action::Execute { execution: Execution::Party { party: p.into(), mark: Mark::Signature } }
}

pub async fn load(app: &App) -> AppResult<()> {
    let today = crate::web::pages::today();
    let x = Demo { app, today };
    let town = org_by_code(app, "440203103").await?;
    let community = org_by_code(app, "440203103-01").await?;
    let longgui = org_by_code(app, "440203105").await?;
    let (sifa_id, sifa) = user(app, "xilian-sifa").await?;
    let (med_id, mediator) = user(app, "xilian-mediator").await?;
    let (_, lg_admin) = user(app, "admin").await?;

    let term = |y: i32| NaiveDate::from_ymd_opt(y, 3, 1).expect("demo date").to_string();
    let tc = create_committee(
        app,
        &sifa,
        &CommitteeForm {
            org_id: Some(town.id),
            name: "西联镇人民调解委员会".into(),
            members: "邓国强 男 主任\n陈秀兰 女 副主任\n李明辉 男 委员\n黄丽萍 女 委员\n何志坚 男 委员".into(),
            term_start: term(2024),
            term_end: String::new(),
        },
    )
    .await?;
    add_mediator(app, &sifa, tc, &MediatorForm { name: "司法所所长（演示）".into(), kind: "appointed".into(), birth_date: "1978-05-12".into(), user_id: Some(sifa_id) }).await?;
    add_mediator(app, &sifa, tc, &MediatorForm { name: "陈秀兰".into(), kind: "member".into(), birth_date: "1969-09-03".into(), user_id: None }).await?;
    let cc = create_committee(
        app,
        &mediator,
        &CommitteeForm {
            org_id: Some(community.id),
            name: "西联社区人民调解委员会".into(),
            members: "罗建新 男 主任\n梁桂芳 女 委员\n曾伟明 男 委员".into(),
            term_start: term(2024),
            term_end: String::new(),
        },
    )
    .await?;
    add_mediator(app, &mediator, cc, &MediatorForm { name: "西联社区人民调解员（演示）".into(), kind: "member".into(), birth_date: "1982-11-20".into(), user_id: Some(med_id) }).await?;
    let lc = create_committee(
        app,
        &lg_admin,
        &CommitteeForm { org_id: Some(longgui.id), name: "龙归镇人民调解委员会".into(), members: "朱国良 男 主任\n温小燕 女 委员\n钟立新 男 委员".into(), term_start: term(2024), term_end: String::new() },
    )
    .await?;
    add_mediator(app, &lg_admin, lc, &MediatorForm { name: "温小燕".into(), kind: "member".into(), birth_date: "1975-02-14".into(), user_id: None }).await?;

    if let Err(e) = cases(&x, &sifa, &mediator, &lg_admin, tc, cc, lc).await {
        // A year whose holidays are not loaded refuses timed steps; the rest stays.
        tracing::warn!("demo: mediation cases incomplete: {e}");
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn cases(x: &Demo<'_>, sifa: &Actor, med: &Actor, lg: &Actor, tc: i64, cc: i64, lc: i64) -> AppResult<()> {
    let s = "司法所所长（演示）";
    let m = "西联社区人民调解员（演示）";
    let reg = |who: &str| Action::Register { mediators: vec![who.to_string()] };

    // 1. 邻里宅基地纠纷: agreement signed and sealed, followed up, 司法确认 applied for.
    let id = x
        .open(sifa, tc, "visit", "甲方到司法所来访申请调解", "house_and_homestead", 60,
            "甲方与乙方系西联村演示组相邻住户。乙方于今年翻建住房时，在两户交界处砌筑围墙，甲方认为围墙越过原宅基地界线约0.4米，占用其滴水位，双方多次争吵。",
            "围墙是否越界及是否拆除重砌；甲方要求乙方赔偿损失。",
            vec![party(1, "陈建华"), party(2, "黄志明")])
        .await?;
    let (s1, d1) = session("上午9时30分", "西联镇司法所调解室", s, "甲方、乙方、西联村委会干部1名", "调解员会同村干部现场查看并调取1998年宅基地使用证附图，围墙东段越界约0.3米。双方同意以使用证附图为准。");
    let (a1, ad1) = written("一、乙方于十五日内自行拆除越界部分围墙，按宅基地使用证附图界线重砌，费用由乙方承担。\n二、甲方放弃其他赔偿请求。\n三、双方今后互谅互让，和睦相处。", "乙方于本协议生效之日起十五日内完成拆除重砌，由西联村委会见证。");
    x.steps(sifa, id, vec![
        (58, reg(s), None),
        (52, s1, d1),
        (52, a1, ad1),
        (52, sign("甲方"), None),
        (52, sign("乙方"), None),
        (52, Action::Execute { execution: Execution::Mediator { name: s.into() } }, None),
        (51, Action::Execute { execution: Execution::CommitteeSeal }, None),
        (40, Action::FollowUp { performance: Performance::Performed, note: "回访时围墙已按界线重砌，双方无异议。".into() }, None),
        (38, Action::ApplyForConfirmation { court: "韶关市武江区人民法院".into() }, None),
    ]).await?;

    // 2. 婚姻家庭纠纷: written agreement, only 甲方 has signed — not yet effective.
    let id = x
        .open(med, cc, "call", "甲方来电求助", "marriage_family", 9,
            "甲方与乙方系夫妻，因乙方长期在外务工、家庭开支分担及照顾老人问题发生矛盾，甲方回娘家居住已月余。",
            "家庭开支如何分担；老人赡养和子女照顾的安排。",
            vec![party(3, "张丽娟"), party(4, "李志强")])
        .await?;
    let (s2, d2) = session("下午3时", "西联社区人民调解室", m, "甲方、乙方、乙方母亲", "双方陈述各自意见，调解员释明民法典关于夫妻互相扶养义务的规定。乙方表示愿意每月固定寄回生活费。");
    let (a2, ad2) = written("一、乙方每月10日前向甲方转账家庭生活费3000元。\n二、老人由双方共同照顾，乙方每季度回家不少于一次。\n三、甲方于协议签订后三日内返回家中居住。", "按月履行；西联社区居委会每季度回访一次。");
    x.steps(med, id, vec![(8, reg(m), None), (5, s2, d2), (5, a2, ad2), (5, sign("甲方"), None)]).await?;

    // 3. 劳务费纠纷 (referred by the police station): effective, followed up, archived.
    let id = x
        .open(sifa, tc, "referral", "西联派出所移交", "labour", 80,
            "甲方等为乙方承包的农房建设工程提供泥水工劳务，工程完工后乙方以房主未结清工程款为由，拖欠甲方劳务费12800元。",
            "乙方应否及何时支付劳务费12800元。",
            vec![party(5, "刘海涛"), party(6, "吴国平")])
        .await?;
    let (s3, d3) = session("上午10时", "西联镇人民调解委员会", s, "甲方、乙方、房主代表", "核对考勤记录和结算单，劳务费数额双方无异议。乙方同意分两期支付。");
    let (a3, ad3) = written("一、乙方确认欠付甲方劳务费12800元。\n二、乙方于本月底前支付8000元，次月底前支付余款4800元。\n三、甲方不再就本纠纷向乙方主张其他费用。", "分两期以银行转账方式支付至甲方账户。");
    x.steps(sifa, id, vec![
        (79, reg(s), None),
        (75, s3, d3),
        (75, a3, ad3),
        (75, sign("甲方"), None),
        (75, Action::Execute { execution: Execution::Party { party: "乙方".into(), mark: Mark::Thumbprint } }, None),
        (75, Action::Execute { execution: Execution::Mediator { name: s.into() } }, None),
        (75, Action::Execute { execution: Execution::CommitteeSeal }, None),
        (30, Action::FollowUp { performance: Performance::Performed, note: "两期款项均已付清，甲方出具收条。".into() }, None),
        (29, Action::Archive, None),
    ]).await?;

    // 4. 邻里纠纷 (own initiative): mediating, escalation risk flagged to 综治.
    let id = x
        .open(med, cc, "initiative", "网格员巡查发现", "neighbour", 6,
            "甲方与乙方因共用巷道堆放杂物、电动车充电线路横跨巷道发生争执，双方曾发生推搡。",
            "巷道杂物清理及充电线路整改；乙方要求甲方赔礼道歉。",
            vec![party(7, "何俊杰"), party(8, "罗文斌")])
        .await?;
    let (s4, d4) = session("晚上7时30分", "西联社区党群服务中心", m, "甲方、乙方、楼栋长", "双方情绪激动，乙方扬言要“自己解决”。调解员分别做工作，约定三日后再次调解。");
    x.steps(med, id, vec![
        (5, reg(m), None),
        (3, s4, d4),
        (3, Action::FlagRisk { kind: RiskKind::Escalation, note: "双方曾发生推搡，乙方扬言自行解决，有激化可能".into() }, None),
    ]).await?;

    // 5. 山林土地纠纷: a party expressly refused — not mediated (art.17).
    let id = x
        .open(sifa, tc, "visit", "甲方来访", "forest_and_land", 20,
            "甲方与乙方就西联村后山约3亩林地的承包经营权归属发生争议。",
            "林地承包经营权归属。",
            vec![party(9, "邓美玲"), party(10, "梁伟雄")])
        .await?;
    x.steps(sifa, id, vec![(19, Action::RecordRefusal { party: "乙方".into(), statement: "乙方书面表示不同意人民调解，将向镇人民政府申请处理林地权属争议。".into() }, None)]).await?;

    // 6. 损害赔偿纠纷: terminated, routes told.
    let id = x
        .open(sifa, tc, "referral", "镇综治中心移交", "damage_compensation", 45,
            "乙方饲养的家犬咬伤甲方，甲方治疗花费医疗费等共计4600元，双方就赔偿数额协商未果。",
            "赔偿数额。",
            vec![party(11, "曾凤霞"), party(12, "谢国栋")])
        .await?;
    let (s6, d6) = session("上午9时", "西联镇司法所调解室", s, "甲方、乙方", "甲方要求赔偿8000元，乙方只同意承担2000元，经两次调解差距仍大。");
    x.steps(sifa, id, vec![
        (44, reg(s), None),
        (40, s6, d6),
        (33, Action::Terminate { reason: TerminationReason::NoAgreement, note: "双方对赔偿数额分歧较大。".into(), routes_told: Route::ALL.to_vec() }, None),
    ]).await?;

    // 7. 物业纠纷: just applied (待登记).
    x.open(med, cc, "visit", "", "property", 1,
        "西联社区演示小区业主甲方反映物业公司（乙方）未按约定清运垃圾，拒交物业费引发争执。",
        "物业服务质量及物业费缴纳。",
        vec![party(13, "叶振华"), party(14, "西联演示物业服务有限公司")])
        .await?;

    // 8. 邻里纠纷, oral agreement recorded by the mediator.
    let id = x
        .open(med, cc, "call", "乙方来电", "neighbour", 15,
            "甲方家空调外机排水滴落至楼下乙方阳台，双方多次争吵。",
            "空调排水管改造。",
            vec![party(15, "林小红"), party(16, "冯桂兰")])
        .await?;
    let (s8, d8) = session("上午10时", "西联社区人民调解室", m, "甲方、乙方", "甲方同意加装排水管引至地面排水沟，当场达成口头协议。");
    x.steps(med, id, vec![
        (14, reg(m), None),
        (13, s8, d8),
        (13, Action::ReachAgreement { form: AgreementForm::Oral, content: "甲方于三日内自费加装空调排水管，乙方不再追究。".into() }, None),
        (13, Action::Execute { execution: Execution::OralRecord { mediator: m.into() } }, None),
    ]).await?;

    // 9. 道路交通事故纠纷: registered, the first session not yet held.
    let id = x
        .open(sifa, tc, "referral", "武江交警大队西联中队移交", "traffic_accident", 3,
            "乙方驾驶摩托车在西联圩演示路口与甲方驾驶的电动自行车发生碰撞，甲方右腿受伤，交警认定双方负同等责任。",
            "医疗费、误工费、车辆维修费的分担。",
            vec![party(19, "周永康"), party(20, "罗志强")])
        .await?;
    x.steps(sifa, id, vec![(2, reg(s), None)]).await?;

    // 10. 龙归镇: another town's case, never visible to 西联镇.
    let id = x
        .open(lg, lc, "visit", "", "contract", 10,
            "龙归镇演示村村民甲方与乙方就农机租赁费发生争议。",
            "租赁费数额。",
            vec![party(17, "朱国华"), party(18, "钟立强")])
        .await?;
    x.steps(lg, id, vec![(9, reg("温小燕"), None)]).await?;
    Ok(())
}
