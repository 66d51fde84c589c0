//! Demo disclosure requests, written through the services with their own
//! dates: 西联镇's twelve requests of 2021 (what a plausible 2021 annual report
//! counts: several outcomes, one carried into 2022, one 行政复议), this year's
//! requests in every state (received, under review, waiting for a correction,
//! paused for consultations and a fee, extended by the head, overdue,
//! answered on time and late, answered on the spot and archived, abandoned),
//! and two of 龙归镇. Applicants are invented; ID numbers are synthesized
//! (`IdNumber::synthesize`), phones are 1380751xxxx, and every row is flagged
//! `is_demo`.
use chrono::{Duration, NaiveDate};
use fazhi_core::access::Actor;
use fazhi_core::disclosure::{Action, AnswerType, ApplicantType, Channel, ConsultationReply, Delivery, Form, Outcome, ReceiptFacts, Response};
use fazhi_core::personal::IdNumber;

use super::cases::{CaseForm, add_case};
use super::service::{Applicant, SettingsForm, Step, act_at, create, public_actor, save_settings, synthesize_credit_code};
use crate::error::AppResult;
use crate::kernel::{App, OrgRef, load_actor, load_org};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("demo date")
}

async fn org_by_code(app: &App, code: &str) -> AppResult<OrgRef> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1").bind(code).fetch_one(&app.db.pool).await?;
    load_org(app, id).await
}

async fn actor(app: &App, username: &str) -> AppResult<Actor> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&app.db.pool).await?;
    load_actor(app, id).await?.ok_or_else(|| crate::error::AppError::internal(format!("demo user {username}")))
}

const NAMES: [&str; 16] = ["陈建华", "黄秀英", "李志强", "张丽娟", "刘海涛", "邓美玲", "吴国平", "梁晓燕", "何俊杰", "曾凤霞", "罗文斌", "谢雅琴", "周永康", "林小红", "叶振华", "冯桂兰"];

/// The `i`-th invented natural person.
fn person(i: usize, description: &str, form: Form, delivery: Delivery) -> Applicant {
    let birth = d(1960 + (i as i32 * 3) % 40, 1 + (i as u32 * 5) % 12, 1 + (i as u32 * 7) % 28);
    Applicant {
        applicant_type: ApplicantType::NaturalPerson,
        name: NAMES[i % NAMES.len()].to_string(),
        id_number: IdNumber::synthesize("440203", birth, 100 + i as u16).as_str().to_string(),
        phone: format!("1380751{:04}", 1000 + i),
        address: Some(format!("广东省韶关市武江区西联镇演示路{}号", 10 + i)),
        email: (delivery == Delivery::Email).then(|| format!("applicant{i}@example.com")),
        description: description.to_string(),
        purpose: None,
        form,
        delivery,
    }
}

fn organization(kind: ApplicantType, name: &str, body17: &str, description: &str) -> Applicant {
    Applicant {
        applicant_type: kind,
        name: name.to_string(),
        id_number: synthesize_credit_code(body17),
        phone: "0751-8123456".into(),
        address: Some("广东省韶关市武江区演示大道88号".into()),
        email: None,
        description: description.to_string(),
        purpose: None,
        form: Form::Paper,
        delivery: Delivery::Post,
    }
}

/// How a demo request arrived.
enum Arrival {
    InPerson(NaiveDate),
    SignedPost(NaiveDate),
    /// Arrived, then confirmed with the applicant.
    Letter(NaiveDate, NaiveDate),
    Online(NaiveDate),
}

struct Town<'a> {
    app: &'a App,
    town: OrgRef,
    office: Actor,
    leader: Option<Actor>,
    today: NaiveDate,
}

impl Town<'_> {
    async fn receive(&self, a: &Applicant, arrival: Arrival) -> AppResult<i64> {
        let (channel, facts, actor) = match arrival {
            Arrival::InPerson(on) => (Channel::InPerson, ReceiptFacts { submitted_on: Some(on), ..Default::default() }, self.office.clone()),
            Arrival::SignedPost(on) => (Channel::SignedPost, ReceiptFacts { signed_for_on: Some(on), ..Default::default() }, self.office.clone()),
            Arrival::Letter(arrived, confirmed) => {
                (Channel::OrdinaryLetter, ReceiptFacts { arrived_on: Some(arrived), confirmed_on: Some(confirmed), ..Default::default() }, self.office.clone())
            }
            Arrival::Online(on) => (Channel::Online, ReceiptFacts { arrived_on: Some(on), confirmed_on: Some(on), ..Default::default() }, public_actor(&self.town)),
        };
        let received = fazhi_core::disclosure::receipt_date(channel, &facts).map_err(fazhi_core::DomainError::from)?;
        Ok(create(self.app, &actor, &self.town, a, channel, &facts, received, self.today, true).await?.id)
    }

    async fn step(&self, id: i64, on: NaiveDate, action: Action) -> AppResult<()> {
        let by = if matches!(action, Action::Extend { .. }) { self.leader.as_ref().unwrap_or(&self.office) } else { &self.office };
        // The head who approves an extension is the one recorded as approver.
        let action = match action {
            Action::Extend { days, reason, notified_on, .. } => Action::Extend { days, approver: by.display_name.clone(), reason, notified_on },
            other => other,
        };
        act_at(self.app, by, id, Step::new(on, action), self.today).await?;
        Ok(())
    }

    async fn steps(&self, id: i64, steps: Vec<(NaiveDate, Action)>) -> AppResult<()> {
        for (on, action) in steps {
            self.step(id, on, action).await?;
        }
        Ok(())
    }
}

fn respond(outcome: Outcome) -> Response {
    Response::new(outcome)
}

fn answer(r: Response) -> Action {
    Action::Respond { response: r }
}

fn extend(days: u32, reason: &str, on: NaiveDate) -> Action {
    Action::Extend { days, approver: String::new(), reason: reason.into(), notified_on: on }
}

pub async fn load(app: &App) -> AppResult<()> {
    let today = crate::web::pages::today();
    let xilian = org_by_code(app, "440203103").await?;
    let longgui = org_by_code(app, "440203105").await?;
    let office = actor(app, "xilian-office").await?;
    let leader = actor(app, "xilian-leader").await?;
    let lg_office = actor(app, "longgui-office").await?;
    for (town, actor, prefix) in [(&xilian, &office, "XL"), (&longgui, &lg_office, "LG")] {
        save_settings(app, actor, town.id, &SettingsForm { prefix: prefix.into(), review_body: "韶关市武江区人民政府".into(), court: "韶关市武江区人民法院".into() }).await?;
    }
    let x = Town { app, town: xilian.clone(), office: office.clone(), leader: Some(leader.clone()), today };
    load_2021(&x).await?;
    // This year's requests are relative to today; a year whose holidays are
    // not loaded yet refuses timed steps, which must not stop the demo.
    if let Err(e) = load_current(&x).await {
        tracing::warn!("demo: this year's disclosure requests incomplete: {e}");
    }
    let lg = Town { app, town: longgui, office: lg_office, leader: None, today };
    if let Err(e) = load_longgui(&lg).await {
        tracing::warn!("demo: 龙归镇 disclosure requests incomplete: {e}");
    }
    Ok(())
}

/// 西联镇, 2021: twelve requests, eleven answered in the year, one carried into 2022.
async fn load_2021(x: &Town<'_>) -> AppResult<()> {
    use Form::{Electronic, Paper};

    let id = x.receive(&person(0, "2020年西联镇农村危房改造补助对象名单", Paper, Delivery::Pickup), Arrival::InPerson(d(2021, 1, 18))).await?;
    x.steps(id, vec![
        (d(2021, 1, 19), Action::AcceptForReview),
        (d(2021, 2, 1), answer(respond(Outcome::Disclosed).with_answer(AnswerType::AlreadyPublic).with_reason("该名单已于2020年12月在西联镇政府信息公开专栏“农村危房改造”栏目主动公开，可登录本门户查阅。"))),
        (d(2021, 2, 5), Action::Archive),
    ]).await?;

    let id = x.receive(&person(1, "西联村2020年度村集体土地承包经营权流转合同及流转费用明细", Electronic, Delivery::Email), Arrival::Online(d(2021, 3, 8))).await?;
    x.steps(id, vec![
        (d(2021, 3, 9), Action::AcceptForReview),
        (d(2021, 3, 26), answer(respond(Outcome::PartlyDisclosed).with_reason("流转合同中承包农户的身份证号码、联系电话属于个人隐私，公开会对第三方合法权益造成损害，已作区分处理后提供其余内容（条例第十五条、第三十七条）。"))),
    ]).await?;

    let id = x.receive(&person(2, "西联镇2021年第一季度城乡居民最低生活保障资金发放情况", Paper, Delivery::Post), Arrival::SignedPost(d(2021, 4, 12))).await?;
    x.steps(id, vec![(d(2021, 4, 13), Action::AcceptForReview), (d(2021, 4, 29), answer(respond(Outcome::Disclosed).with_reason("随本告知书提供《西联镇2021年第一季度低保资金发放汇总表》1份（已隐去个人信息）。")))]).await?;

    let company = organization(ApplicantType::CommercialEnterprise, "韶关市演示农业发展有限公司", "91440203MA4W00011", "芙蓉村部分集体土地征收补偿安置方案及其批准文件");
    let id = x.receive(&company, Arrival::InPerson(d(2021, 5, 10))).await?;
    x.steps(id, vec![
        (d(2021, 5, 11), Action::AcceptForReview),
        (d(2021, 5, 13), Action::StartCoAgencyConsultation { agency: "韶关市武江区自然资源局".into() }),
        (d(2021, 5, 27), Action::EndCoAgencyConsultation { reply: ConsultationReply::Consent }),
        (
            d(2021, 6, 10),
            answer(
                respond(Outcome::UnavailableNotHeld)
                    .with_answer(AnswerType::NotThisAgency)
                    .with_reason("土地征收补偿安置方案由区人民政府组织拟订并报批，本机关未制作、保存该方案及批准文件。")
                    .with_responsible_agency("韶关市武江区自然资源局，联系电话 0751-8000200（演示号码）"),
            ),
        ),
    ]).await?;

    let id = x.receive(&person(3, "新岭村2021年村道硬化工程招标投标文件（含投标报价明细）", Electronic, Delivery::Online), Arrival::Online(d(2021, 6, 7))).await?;
    x.steps(id, vec![
        (d(2021, 6, 8), Action::AcceptForReview),
        (d(2021, 6, 10), Action::StartThirdPartyConsultation { third_party: "韶关市演示建设工程有限公司".into() }),
        (d(2021, 6, 28), Action::EndThirdPartyConsultation { reply: ConsultationReply::Objection { reasonable: true } }),
        (
            d(2021, 7, 5),
            answer(respond(Outcome::WithheldThirdPartyRights).with_reason("投标报价明细和技术方案涉及投标人的商业秘密，经书面征求意见，第三方不同意公开且理由合理，公开会对第三方合法权益造成损害。")),
        ),
    ]).await?;
    // The applicant applied for 行政复议; the district government upheld the answer.
    let office = &x.office;
    add_case(
        x.app,
        office,
        id,
        &CaseForm { part: "review".into(), result: "upheld".into(), filed_on: "2021-08-20".into(), decided_on: "2021-10-15".into(), authority: "韶关市武江区人民政府".into(), case_no: "武府复〔2021〕演示第7号".into(), note: String::new() },
    )
    .await?;

    let id = x.receive(&person(4, "西联镇政府信息公开指南", Paper, Delivery::Pickup), Arrival::InPerson(d(2021, 7, 5))).await?;
    x.steps(id, vec![
        (d(2021, 7, 5), Action::AnswerOnSpot { response: respond(Outcome::Disclosed).with_answer(AnswerType::AlreadyPublic).with_reason("当场提供《西联镇政府信息公开指南》纸质文本1份。") }),
        (d(2021, 7, 6), Action::Archive),
    ]).await?;

    let id = x.receive(&person(5, "反映与邻居宅基地界址纠纷，要求镇政府查处并答复处理结果", Paper, Delivery::Post), Arrival::Letter(d(2021, 8, 2), d(2021, 8, 4))).await?;
    x.steps(id, vec![
        (d(2021, 8, 5), Action::AcceptForReview),
        (d(2021, 8, 13), answer(respond(Outcome::NotProcessedPetition).with_reason("来信反映的是宅基地界址纠纷并要求查处，属于信访、投诉事项，已转镇综治中心按信访程序办理。"))),
    ]).await?;

    let id = x.receive(&person(6, "西联镇全部工作人员的收入情况", Electronic, Delivery::Online), Arrival::Online(d(2021, 8, 23))).await?;
    x.steps(id, vec![
        (d(2021, 8, 25), Action::RequestCorrection { items: vec!["请明确所需信息的具体名称、所属年度或时间范围".into(), "请明确“收入情况”所指的具体内容（如工资标准、津补贴项目）".into()], reply_by: d(2021, 9, 10) }),
        (d(2021, 9, 13), Action::MarkAbandoned),
    ]).await?;

    let id = x.receive(&person(7, "西联镇2012年第3次镇长办公会议纪要", Paper, Delivery::Pickup), Arrival::InPerson(d(2021, 9, 6))).await?;
    x.steps(id, vec![
        (d(2021, 9, 7), Action::AcceptForReview),
        (d(2021, 9, 30), answer(respond(Outcome::UnavailableNotHeld).with_answer(AnswerType::NotExist).with_reason("经检索本机关档案，2012年未召开第3次镇长办公会议，所申请的信息不存在。"))),
    ]).await?;

    let id = x.receive(&person(7, "西联镇2012年第3次镇长办公会议纪要（再次申请）", Paper, Delivery::Pickup), Arrival::Online(d(2021, 10, 18))).await?;
    x.steps(id, vec![
        (d(2021, 10, 19), Action::AcceptForReview),
        (d(2021, 10, 28), answer(respond(Outcome::NotProcessedRepeated).with_reason("本机关已于2021年9月30日就您申请的相同信息作出答复。"))),
    ]).await?;

    let coop = organization(ApplicantType::OtherOrganization, "西联镇演示农民专业合作社", "93440203MA4W00022", "西联镇2021年度农田水利建设项目资金安排及使用情况");
    let id = x.receive(&coop, Arrival::InPerson(d(2021, 11, 15))).await?;
    x.steps(id, vec![
        (d(2021, 11, 16), Action::AcceptForReview),
        (d(2021, 12, 10), extend(20, "涉及的项目资金账目需向区财政局调取核对，无法在20个工作日内答复", d(2021, 12, 10))),
        (d(2021, 12, 24), answer(respond(Outcome::Disclosed).with_reason("随本告知书提供《西联镇2021年度农田水利建设项目资金安排及使用情况表》。"))),
    ]).await?;

    let id = x.receive(&person(8, "西联镇2021年度法治政府建设年度报告的起草稿及征求意见记录", Electronic, Delivery::Email), Arrival::Online(d(2021, 12, 20))).await?;
    x.steps(id, vec![
        (d(2021, 12, 21), Action::AcceptForReview),
        (d(2022, 1, 10), answer(respond(Outcome::WithheldProcessInformation).with_reason("所申请的起草稿及征求意见记录属于行政机关在履行行政管理职能过程中形成的过程性信息，可以不予公开（条例第十六条第二款）。"))),
    ]).await?;
    Ok(())
}

/// 西联镇, this year: one request in every state, dated back from today.
async fn load_current(x: &Town<'_>) -> AppResult<()> {
    use Form::{Electronic, Paper};
    let t = x.today;
    let r = |n: i64| t - Duration::days(n);

    // 已收到: submitted online yesterday.
    x.receive(&person(9, "西联镇本年度耕地地力保护补贴发放名单（西联村部分）", Electronic, Delivery::Online), Arrival::Online(r(1))).await?;

    // 审查办理中, due in a few days.
    let id = x.receive(&person(10, "沐溪村人居环境整治项目验收材料", Paper, Delivery::Pickup), Arrival::InPerson(r(24))).await?;
    x.steps(id, vec![(r(23), Action::AcceptForReview)]).await?;

    // 待申请人补正 (paused).
    let id = x.receive(&person(11, "镇里关于我家那块地的文件", Paper, Delivery::Post), Arrival::Online(r(10))).await?;
    x.steps(id, vec![(r(8), Action::RequestCorrection { items: vec!["请写明所需文件的名称、文号或形成时间".into(), "请写明土地所在的村、组及地块位置".into()], reply_by: t + Duration::days(10) })]).await?;

    // 征求第三方意见中 (paused).
    let id = x.receive(&person(12, "西联社区某商铺的消防安全检查记录", Paper, Delivery::Pickup), Arrival::InPerson(r(15))).await?;
    x.steps(id, vec![(r(14), Action::AcceptForReview), (r(9), Action::StartThirdPartyConsultation { third_party: "西联社区演示商行（经营者）".into() })]).await?;

    // 征求其他机关意见中 (paused).
    let id = x.receive(&person(13, "西联镇辖区内省道改扩建工程的征地红线图", Paper, Delivery::Post), Arrival::SignedPost(r(20))).await?;
    x.steps(id, vec![(r(19), Action::AcceptForReview), (r(12), Action::StartCoAgencyConsultation { agency: "韶关市武江区交通运输局".into() })]).await?;

    // 待缴纳信息处理费 (paused).
    let id = x.receive(&person(14, "西联镇近三年全部建设项目的规划许可、施工许可及竣工验收文件复印件", Paper, Delivery::Post), Arrival::InPerson(r(25))).await?;
    x.steps(id, vec![(r(24), Action::AcceptForReview)]).await?;
    let fee = fazhi_core::disclosure::fees::fee_per_page(150);
    act_at(x.app, &x.office, id, Step { on: r(6), action: Action::IssueFeeNotice { amount_fen: fee.fen }, detail: Some(fee.explanation), note: Some("申请复印约150页，按量计收。".into()) }, t).await?;

    // Extended by the head: the due date moves 20 working days.
    let id = x.receive(&person(15, "西联镇本年度乡村振兴项目资金使用明细", Paper, Delivery::Pickup), Arrival::InPerson(r(35))).await?;
    x.steps(id, vec![(r(34), Action::AcceptForReview), (r(20), extend(20, "所需资金明细分散在多个项目档案中，需逐项核对", r(20)))]).await?;

    // Overdue: under review past the due date.
    let id = x.receive(&person(0, "新岭村村民小组换届选举结果公告及选票统计表", Paper, Delivery::Pickup), Arrival::InPerson(r(45))).await?;
    x.steps(id, vec![(r(44), Action::AcceptForReview)]).await?;

    // Answered on time.
    let id = x.receive(&person(1, "西联镇本年度为民办实事项目清单及进度", Electronic, Delivery::Email), Arrival::Online(r(30))).await?;
    x.steps(id, vec![(r(29), Action::AcceptForReview), (r(5), answer(respond(Outcome::Disclosed).with_reason("随本告知书提供为民办实事项目清单及进度表。")))]).await?;

    // Answered late.
    let id = x.receive(&person(2, "西联镇垃圾转运站选址论证材料", Paper, Delivery::Post), Arrival::SignedPost(r(75))).await?;
    x.steps(id, vec![(r(74), Action::AcceptForReview), (r(20), answer(respond(Outcome::UnavailableNeedsCreation).with_reason("选址论证未形成书面材料，按您的要求需另行汇总制作，本机关不予提供。")))]).await?;
    add_case(
        x.app,
        &x.office,
        id,
        &CaseForm { part: "review".into(), result: String::new(), filed_on: r(10).to_string(), decided_on: String::new(), authority: "韶关市武江区人民政府".into(), case_no: String::new(), note: "申请人以超期答复为由申请行政复议。".into() },
    )
    .await?;

    // Answered on the spot, then archived.
    let id = x.receive(&person(3, "西联镇政府信息公开工作机构的办公时间和联系电话", Paper, Delivery::Pickup), Arrival::InPerson(r(3))).await?;
    x.steps(id, vec![
        (r(3), Action::AnswerOnSpot { response: respond(Outcome::Disclosed).with_answer(AnswerType::AlreadyPublic).with_reason("已当场告知，并指引查阅本门户政府信息公开指南。") }),
        (r(2), Action::Archive),
    ]).await?;

    // 视为放弃: no correction within the period given.
    let id = x.receive(&person(4, "有关部门的那个通知", Paper, Delivery::Pickup), Arrival::InPerson(r(60))).await?;
    x.steps(id, vec![(r(58), Action::RequestCorrection { items: vec!["请写明通知的名称、发文机关或发文时间".into()], reply_by: r(45) }), (r(40), Action::MarkAbandoned)]).await?;
    Ok(())
}

/// 龙归镇: one under review, one answered.
async fn load_longgui(x: &Town<'_>) -> AppResult<()> {
    let t = x.today;
    let r = |n: i64| t - Duration::days(n);
    let mut a = person(5, "龙归镇冲下村本年度村级公益事业一事一议财政奖补项目资金使用情况", Form::Paper, Delivery::Pickup);
    a.address = Some("广东省韶关市武江区龙归镇演示街5号".into());
    let id = x.receive(&a, Arrival::InPerson(r(12))).await?;
    x.steps(id, vec![(r(11), Action::AcceptForReview)]).await?;
    let mut a = person(6, "龙归镇本年度防汛应急预案", Form::Electronic, Delivery::Online);
    a.address = None;
    let id = x.receive(&a, Arrival::Online(r(40))).await?;
    x.steps(id, vec![(r(39), Action::AcceptForReview), (r(25), answer(respond(Outcome::Disclosed).with_answer(AnswerType::AlreadyPublic).with_reason("该预案已在龙归镇政府信息公开专栏主动公开。")))]).await?;
    Ok(())
}
