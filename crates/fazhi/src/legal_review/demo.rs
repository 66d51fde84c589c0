//! Demo: 西联镇's legal advisers and a year (2021) of legality reviews in every
//! state — contracts, 规范性文件, enforcement decisions and decisions (the
//! decision module links its own) — plus reviews open now, so the reviewer's
//! queue, the to-do list and the figures have something real to show. All
//! written through the services, so the audit chain covers them. Firm and
//! person names are invented.
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use fazhi_core::access::Actor;
use fazhi_core::legal_review::{Conclusion, RawAnswer, SubjectKind};

use super::advisers::{self, AdviserForm};
use super::service::{self, NewOpinion, NewReview, Withdrawal};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, load_actor};
use crate::platform::attachments::{NewAttachment, upload_bytes};

async fn actor(app: &App, username: &str) -> AppResult<Actor> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&app.db.pool).await?;
    load_actor(app, id).await?.ok_or_else(|| AppError::internal(format!("demo account {username} missing")))
}

/// 09:30 China time on a day.
fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hour.saturating_sub(8), 30, 0).expect("valid time"))
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, m, day).expect("valid 2021 date")
}

enum Outcome {
    /// Opinion on this date; the points' answers (adopted, note), if responded.
    Opined { on: NaiveDate, conclusion: Conclusion, reasons: &'static str, articles: &'static str, points: &'static [&'static str], answers: Option<&'static [(bool, &'static str)]> },
    Withdrawn { on: NaiveDate, reason: &'static str },
}

struct Case {
    kind: SubjectKind,
    title: &'static str,
    materials: &'static str,
    questions: &'static str,
    submitted: NaiveDate,
    /// Use the named adviser (0 = 李文华, no account; 1 = 陈志明, xilian-adviser); None = 司法所.
    adviser: Option<usize>,
    outcome: Outcome,
}

const CIVIL: &str = "《中华人民共和国民法典》第一百四十三条、第五百零九条";

fn cases() -> Vec<Case> {
    use Conclusion::*;
    vec![
        Case {
            kind: SubjectKind::Contract,
            title: "西联镇农村生活污水处理设施运维服务合同",
            materials: "合同文本（送审稿）、采购结果公告、供应商资质材料",
            questions: "合同价款支付条件、违约责任条款是否合法、是否对镇政府权益保障充分。",
            submitted: d(1, 11),
            adviser: Some(0),
            outcome: Outcome::Opined {
                on: d(1, 15),
                conclusion: LawfulWithChanges,
                reasons: "合同主体适格，采购程序合法。但违约责任约定不对等，运维考核标准不明确，建议修改后签订。",
                articles: "《中华人民共和国民法典》第五百七十七条、第五百八十五条；《中华人民共和国政府采购法》第四十三条",
                points: &["第八条增加运维单位未达到出水水质标准时的违约金计算方式。", "第十二条“甲方应无条件支付”改为“经考核合格后支付”。", "补充争议解决条款，约定由韶关市武江区人民法院管辖。"],
                answers: Some(&[(true, "已按意见修改"), (true, ""), (true, "")]),
            },
        },
        Case {
            kind: SubjectKind::Decision,
            title: "西联镇2021年民生实事项目安排",
            materials: "项目安排（征求意见稿）、公众意见采纳情况说明、资金测算表",
            questions: "决策程序是否完备，项目资金来源是否合法合规。",
            submitted: d(2, 22),
            adviser: Some(1),
            outcome: Outcome::Opined { on: d(3, 3), conclusion: Lawful, reasons: "决策事项属于本镇职权范围，已履行公众参与程序，资金来源明确。", articles: "《重大行政决策程序暂行条例》第三条、第十四条", points: &[], answers: None },
        },
        Case {
            kind: SubjectKind::Enforcement,
            title: "关于对沐溪村村民违法占用耕地建房作出责令限期拆除决定",
            materials: "案卷材料、现场勘验笔录、询问笔录、国土空间规划图",
            questions: "执法主体、事实认定、法律适用及程序是否合法。",
            submitted: d(3, 16),
            adviser: None,
            outcome: Outcome::Opined {
                on: d(3, 18),
                conclusion: LawfulWithChanges,
                reasons: "事实清楚，证据确凿，但决定书未告知当事人申请行政复议和提起行政诉讼的途径和期限。",
                articles: "《中华人民共和国行政处罚法》第四十四条、第五十九条；《中华人民共和国土地管理法》第七十八条",
                points: &["决定书补充告知行政复议、行政诉讼的途径和期限。", "补充送达回证。"],
                answers: Some(&[(true, "已补充"), (true, "已补充")]),
            },
        },
        Case {
            kind: SubjectKind::Document,
            title: "西联镇农村人居环境整治工作考核办法",
            materials: "考核办法（送审稿）、起草说明、征求意见汇总",
            questions: "是否存在违法设定罚款、扣减村民补贴等减损公民权利的条款。",
            submitted: d(4, 12),
            adviser: Some(0),
            outcome: Outcome::Opined {
                on: d(4, 23),
                conclusion: LawfulWithChanges,
                reasons: "第九条对未达标农户“处以罚款”，镇政府无权在规范性文件中设定行政处罚；第十一条扣减村民补贴的规定缺乏法律依据。",
                articles: "《中华人民共和国行政处罚法》第十六条；《广东省行政规范性文件管理规定》第九条",
                points: &["删除第九条关于罚款的规定。", "删除第十一条扣减村民补贴的规定，改为通报表扬和评先评优激励。", "第十四条“本办法自印发之日起施行”后补充有效期。"],
                answers: Some(&[(true, "已删除"), (false, "扣减的是村集体奖补资金，不涉及村民个人补贴，已在条文中写明"), (true, "")]),
            },
        },
        Case {
            kind: SubjectKind::Contract,
            title: "西联镇人民政府办公楼物业管理服务合同",
            materials: "合同文本（送审稿）、询价记录",
            questions: "合同条款是否完备。",
            submitted: d(5, 10),
            adviser: Some(1),
            outcome: Outcome::Opined { on: d(5, 13), conclusion: Lawful, reasons: "合同条款完备，权利义务对等。", articles: CIVIL, points: &[], answers: None },
        },
        Case {
            kind: SubjectKind::Contract,
            title: "芙蓉村集体山林承包合同（续签）",
            materials: "续签合同文本、村民代表会议决议",
            questions: "续签程序是否经村民会议三分之二以上成员或者三分之二以上村民代表同意。",
            submitted: d(6, 7),
            adviser: Some(0),
            outcome: Outcome::Opined {
                on: d(6, 21),
                conclusion: Unlawful,
                reasons: "续签合同未经村民会议或村民代表会议依法表决，承包期限超过法定上限，合同相关条款无效。",
                articles: "《中华人民共和国农村土地承包法》第五十二条；《中华人民共和国村民委员会组织法》第二十四条",
                points: &["依法召开村民代表会议表决后重新签订。", "承包期限调整至法定期限以内。"],
                answers: Some(&[(true, "已于7月5日召开村民代表会议"), (true, "")]),
            },
        },
        Case {
            kind: SubjectKind::Decision,
            title: "西联镇圩镇农贸市场升级改造方案",
            materials: "改造方案、社会稳定风险评估报告、听证会笔录",
            questions: "方案涉及商户临时安置，是否已依法开展风险评估和听证。",
            submitted: d(7, 5),
            adviser: Some(1),
            outcome: Outcome::Opined {
                on: d(7, 19),
                conclusion: LawfulWithChanges,
                reasons: "已开展风险评估和听证，但临时安置补偿标准未公开，改造期间商户经营权益保障措施不足。",
                articles: "《重大行政决策程序暂行条例》第二十二条、第三十二条",
                points: &["公开临时安置补偿标准。", "补充改造期间商户临时经营场所安排。"],
                answers: Some(&[(true, ""), (false, "临时经营场所由市场运营方负责，已在运营协议中约定")]),
            },
        },
        Case {
            kind: SubjectKind::Enforcement,
            title: "关于对西联圩某商铺占道经营作出行政处罚决定",
            materials: "案卷材料、陈述申辩笔录",
            questions: "处罚幅度是否符合裁量基准。",
            submitted: d(8, 2),
            adviser: None,
            outcome: Outcome::Withdrawn { on: d(8, 3), reason: "当事人已自行整改，经集体研究决定不予处罚，撤回审查申请。" },
        },
        Case {
            kind: SubjectKind::Contract,
            title: "西联镇生活垃圾清运服务采购合同",
            materials: "合同文本、采购文件",
            questions: "合同履约保证金条款是否合法。",
            submitted: d(9, 6),
            adviser: Some(0),
            // Opined after the due date: shows in the on-time rate.
            outcome: Outcome::Opined {
                on: d(9, 22),
                conclusion: LawfulWithChanges,
                reasons: "履约保证金比例超过合同金额的百分之十。",
                articles: "《中华人民共和国政府采购法实施条例》第四十八条",
                points: &["履约保证金调整为不超过合同金额的百分之十。"],
                answers: Some(&[(true, "")]),
            },
        },
        Case {
            kind: SubjectKind::Document,
            title: "西联镇村（社区）法律顾问工作制度",
            materials: "制度文本（送审稿）",
            questions: "是否与上级规定相衔接。",
            submitted: d(10, 18),
            adviser: Some(1),
            outcome: Outcome::Opined { on: d(10, 22), conclusion: Lawful, reasons: "与上级规定相衔接，未发现违法条款。", articles: "《广东省行政规范性文件管理规定》第九条、第十条", points: &[], answers: None },
        },
        Case {
            kind: SubjectKind::Decision,
            title: "西联镇农村集体“三资”管理办法",
            materials: "管理办法（送审稿）、起草说明",
            questions: "管理办法对村集体资产处置的审批权限设置是否合法。",
            submitted: d(11, 15),
            adviser: None,
            outcome: Outcome::Opined {
                on: d(11, 24),
                conclusion: LawfulWithChanges,
                reasons: "村集体资产处置属于村民自治范围，镇政府不宜设定审批。",
                articles: "《中华人民共和国村民委员会组织法》第二十四条、第二十七条",
                points: &["将“报镇政府审批”改为“报镇政府备案”。"],
                answers: None,
            },
        },
    ]
}

async fn register_advisers(app: &App, sifa: &Actor, town_id: i64, until_year: i32) -> AppResult<[i64; 2]> {
    let a = advisers::save(
        app,
        sifa,
        None,
        &AdviserForm {
            org_id: Some(town_id),
            name: "李文华（演示）".into(),
            licence_no: "14402201510123456".into(),
            firm: "广东北江律师事务所（演示）".into(),
            contract_start: "2021-01-01".into(),
            contract_end: "2022-12-31".into(),
            scope: "镇政府常年法律顾问：合同审查、规范性文件合法性审查、重大行政执法决定法制审核、信访和矛盾纠纷化解法律咨询。".into(),
            ..Default::default()
        },
    )
    .await?;
    let b = advisers::save(
        app,
        sifa,
        None,
        &AdviserForm {
            org_id: Some(town_id),
            name: "陈志明（演示）".into(),
            licence_no: "14402201810654321".into(),
            firm: "广东韶武律师事务所（演示）".into(),
            contract_start: "2021-01-01".into(),
            contract_end: format!("{until_year}-12-31"),
            scope: "重大行政决策合法性审查、参加镇领导班子联席会议列席提供法律意见、村（社区）法律顾问统筹。".into(),
            username: "xilian-adviser".into(),
            ..Default::default()
        },
    )
    .await?;
    Ok([a, b])
}

pub async fn load(app: &App) -> AppResult<()> {
    let town: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = '440203103'").fetch_one(&app.db.pool).await?;
    let office = actor(app, "xilian-office").await?;
    let sifa = actor(app, "xilian-sifa").await?;
    let adviser = actor(app, "xilian-adviser").await?;
    let today = super::advisers::today();
    let cal = crate::platform::calendar::load(&app.db).await?;
    // Open reviews are dated from today; past the loaded calendar, from a day it covers.
    let anchor = if cal.covers(today + Duration::days(60)) {
        today
    } else {
        NaiveDate::from_ymd_opt(cal.last_loaded_year().unwrap_or(2021), 10, 20).expect("valid date")
    };
    let ids = register_advisers(app, &sifa, town, anchor.year() + 1).await?;
    for c in cases() {
        let (adviser_id, opiner) = match c.adviser {
            Some(i) => (Some(ids[i]), if i == 1 { &adviser } else { &sifa }),
            None => (None, &sifa),
        };
        let reviewer_id = if c.adviser.is_none() { Some(sifa.user_id) } else { None };
        let id = service::request(
            app,
            &office,
            NewReview { materials: c.materials, adviser_id, reviewer_id, at: Some(at(c.submitted, 9)), ..NewReview::new(town, c.kind, c.title, c.questions) },
        )
        .await?;
        if c.kind == SubjectKind::Contract {
            let text = format!("{}\n（送审稿，演示材料）\n甲方：韶关市武江区西联镇人民政府\n", c.title);
            upload_bytes(app, &office, NewAttachment { org_id: town, entity: super::ENTITY, entity_id: &id.to_string(), file_name: "合同文本（送审稿）.txt" }, text.as_bytes()).await?;
        }
        match c.outcome {
            Outcome::Withdrawn { on, reason } => service::withdraw(app, &office, id, Withdrawal { reason, at: Some(at(on, 15)) }).await?,
            Outcome::Opined { on, conclusion, reasons, articles, points, answers } => {
                service::opine(app, opiner, id, NewOpinion { conclusion, reasons, articles, points: points.to_vec(), at: Some(at(on, 16)) }).await?;
                if let Some(answers) = answers {
                    let raw: Vec<RawAnswer> = answers.iter().map(|(a, n)| RawAnswer { adopted: Some(*a), note: n }).collect();
                    service::respond(app, &office, id, &raw, Some(at(on + Duration::days(3), 10))).await?;
                }
            }
        }
    }
    // Open now: one running and one overdue in the adviser's queue, one for 司法所, one awaiting the response.
    let open: [(SubjectKind, &str, &str, i64, Option<i64>); 3] = [
        (SubjectKind::Decision, "西联镇2022年度重大行政决策事项目录（草案）", "目录所列事项是否属于重大行政决策事项范围，有无遗漏。", 2, Some(ids[1])),
        (SubjectKind::Contract, "西联镇文化广场照明设施维修工程施工合同", "工程款支付节点和质保金条款是否合法。", 20, Some(ids[1])),
        (SubjectKind::Enforcement, "关于对西联村某养殖场违法排污作出责令停止违法行为决定", "执法程序及法律适用是否合法。", 1, None),
    ];
    for (kind, title, questions, days_ago, adviser_id) in open {
        let reviewer_id = if adviser_id.is_none() { Some(sifa.user_id) } else { None };
        service::request(app, &office, NewReview { adviser_id, reviewer_id, at: Some(at(anchor - Duration::days(days_ago), 9)), ..NewReview::new(town, kind, title, questions) }).await?;
    }
    let pending = service::request(
        app,
        &office,
        NewReview {
            adviser_id: Some(ids[1]),
            at: Some(at(anchor - Duration::days(14), 9)),
            ..NewReview::new(town, SubjectKind::Document, "西联镇村规民约修订指导意见", "指导意见是否存在超越村民自治范围的要求。")
        },
    )
    .await?;
    service::opine(
        app,
        &adviser,
        pending,
        NewOpinion {
            conclusion: Conclusion::LawfulWithChanges,
            reasons: "指导意见总体合法，但个别条款对村规民约内容作出强制性规定，超出指导范围。",
            articles: "《中华人民共和国村民委员会组织法》第二十七条",
            points: vec!["将“必须写入”改为“可以参照写入”。", "删除对违反村规民约的村民“停止享受村集体福利”的示范条款。"],
            at: Some(at(anchor - Duration::days(6), 16)),
        },
    )
    .await?;
    Ok(())
}
