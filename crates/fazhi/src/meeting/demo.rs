//! Demo: 西联镇's meetings, written through the services as the people who would
//! act (党政办 prepares, members vote, the 镇长 decides and approves).
//!
//! - three meeting types: the weekly 领导班子联席会议 (Mondays 08:30, notice 2 days,
//!   more than half), 党委会 (two thirds), 镇长办公会;
//! - 2021: the whole year of weekly 联席会议, each approved with its minutes, with
//!   realistic 议题 by season; one dissent (人居环境整治资金), one decision contrary to
//!   the majority with its reason (防汛应急预案修订稿), one late notice, leave and
//!   absence with reasons, public materials, and one correction after approval;
//! - around today: an ended meeting awaiting approval, one in session (members
//!   voting), one notified, one in preparation, and proposed items waiting.
use chrono::{Datelike, Duration, NaiveDate};
use fazhi_core::access::Actor;

use super::agenda::{self, ItemForm};
use super::sitting::{self, Entry};
use super::types::{self, TypeForm};
use super::voting::{self, DecisionForm};
use super::{When, minutes};
use crate::error::AppResult;
use crate::kernel::App;
use crate::platform::attachments;

struct People {
    office: Actor,
    leader: Actor,
    d1: Actor,
    d2: Actor,
    d3: Actor,
    adviser: Actor,
}

async fn actor(app: &App, username: &str) -> AppResult<Actor> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&app.db.pool).await?;
    Ok(crate::kernel::load_actor(app, id).await?.expect("demo account"))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// 议题 by month of 2021: (title, 提出单位).
const TOPICS: [&[(&str, &str)]; 12] = [
    &[
        ("研究2021年城乡居民基本医疗保险征缴工作", "社会事务办"),
        ("审议西联镇2021年法治政府建设工作要点", "司法所"),
        ("研究春节期间安全生产和森林防火工作", "应急管理办"),
        ("研究2021年春节走访慰问困难群众方案", "社会事务办"),
        ("研究镇机关2021年度预算执行安排", "财政所"),
    ],
    &[
        ("研究春节后复工复产和疫情防控工作", "党政办"),
        ("研究2021年春耕备耕和农资保障工作", "农业农村办"),
        ("研究西联镇2021年重大行政决策事项目录（草案）", "党政办"),
        ("研究镇村两级网格化服务管理工作方案", "综治办"),
    ],
    &[
        ("研究农村人居环境整治资金安排", "农业农村办"),
        ("研究2021年义务植树和绿美西联建设工作", "自然资源所"),
        ("研究落实法律顾问参与重大行政决策合法性审查的工作机制", "司法所"),
        ("研究村（社区）“两委”换届选举后续工作", "党政办"),
    ],
    &[
        ("审议西联镇防汛应急预案修订稿", "应急管理办"),
        ("研究清明节期间森林防火和祭扫安全工作", "应急管理办"),
        ("研究党史学习教育“我为群众办实事”项目清单", "党政办"),
        ("研究2021年农村危房改造对象审核工作", "规划建设办"),
    ],
    &[
        ("研究2021年汛期地质灾害防治工作", "自然资源所"),
        ("研究村级集体经济发展项目申报工作", "农业农村办"),
        ("研究镇区主干道交通安全隐患整治方案", "规划建设办"),
        ("研究“七五”普法总结和“八五”普法规划启动工作", "司法所"),
    ],
    &[
        ("研究主汛期防汛值班和转移安置工作", "应急管理办"),
        ("研究2021年高考、中考期间环境保障工作", "综治办"),
        ("研究镇农贸市场升级改造方案", "经济发展办"),
        ("研究安全生产月活动方案", "应急管理办"),
    ],
    &[
        ("研究2021年第三季度安全生产大检查工作", "应急管理办"),
        ("研究农村低保、特困供养人员动态管理工作", "社会事务办"),
        ("研究芙蓉村饮水安全巩固提升工程实施方案", "农业农村办"),
        ("研究镇机关干部法治培训计划", "司法所"),
    ],
    &[
        ("研究秋季森林防火工作方案", "应急管理办"),
        ("研究2021年度征兵工作", "退役军人服务站"),
        ("研究新岭村土地承包经营权流转纠纷调处意见", "司法所"),
        ("研究上半年财政收支情况和下半年资金安排", "财政所"),
    ],
    &[
        ("研究国庆节期间安全稳定工作", "综治办"),
        ("研究2021年秋季学校周边环境综合整治工作", "综治办"),
        ("研究农村生活垃圾分类试点工作方案", "生态环境办"),
        ("研究退役军人服务保障工作", "退役军人服务站"),
    ],
    &[
        ("研究2022年度城乡居民基本医疗保险征缴动员工作", "社会事务办"),
        ("研究秋冬季农村道路交通安全整治工作", "综治办"),
        ("研究沐溪村污水管网建设项目实施方案", "规划建设办"),
        ("研究2021年度行政执法案卷自查工作", "司法所"),
    ],
    &[
        ("研究西联镇2021年度法治政府建设工作报告", "司法所"),
        ("研究镇级财政预算调整方案", "财政所"),
        ("研究冬季森林防火和野外用火管控工作", "应急管理办"),
        ("研究2021年度政府信息公开工作年度报告编制工作", "党政办"),
    ],
    &[
        ("研究2021年度工作总结和2022年工作计划", "党政办"),
        ("研究元旦、春节期间走访慰问工作", "社会事务办"),
        ("研究岁末年初安全生产和根治欠薪工作", "应急管理办"),
        ("研究2022年度重大行政决策事项目录编制工作", "党政办"),
    ],
];

const ROUTINE: (&str, &str) = ("通报近期重点工作推进情况", "党政办");
const DISSENT_ITEM: &str = "研究农村人居环境整治资金安排";
const CONTRARY_ITEM: &str = "审议西联镇防汛应急预案修订稿";

fn subject(title: &str) -> &str {
    title.strip_prefix("研究").or_else(|| title.strip_prefix("审议")).unwrap_or(title)
}

fn item_form(org_id: i64, title: &str, unit: &str, notes: bool) -> ItemForm {
    let s = subject(title);
    ItemForm {
        org_id: Some(org_id),
        title: title.into(),
        proposer_unit: unit.into(),
        summary: format!("{unit}汇报{s}的有关情况，提出工作方案、责任分工和经费测算，提请会议研究。\n拟办意见：原则同意方案，由{unit}牵头，各村（社区）和相关办（所）配合落实。"),
        research_notes: if notes { format!("会前{unit}已到各村（社区）调研，书面征求了相关办（所）意见，党政办组织了会前协调；涉及法律问题的已请法律顾问提出意见。") } else { String::new() },
        decision_id: None,
    }
}

/// A member's vote on one item: who, choice, opinion.
type Vote<'a> = (&'a Actor, &'static str, &'static str);

struct Sitting<'a> {
    app: &'a App,
    p: &'a People,
    town: i64,
}

impl Sitting<'_> {
    async fn material(&self, item: i64, title: &str, public: bool, at: When) -> AppResult<()> {
        let text = format!("{title}\n\n（送审稿）\n\n一、基本情况\n二、工作目标\n三、主要措施\n四、责任分工\n五、经费保障\n\n西联镇人民政府\n");
        let s = attachments::upload_bytes(self.app, &self.p.office, attachments::NewAttachment { org_id: self.town, entity: super::ITEM_ENTITY, entity_id: &item.to_string(), file_name: &format!("{}（送审稿）.txt", subject(title)) }, text.as_bytes()).await?;
        agenda::add_material(self.app, &self.p.office, item, s.id, public, at).await
    }

    /// Proposes and accepts the items, sends the notice (3 days before unless `late`).
    async fn prepare(&self, mid: i64, date: NaiveDate, topics: &[(&str, &str)], late: Option<&str>, materials: bool) -> AppResult<Vec<i64>> {
        let mut ids = Vec::new();
        for (k, (title, unit)) in topics.iter().enumerate() {
            let proposer = if k % 2 == 0 { &self.p.office } else { &self.p.d2 };
            let id = agenda::propose(self.app, proposer, &item_form(self.town, title, unit, k % 2 == 0), When::at(date - Duration::days(7), 10, k as u32).not_after_now()).await?;
            if materials && k == 0 {
                self.material(id, title, true, When::at(date - Duration::days(6), 9, 0).not_after_now()).await?;
            }
            agenda::accept(self.app, &self.p.office, id, mid, When::at(date - Duration::days(4), 16, k as u32).not_after_now()).await?;
            ids.push(id);
        }
        match late {
            Some(reason) => sitting::send_notice(self.app, &self.p.office, mid, reason, When::at(date - Duration::days(1), 18, 0).not_after_now()).await?,
            None => sitting::send_notice(self.app, &self.p.office, mid, "", When::at(date - Duration::days(3), 16, 30).not_after_now()).await?,
        };
        Ok(ids)
    }

    async fn open(&self, mid: i64, date: NaiveDate, leave: Option<(&Actor, &str, &str)>, adviser_present: bool) -> AppResult<()> {
        sitting::start(self.app, &self.p.office, mid, When::at(date, 8, 30)).await?;
        let p = self.p;
        let mut entries = Vec::new();
        for m in [&p.leader, &p.d1, &p.d2, &p.d3] {
            match leave {
                Some((who, presence, reason)) if who.user_id == m.user_id => entries.push(Entry { user_id: m.user_id, presence, reason }),
                _ => entries.push(Entry { user_id: m.user_id, presence: "present", reason: "" }),
            }
        }
        if adviser_present {
            entries.push(Entry { user_id: p.adviser.user_id, presence: "present", reason: "" });
        } else {
            entries.push(Entry { user_id: p.adviser.user_id, presence: "absent", reason: "本次议题未提请法律顾问列席" });
        }
        sitting::record_attendance_many(self.app, &p.office, mid, &entries, When::at(date, 8, 35)).await
    }

    async fn votes(&self, item: i64, date: NaiveDate, votes: &[Vote<'_>]) -> AppResult<()> {
        for (k, (who, choice, opinion)) in votes.iter().enumerate() {
            voting::cast_vote(self.app, who, item, choice, opinion, When::at(date, 9, 10 + k as u32)).await?;
        }
        Ok(())
    }

    async fn decide(&self, item: i64, date: NaiveDate, outcome: &str, text: &str, reason: &str) -> AppResult<()> {
        voting::decide(self.app, &self.p.office, item, &DecisionForm { outcome: outcome.into(), text: text.into(), contrary_reason: reason.into() }, When::at(date, 10, 0)).await?;
        Ok(())
    }
}

pub async fn load(app: &App) -> AppResult<()> {
    let town: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = '440203103'").fetch_one(&app.db.pool).await?;
    let p = People {
        office: actor(app, "xilian-office").await?,
        leader: actor(app, "xilian-leader").await?,
        d1: actor(app, "xilian-deputy1").await?,
        d2: actor(app, "xilian-deputy2").await?,
        d3: actor(app, "xilian-deputy3").await?,
        adviser: actor(app, "xilian-adviser").await?,
    };
    let joint = types::create_type(
        app,
        &p.office,
        town,
        &TypeForm { name: "领导班子联席会议".into(), notice_days: 2, quorum_num: 1, quorum_den: 2, quorum_strict: true, weekday: Some(1), start_time: "08:30".into(), location: "镇政府三楼会议室".into() },
    )
    .await?;
    let party = types::create_type(app, &p.office, town, &TypeForm { name: "党委会".into(), notice_days: 1, quorum_num: 2, quorum_den: 3, quorum_strict: false, weekday: None, start_time: "15:00".into(), location: "镇党委会议室".into() }).await?;
    let mayor = types::create_type(app, &p.office, town, &TypeForm { name: "镇长办公会".into(), notice_days: 1, quorum_num: 1, quorum_den: 2, quorum_strict: true, weekday: None, start_time: "09:00".into(), location: "镇政府二楼会议室".into() }).await?;
    for t in [joint, party, mayor] {
        types::set_member(app, &p.office, t, p.leader.user_id, "principal", "镇长").await?;
        types::set_member(app, &p.office, t, p.d1.user_id, "member", "党委副书记").await?;
        types::set_member(app, &p.office, t, p.d2.user_id, "member", "副镇长").await?;
        types::set_member(app, &p.office, t, p.d3.user_id, "member", "党委委员、副镇长").await?;
    }
    types::set_member(app, &p.office, joint, p.adviser.user_id, "attendee", "政府法律顾问").await?;
    types::set_member(app, &p.office, mayor, p.adviser.user_id, "attendee", "政府法律顾问").await?;

    let s = Sitting { app, p: &p, town };
    load_2021(&s, joint).await?;
    if let Err(e) = load_current(&s, joint).await {
        tracing::warn!("demo: current meetings incomplete: {e}");
    }
    Ok(())
}

async fn load_2021(s: &Sitting<'_>, joint: i64) -> AppResult<()> {
    let p = s.p;
    let ids = types::generate_schedule(s.app, &p.office, joint, d(2021, 1, 4), 52, When::at(d(2020, 12, 28), 9, 0)).await?;
    let mut used: [usize; 12] = [0; 12];
    let mut correction_done = false;
    for (k, mid) in ids.iter().enumerate() {
        let date: String = sqlx::query_scalar("SELECT meeting_date FROM meeting WHERE id = $1").bind(mid).fetch_one(&s.app.db.pool).await?;
        let date = super::date(&date);
        if date.year() != 2021 {
            continue;
        }
        let month = date.month0() as usize;
        let want = if k % 2 == 0 { 2 } else { 1 };
        let mut topics = Vec::new();
        for _ in 0..want {
            match TOPICS[month].get(used[month]) {
                Some(t) => {
                    topics.push(*t);
                    used[month] += 1;
                }
                None if topics.is_empty() => topics.push(ROUTINE),
                None => {}
            }
        }
        let first_of_month = date.day() <= 7;
        let late = (k == 24).then_some("上周五全镇开展防汛隐患排查，会议通知延至周日发出");
        let items = s.prepare(*mid, date, &topics, late, first_of_month).await?;
        let special = topics.iter().any(|t| t.0 == DISSENT_ITEM || t.0 == CONTRARY_ITEM);
        let leave = match k % 9 {
            _ if special => None,
            4 => Some((&p.d2, "leave", "参加武江区人大常委会会议")),
            7 => Some((&p.d3, "leave", "带队赴区应急管理局参加防汛培训")),
            _ => None,
        };
        s.open(*mid, date, leave, first_of_month || topics.iter().any(|t| t.1 == "司法所")).await?;
        let present: Vec<&Actor> = [&p.d1, &p.d2, &p.d3].into_iter().filter(|m| leave.is_none_or(|l| l.0.user_id != m.user_id)).collect();
        for (item, (title, unit)) in items.iter().zip(&topics) {
            let sub = subject(title);
            if *title == DISSENT_ITEM {
                voting::add_note(s.app, &p.office, *item, p.d3.user_id, "资金总量同意，但建议优先保障沐溪村污水管网改造，按村切块的比例再研究。", When::at(date, 9, 0)).await?;
                let mut v: Vec<Vote> = present.iter().map(|m| (*m, "agree", "")).collect();
                if let Some(x) = v.iter_mut().find(|x| x.0.user_id == p.d3.user_id) {
                    *x = (&p.d3, "disagree", "建议优先保障沐溪村污水管网改造，资金切块比例再研究");
                }
                v.push((&p.leader, "agree", ""));
                s.votes(*item, date, &v).await?;
                s.decide(*item, date, "adopt", "会议同意农业农村办提出的2021年农村人居环境整治资金安排方案，共计安排资金按方案执行；沐溪村污水管网改造列入下半年优先实施项目。周伟东同志的不同意见记录在案。", "").await?;
            } else if *title == CONTRARY_ITEM {
                voting::add_note(s.app, &p.office, *item, p.d1.user_id, "修订稿总体可行，但各村转移安置点的意见还没有收齐，建议征求意见后再上会。", When::at(date, 9, 0)).await?;
                let v: Vec<Vote> = vec![
                    (&p.d1, "disagree", "建议征求各村意见后再上会"),
                    (&p.d2, "disagree", "转移安置点名单需再核实"),
                    (&p.d3, "agree", ""),
                    (&p.leader, "agree", "汛期临近，预案须先行实施"),
                ];
                s.votes(*item, date, &v).await?;
                s.decide(
                    *item,
                    date,
                    "adopt",
                    "会议决定印发《西联镇防汛应急预案（2021年修订）》，由应急管理办负责组织实施；各村转移安置点名单于5月10日前补充核实后作为附件更新。",
                    "我镇4月15日起进入汛期，旧预案的转移安置和值班要求已不适应当前需要；修订稿已征求区应急管理局意见，先行印发实施更有利于保障群众安全，各村意见在执行中收集、年底前再修订。",
                )
                .await?;
            } else {
                let mut v: Vec<Vote> = present.iter().map(|m| (*m, "agree", "")).collect();
                v.push((&p.leader, "agree", ""));
                s.votes(*item, date, &v).await?;
                s.decide(*item, date, "adopt", &format!("会议同意{unit}关于{sub}的工作方案，由{unit}牵头，各村（社区）和相关办（所）按分工抓好落实，重要情况及时报告。"), "").await?;
            }
        }
        sitting::end(s.app, &p.office, *mid, When::at(date, 11, 30)).await?;
        minutes::approve(s.app, &p.leader, *mid, When::at(date + Duration::days(2), 10, 0)).await?;
        if !correction_done && date.month() == 9 {
            let vote: Option<i64> = sqlx::query_scalar("SELECT id FROM meeting_vote WHERE meeting_id = $1 AND user_id = $2 ORDER BY id LIMIT 1").bind(mid).bind(p.d3.user_id).fetch_optional(&s.app.db.pool).await?;
            if let Some(v) = vote {
                minutes::correct_vote(s.app, &p.leader, v, "abstain", "", "记录人员将周伟东同志的表决意见误录为“同意”，经本人核对会议录音，应为“弃权”", When::at(date + Duration::days(6), 15, 0)).await?;
                correction_done = true;
            }
        }
    }
    Ok(())
}

/// Meetings around today in every state before approval.
async fn load_current(s: &Sitting<'_>, joint: i64) -> AppResult<()> {
    let p = s.p;
    let today = crate::web::pages::today();
    // Last week's meeting: ended, minutes awaiting approval.
    let last = today - Duration::days(7);
    let mid = sitting::create_meeting(s.app, &p.office, joint, &last.to_string(), "08:30", "", When::at(last - Duration::days(10), 9, 0)).await?;
    let items = s.prepare(mid, last, &[("研究近期安全生产检查发现问题整改工作", "应急管理办")], None, true).await?;
    s.open(mid, last, None, true).await?;
    s.votes(items[0], last, &[(&p.d1, "agree", ""), (&p.d2, "agree", ""), (&p.d3, "abstain", "部分整改时限偏紧，建议再评估"), (&p.leader, "agree", "")]).await?;
    s.decide(items[0], last, "adopt", "会议同意应急管理办提出的整改方案，整改完成情况于月底前报党政办汇总。", "").await?;
    sitting::end(s.app, &p.office, mid, When::at(last, 11, 0)).await?;

    // Today's meeting: in session, members voting.
    let mid = sitting::create_meeting(s.app, &p.office, joint, &today.to_string(), "08:30", "", When::at(today - Duration::days(10), 9, 0)).await?;
    let topics = [("研究城乡居民基本医疗保险征缴工作推进情况", "社会事务办"), ("审议西联镇农村人居环境整治提升方案", "农业农村办")];
    let items = s.prepare(mid, today, &topics, None, true).await?;
    s.material(items[1], topics[1].0, false, When::at(today - Duration::days(5), 9, 0)).await?;
    sitting::start(s.app, &p.office, mid, When::now()).await?;
    let e = |a: &Actor| Entry { user_id: a.user_id, presence: "present", reason: "" };
    sitting::record_attendance_many(s.app, &p.office, mid, &[e(&p.leader), e(&p.d1), e(&p.d2), e(&p.d3), e(&p.adviser)], When::now()).await?;
    voting::add_note(s.app, &p.office, items[0], p.d1.user_id, "今年征缴进度比去年同期慢，建议各村书记包片督促，重点做好外出务工人员的动员。", When::now()).await?;
    voting::cast_vote(s.app, &p.d1, items[0], "agree", "", When::now()).await?;

    // Next week's: notified; the week after: in preparation.
    let next = today + Duration::days(7);
    let mid = sitting::create_meeting(s.app, &p.office, joint, &next.to_string(), "08:30", "", When::now()).await?;
    s.prepare(mid, next, &[("研究秋冬季森林防火工作", "应急管理办"), ("研究2022年度城乡居民基本医疗保险征缴动员工作", "社会事务办")], None, false).await?;
    let after = today + Duration::days(14);
    let mid = sitting::create_meeting(s.app, &p.office, joint, &after.to_string(), "08:30", "", When::now()).await?;
    let id = agenda::propose(s.app, &p.office, &item_form(s.town, "研究镇村两级法律顾问服务工作安排", "司法所", true), When::now()).await?;
    agenda::accept(s.app, &p.office, id, mid, When::now()).await?;
    // Waiting to be put on an agenda.
    agenda::propose(s.app, &p.d2, &item_form(s.town, "研究西联村集体经济发展项目", "农业农村办", true), When::now()).await?;
    agenda::propose(s.app, &p.office, &item_form(s.town, "研究镇综合行政执法队伍规范化建设工作", "综合行政执法办", false), When::now()).await?;
    Ok(())
}
