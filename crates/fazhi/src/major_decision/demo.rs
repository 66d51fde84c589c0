//! Demo: 西联镇's 2021 decision catalogue (approved after the Party
//! committee's consent, published) with decisions in different states — one
//! complete and published with public comments, a hearing, a risk assessment,
//! execution reports and a post-evaluation; one blocked by a 不合法 legality
//! opinion; one published and later suspended — and, in the current year's
//! catalogue, a draft out for public comment now. Written through the
//! services (legality reviews through the legality-review mechanism), so the
//! audit chain covers every record. Person names are invented.
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use fazhi_core::access::Actor;
use fazhi_core::legal_review::{Conclusion, RawAnswer};
use fazhi_core::major_decision::Step;

use super::catalogue::{self, CatalogueForm, ItemForm};
use super::comments::{self, CommentForm, ModerateForm};
use super::service::{self, CommentPeriodForm, DecisionForm, LegalityForm, StepForm};
use super::{ENTITY, material_key};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, load_actor};
use crate::legal_review::{self, NewOpinion};
use crate::platform::attachments::{NewAttachment, upload_bytes};

const TOWN: &str = "440203103";

async fn actor(app: &App, username: &str) -> AppResult<Actor> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&app.db.pool).await?;
    load_actor(app, id).await?.ok_or_else(|| AppError::internal(format!("demo account {username} missing")))
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, m, day).expect("valid 2021 date")
}

/// 09:30 China time on a day.
fn at(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(1, 30, 0).expect("valid time"))
}

fn step(on: NaiveDate, summary: &str) -> StepForm {
    StepForm { done_on: on.to_string(), summary: summary.into(), ..StepForm::default() }
}

/// A small, valid PDF standing in for a scanned material.
fn pdf(title: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {title}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

async fn material(app: &App, who: &Actor, org_id: i64, decision_id: i64, s: Option<Step>, name: &str) -> AppResult<()> {
    let key = material_key(decision_id, s);
    upload_bytes(app, who, NewAttachment { org_id, entity: ENTITY, entity_id: &key, file_name: name }, &pdf(name)).await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn launch(app: &App, office: &Actor, item_id: i64, title: &str, summary: &str, on: NaiveDate, hearing: bool, technical: bool, risky: bool, today: NaiveDate) -> AppResult<i64> {
    let flag = |b: bool| if b { "1".to_string() } else { String::new() };
    let f = DecisionForm {
        catalogue_item_id: item_id.to_string(),
        title: title.into(),
        summary: summary.into(),
        launched_on: on.to_string(),
        hearing: flag(hearing),
        technical: flag(technical),
        risky: flag(risky),
        ..DecisionForm::default()
    };
    service::create(app, office, &f, today).await
}

pub async fn load(app: &App) -> AppResult<()> {
    let office = actor(app, "xilian-office").await?;
    let leader = actor(app, "xilian-leader").await?;
    let adviser = actor(app, "xilian-adviser").await?;
    let today = crate::web::pages::today();
    let town = crate::disclosure::town_by_code(app, TOWN).await?;

    // ── The 2021 catalogue ──
    let cat = catalogue::create(app, &office, &CatalogueForm { town_id: Some(town.id), year: "2021".into(), title: String::new() }).await?;
    let items = [
        ("西联镇农村生活垃圾收运处置体系建设方案", "镇农业农村办公室", "《广东省城乡生活垃圾管理条例》；《韶关市农村生活垃圾治理工作方案》", "2021年第二季度"),
        ("西联镇集体经济发展扶持资金管理办法", "镇农业农村办公室、镇财政所", "《广东省农村集体资产管理条例》", "2021年第三季度"),
        ("西联镇圩镇集贸市场升级改造方案", "镇经济发展办公室", "《广东省农贸市场升级改造工作方案》", "2021年第二季度"),
        ("西联镇农村人居环境整治村庄保洁经费保障方案", "镇农业农村办公室", "《广东省农村人居环境整治提升五年行动实施方案》", "2021年第四季度"),
    ];
    let mut ids = Vec::new();
    for (title, unit, basis, planned) in items {
        ids.push(catalogue::add_item(app, &office, cat, &ItemForm { title: title.into(), lead_unit: unit.into(), basis: basis.into(), planned: planned.into() }).await?);
    }
    catalogue::approve(app, &leader, cat, "2021-02-26", today).await?;
    catalogue::publish(app, &office, cat).await?;

    // ── 1. Complete and published: hearing, risk assessment, comments, evaluation ──
    let g = launch(
        app,
        &office,
        ids[0],
        items[0].0,
        "建立“户分类、村收集、镇转运、区处理”的农村生活垃圾收运处置体系，明确各村收集点设置、转运频次、保洁经费分担和监督考核办法，涉及全镇12个村（社区）群众切身利益。",
        d(3, 1),
        true,
        false,
        true,
        today,
    )
    .await?;
    let draft = "第一条 为提升我镇农村人居环境，建立“户分类、村收集、镇转运、区处理”的农村生活垃圾收运处置体系，制定本方案。\n第二条 各村（社区）按每30至50户设置一个垃圾收集点，配备分类收集容器。\n第三条 镇人民政府组建转运队伍，圩镇区域每日转运一次，其他村庄每两日转运一次。\n第四条 保洁经费由区、镇财政统筹保障，村集体经济组织可按规定适当补充，不向农户收取费用。\n第五条 镇农业农村办公室每月组织考核，考核结果在村务公开栏公布。";
    service::record_step(app, &office, g, Step::Drafting, &StepForm { draft_text: draft.into(), draft_explanation: "方案在实地调研全镇12个村（社区）垃圾产生量和现有收集设施基础上起草，已征求各村“两委”意见。".into(), ..step(d(3, 15), "形成方案征求意见稿及起草说明") }, today).await?;
    material(app, &office, town.id, g, Some(Step::Drafting), "农村生活垃圾收运处置体系建设方案（征求意见稿）.pdf").await?;
    material(app, &office, town.id, g, Some(Step::Drafting), "起草说明及调研报告.pdf").await?;
    service::open_comment(app, &office, g, &CommentPeriodForm { comment_start: "2021-03-22".into(), comment_end: "2021-04-20".into(), urgent_reason: String::new() }).await?;
    let said = [
        ("何先生", "13800000001", "建议在沐溪村、西联村人口较多的自然村增设收集点，现在有些农户要走五六百米才能倒垃圾。", true),
        ("", "", "希望转运车辆尽量避开早上上学时段，减少对道路通行的影响。", true),
        ("黄女士", "", "保洁员工资偏低，建议方案中明确保洁员最低待遇标准，保证保洁队伍稳定。", true),
        ("", "", "我家邻居张三（电话138xxxx）长期乱倒垃圾，请政府处理。", false),
    ];
    let mut comment_ids = Vec::new();
    for (i, (name, contact, body, _)) in said.iter().enumerate() {
        let ip = format!("198.51.100.{}", 10 + i);
        comment_ids.push(comments::submit_on(app, TOWN, g, &CommentForm { name: name.to_string(), contact: contact.to_string(), body: body.to_string() }, &ip, d(3, 25 + i as u32)).await?);
    }
    for (cid, (_, _, _, ok)) in comment_ids.iter().zip(said.iter()) {
        let f = if *ok { ModerateForm { verdict: "approve".into(), reason: String::new() } } else { ModerateForm { verdict: "reject".into(), reason: "含有他人个人信息，且属于具体投诉事项，已转镇综合行政执法队处理".into() } };
        comments::moderate(app, &office, *cid, &f).await?;
    }
    service::record_step(
        app,
        &office,
        g,
        Step::PublicComment,
        &StepForm {
            adoption_text: "征求意见期间共收到意见建议4条，其中公开3条，1条属于具体投诉事项已转有关部门办理。\n采纳2条：在人口较多的自然村按每30户增设收集点；明确保洁员工资不低于韶关市最低工资标准。\n部分采纳1条：转运时间原则上避开上下学高峰，具体由转运队伍结合路况安排。".into(),
            ..step(d(4, 21), "征求意见期间（2021年3月22日至4月20日，共30日）通过镇政府门户网站和各村公开栏公开征求意见，共收到意见建议4条。")
        },
        today,
    )
    .await?;
    service::record_step(
        app,
        &office,
        g,
        Step::Hearing,
        &StepForm {
            announced_on: "2021-04-22".into(),
            materials_sent_on: "2021-04-26".into(),
            participants: "村民代表8名（各村推选）、保洁员代表2名、镇人大代表2名、转运企业代表1名".into(),
            ..step(d(5, 6), "听证会于镇政府三楼会议室举行，参加人围绕收集点设置、经费保障充分发表意见，听证笔录经参加人签字确认。")
        },
        today,
    )
    .await?;
    material(app, &office, town.id, g, Some(Step::Hearing), "听证笔录（签字版）.pdf").await?;
    service::record_step(app, &office, g, Step::RiskAssessment, &StepForm { risk_level: "low".into(), ..step(d(5, 10), "经评估，方案不向农户收费，收集点选址已征得所在村民小组同意，社会稳定风险等级为低风险。") }, today).await?;
    material(app, &office, town.id, g, Some(Step::RiskAssessment), "社会稳定风险评估报告.pdf").await?;
    let review = service::request_legality_at(app, &office, g, &LegalityForm { materials: "方案送审稿、起草说明、征求意见及采纳情况、听证笔录、风险评估报告".into(), questions: "决策程序是否完备，经费保障安排是否合法合规，考核办法是否有法律依据。".into(), due_date: String::new() }, Some(at(d(5, 11)))).await?;
    legal_review::opine(app, &adviser, review, NewOpinion { conclusion: Conclusion::Lawful, reasons: "决策事项属于镇人民政府职权范围，已依法履行公众参与、听证、风险评估程序，经费来源明确，未增加农民负担。", articles: "《重大行政决策程序暂行条例》第十四条、第十六条、第二十二条；《广东省城乡生活垃圾管理条例》第八条", points: vec![], at: Some(at(d(5, 19))) }).await?;
    material(app, &office, town.id, g, Some(Step::LegalityReview), "合法性审查意见书.pdf").await?;
    service::record_step(app, &office, g, Step::PartyReport, &step(d(5, 24), "镇党委会议听取汇报，同意提交镇政府领导班子联席会议集体讨论。"), today).await?;
    service::record_step(app, &office, g, Step::CollectiveDiscussion, &StepForm { result: "passed".into(), ..step(d(5, 31), "5月31日领导班子联席会议逐项表决：应到9人，实到8人，同意8票；主要负责人末位表态同意。") }, today).await?;
    material(app, &office, town.id, g, Some(Step::CollectiveDiscussion), "领导班子联席会议纪要（2021年第21期）.pdf").await?;
    service::record_step(app, &leader, g, Step::Decision, &StepForm { doc_no: "西府〔2021〕18号".into(), decision_text: format!("西联镇人民政府关于印发《西联镇农村生活垃圾收运处置体系建设方案》的通知\n各村（社区）、镇直各单位：\n《西联镇农村生活垃圾收运处置体系建设方案》已经镇政府领导班子联席会议研究通过，现印发给你们，请认真贯彻执行。\n{draft}"), ..step(d(5, 31), "") }, today).await?;
    service::record_step(app, &office, g, Step::Publication, &StepForm { channel: "西联镇人民政府门户网站、各村（社区）公开栏".into(), ..step(d(6, 4), "") }, today).await?;
    service::record_step(app, &office, g, Step::ExecutionReport, &step(d(9, 30), "全镇新增垃圾收集点46个，配备分类收集桶920个，转运车辆3台投入运行，圩镇区域实现日产日清。"), today).await?;
    service::record_step(app, &office, g, Step::ExecutionReport, &step(d(12, 20), "全年转运农村生活垃圾约5600吨，群众满意度调查满意率93%；2个偏远村民小组转运频次不足，已调整线路。"), today).await?;
    service::record_step(app, &office, g, Step::PostEvaluation, &StepForm { evaluator: "镇党政办公室会同武江区司法局".into(), conclusion: "good".into(), ..step(d(12, 28), "方案目标基本实现，收运体系覆盖全部12个村（社区），建议2022年在偏远村民小组增加转运频次并纳入绩效考核。") }, today).await?;
    material(app, &office, town.id, g, Some(Step::PostEvaluation), "决策后评估报告.pdf").await?;

    // ── 2. Blocked at legality review: the opinion is 不合法 ──
    let f = launch(
        app,
        &office,
        ids[1],
        items[1].0,
        "规范镇级集体经济发展扶持资金的申报、审批、使用和监督，扶持各村发展特色种养、乡村旅游等集体经济项目。",
        d(4, 6),
        false,
        false,
        false,
        today,
    )
    .await?;
    service::record_step(app, &office, f, Step::Drafting, &StepForm { draft_text: "第一条 为规范集体经济发展扶持资金管理，制定本办法。\n第五条 扶持资金采取以奖代补方式，每村每年最高不超过20万元。\n第九条 村集体经济组织未按期完成项目建设的，收回扶持资金，并取消该村三年内享受其他惠农政策的资格。".into(), ..step(d(4, 20), "形成办法征求意见稿") }, today).await?;
    material(app, &office, town.id, f, Some(Step::Drafting), "集体经济发展扶持资金管理办法（征求意见稿）.pdf").await?;
    service::open_comment(app, &office, f, &CommentPeriodForm { comment_start: "2021-04-26".into(), comment_end: "2021-05-25".into(), urgent_reason: String::new() }).await?;
    let c = comments::submit_on(app, TOWN, f, &CommentForm { name: "龙江村股份经济合作社".into(), contact: String::new(), body: "建议扶持资金可用于购置农机等生产设备，并简化申报材料。".into() }, "198.51.100.40", d(5, 6)).await?;
    comments::moderate(app, &office, c, &ModerateForm { verdict: "approve".into(), reason: String::new() }).await?;
    service::record_step(app, &office, f, Step::PublicComment, &StepForm { adoption_text: "收到意见1条，关于扶持资金可用于购置生产设备的意见已采纳，写入第六条。".into(), ..step(d(5, 27), "征求意见30日，收到意见1条。") }, today).await?;
    let review = service::request_legality_at(app, &office, f, &LegalityForm { materials: "办法送审稿、起草说明、征求意见采纳情况".into(), questions: "第九条取消惠农政策资格的规定是否合法。".into(), due_date: String::new() }, Some(at(d(6, 1)))).await?;
    legal_review::opine(
        app,
        &adviser,
        review,
        NewOpinion {
            conclusion: Conclusion::Unlawful,
            reasons: "第九条规定“取消该村三年内享受其他惠农政策的资格”，属于没有法律、法规依据减损村集体经济组织合法权益的内容，镇人民政府无权设定；惠农政策的享受条件由相关法律法规和上级政策规定。",
            articles: "《中华人民共和国立法法》第九十一条；《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）第二条",
            points: vec!["删除第九条中“取消该村三年内享受其他惠农政策的资格”的内容。", "收回扶持资金的情形和程序应当明确，并告知陈述、申辩权利。"],
            at: Some(at(d(6, 10))),
        },
    )
    .await?;

    // ── 3. Published, then suspended ──
    let m = launch(
        app,
        &office,
        ids[2],
        items[2].0,
        "对西联圩镇集贸市场进行升级改造，更换存在安全隐患的钢结构棚顶，规范摊位布局和排水、消防设施，改造期间设置临时安置点。",
        d(3, 8),
        false,
        true,
        false,
        today,
    )
    .await?;
    service::record_step(app, &office, m, Step::Drafting, &StepForm { draft_text: "一、改造范围：圩镇集贸市场主体建筑及周边道路。\n二、改造内容：更换钢结构棚顶，重新规划摊位186个，改造排水沟和消防设施。\n三、临时安置：改造期间在圩镇文化广场设置临时经营点。".into(), ..step(d(3, 19), "形成改造方案征求意见稿") }, today).await?;
    service::open_comment(app, &office, m, &CommentPeriodForm { comment_start: "2021-03-24".into(), comment_end: "2021-04-12".into(), urgent_reason: "市场钢结构棚顶经检测存在安全隐患，须在汛期（4月中旬）前启动改造，故将征求意见期限缩短为20日。".into() }).await?;
    service::record_step(app, &office, m, Step::PublicComment, &StepForm { adoption_text: "征求意见期间未收到公众意见。经营户座谈会提出的临时安置点遮雨设施问题已采纳。".into(), ..step(d(4, 13), "征求意见20日（因汛期安全隐患缩短期限并已公开说明理由），另召开经营户座谈会1次。") }, today).await?;
    service::record_step(app, &office, m, Step::ExpertArgument, &StepForm { experts: "韶关市建筑设计院结构工程师1名、区住建局质量安全站工程师1名、区市场监管局专家1名".into(), ..step(d(4, 16), "专家认为棚顶更换方案技术可行，建议增加排水沟过水断面。") }, today).await?;
    material(app, &office, town.id, m, Some(Step::ExpertArgument), "专家论证意见（签字版）.pdf").await?;
    let review = service::request_legality_at(app, &office, m, &LegalityForm { materials: "改造方案、专家论证意见、征求意见情况".into(), questions: "临时安置点设置及经营户权益保障是否合法。".into(), due_date: String::new() }, Some(at(d(4, 19)))).await?;
    legal_review::opine(app, &adviser, review, NewOpinion { conclusion: Conclusion::LawfulWithChanges, reasons: "方案总体合法，但临时安置期间摊位费减免及恢复经营的安排不明确。", articles: "《中华人民共和国民法典》第五百零九条", points: vec!["明确改造期间临时经营点免收摊位费。", "明确改造完成后原经营户优先承租的安排。"], at: Some(at(d(4, 28))) }).await?;
    legal_review::respond(app, &office, review, &[RawAnswer { adopted: Some(true), note: "已写入方案第三部分" }, RawAnswer { adopted: Some(true), note: "" }], Some(at(d(4, 30)))).await?;
    service::record_step(app, &office, m, Step::PartyReport, &step(d(5, 6), "镇党委同意提交集体讨论。"), today).await?;
    service::record_step(app, &office, m, Step::CollectiveDiscussion, &StepForm { result: "passed_with_changes".into(), ..step(d(5, 10), "5月10日领导班子联席会议讨论，原则通过，要求细化临时安置点消防措施。") }, today).await?;
    service::record_step(app, &leader, m, Step::Decision, &StepForm { doc_no: "西府〔2021〕15号".into(), decision_text: "西联镇人民政府关于实施圩镇集贸市场升级改造的决定\n经镇政府领导班子联席会议研究，决定对圩镇集贸市场实施升级改造，改造方案见附件。".into(), ..step(d(5, 10), "") }, today).await?;
    service::record_step(app, &office, m, Step::Publication, &StepForm { channel: "西联镇人民政府门户网站".into(), ..step(d(5, 14), "") }, today).await?;
    service::record_step(app, &office, m, Step::ExecutionReport, &step(d(7, 15), "临时经营点已启用，棚顶拆除完成40%。"), today).await?;
    service::record_step(app, &leader, m, Step::Adjustment, &StepForm { kind: "suspend".into(), ..step(d(8, 16), "临时经营点所在文化广场需用于疫苗接种临时场所，经营户安置场地暂未落实，经领导班子研究决定暂缓执行改造方案后续工程。") }, today).await?;

    // ── 4. This year: a draft out for public comment now ──
    let year = today.year();
    let cat_now = catalogue::create(app, &office, &CatalogueForm { town_id: Some(town.id), year: year.to_string(), title: String::new() }).await?;
    let park = catalogue::add_item(app, &office, cat_now, &ItemForm { title: "西联圩镇停车管理方案".into(), lead_unit: "镇综合行政执法队".into(), basis: "《中华人民共和国道路交通安全法》；《韶关市停车场管理办法》".into(), planned: format!("{year}年第四季度") }).await?;
    catalogue::add_item(app, &office, cat_now, &ItemForm { title: "西联镇农村供水工程运行管护办法".into(), lead_unit: "镇农业农村办公室".into(), basis: "《广东省农村供水条例》".into(), planned: format!("{}年第一季度", year + 1) }).await?;
    let consent = (today - Duration::days(40)).max(NaiveDate::from_ymd_opt(year, 1, 1).expect("valid"));
    catalogue::approve(app, &leader, cat_now, &consent.to_string(), today).await?;
    catalogue::publish(app, &office, cat_now).await?;
    let p = launch(
        app,
        &office,
        park,
        "西联圩镇停车管理方案",
        "在圩镇主要街道施划停车泊位，规范圩日车辆停放，设置临时停车场，涉及圩镇居民和赶集群众出行。",
        today - Duration::days(20),
        false,
        false,
        true,
        today,
    )
    .await?;
    service::record_step(app, &office, p, Step::Drafting, &StepForm { draft_text: "一、在西联圩主街、新街两侧施划免费停车泊位120个。\n二、圩日（农历逢三、六、九）在镇中心小学旁空地设置临时停车场，安排专人引导。\n三、禁止在消防通道、学校门口停车，违者由交警部门依法处理。\n四、本方案自公布之日起试行一年。".into(), draft_explanation: "近年来圩镇机动车保有量快速增长，圩日车辆乱停乱放、道路拥堵问题突出，群众反映强烈。".into(), ..step(today - Duration::days(12), "形成方案征求意见稿") }, today).await?;
    let start = today - Duration::days(5);
    service::open_comment(app, &office, p, &CommentPeriodForm { comment_start: start.to_string(), comment_end: (start + Duration::days(29)).to_string(), urgent_reason: String::new() }).await?;
    let c1 = comments::submit_on(app, TOWN, p, &CommentForm { name: "圩镇居民 李先生".into(), contact: String::new(), body: "建议在卫生院门口保留几个临时停车位，方便老人看病。".into() }, "198.51.100.60", today - Duration::days(3)).await?;
    comments::moderate(app, &office, c1, &ModerateForm { verdict: "approve".into(), reason: String::new() }).await?;
    comments::submit_on(app, TOWN, p, &CommentForm { name: String::new(), contact: String::new(), body: "圩日临时停车场离市场有点远，能否在河堤路增设一段停车带？".into() }, "198.51.100.61", today - Duration::days(1)).await?;
    Ok(())
}
