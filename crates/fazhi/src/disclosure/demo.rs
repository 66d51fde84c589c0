//! Demo data for proactive publication: the 政府信息公开 column of 西联镇 for
//! 2021 (the seed's year) and the current year, in every state — published
//! (some updated to a second version, one withdrawn), approved, scheduled, in
//! review, escalated to the 保密部门, withheld, drafting and one overdue
//! draft — plus a few items of 龙归镇. Written through the services with
//! their own dates (`When`), so reviews, clocks, to-dos, search and the audit
//! chain are exactly what real use would leave.
//!
//! Names of residents, villages' households and companies are invented demo
//! data; in the bodies they are marked `【隐去：…】` and so appear masked publicly.
//! The 2021 法治政府建设年度报告 is the seed text itself.
use std::collections::HashMap;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fazhi_core::access::{Actor, Role};

use super::publication::{self, ItemForm, ReviewForm};
use super::{Attr, When, guide};
use crate::error::AppResult;
use crate::kernel::{App, OrgRef, load_actor, load_org};
use crate::platform::users;

const REPORT_2021: &str = include_str!("demo_report_2021.txt");

/// What happens to a demo item after drafting.
#[derive(Clone, Copy)]
enum Fate {
    Draft,
    InReview,
    Escalated,
    Approved,
    /// Released this many days after today, 09:00 China time.
    Scheduled(i64),
    Published,
    Withheld,
}

struct Spec {
    cat: &'static str,
    title: String,
    doc_no: &'static str,
    formed: NaiveDate,
    summary: String,
    body: String,
    attr: Attr,
    basis: &'static str,
    reason: &'static str,
    fate: Fate,
    /// Days between formation and each later step.
    pace: i64,
}


fn spec(cat: &'static str, title: impl Into<String>, doc_no: &'static str, formed: NaiveDate, summary: impl Into<String>, body: impl Into<String>, fate: Fate) -> Spec {
    Spec { cat, title: title.into(), doc_no, formed, summary: summary.into(), body: body.into(), attr: Attr::Proactive, basis: "", reason: "", fate, pace: 2 }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("demo date")
}

/// 10:00 China time on a day, plus `hours`.
fn at(day: NaiveDate, hours: i64) -> When {
    let t = day.and_hms_opt(2, 0, 0).expect("time");
    When(Utc.from_utc_datetime(&t) + Duration::hours(hours))
}

struct Ctx<'a> {
    app: &'a App,
    town: OrgRef,
    office: Actor,
    reviewer: Actor,
    cats: HashMap<String, i64>,
    today: NaiveDate,
}

impl Ctx<'_> {
    fn form(&self, s: &Spec) -> ItemForm {
        ItemForm {
            town_id: Some(self.town.id),
            category_id: self.cats.get(s.cat).copied(),
            title: s.title.clone(),
            doc_no: s.doc_no.into(),
            issuer: format!("{}人民政府", self.town.name),
            formed_on: s.formed.to_string(),
            publicity: s.attr.code().into(),
            withhold_ground: s.basis.into(),
            publicity_reason: s.reason.into(),
            summary: s.summary.clone(),
            body: s.body.clone(),
            changed_on: String::new(),
            change_note: String::new(),
        }
    }

    /// A step's instant: `n` steps of `pace` days after formation, never after now.
    fn step(&self, s: &Spec, n: i64) -> When {
        let day = (s.formed + Duration::days(n * s.pace)).min(self.today);
        let w = at(day, n);
        if w.0 > Utc::now() { When::now() } else { w }
    }

    async fn item(&self, s: Spec) -> AppResult<i64> {
        let app = self.app;
        let id = publication::draft_at(app, &self.office, &self.form(&s), self.step(&s, 0)).await?;
        if matches!(s.fate, Fate::Draft) {
            return Ok(id);
        }
        publication::submit_at(app, &self.office, id, self.step(&s, 1)).await?;
        let redacted = s.body.contains("【隐去");
        let (conclusion, basis) = match s.fate {
            Fate::InReview => return Ok(id),
            Fate::Withheld => ("withhold", "《政府信息公开条例》第十六条第二款：属于讨论记录、过程稿等过程性信息，可以不予公开"),
            Fate::Escalated => ("escalate", "涉及的规划图件标注了军事设施周边用地，是否属于国家秘密不能确定，依照条例第十七条报请确定"),
            _ if redacted => ("approve_redacted", "经审查不涉及国家秘密；名单中的姓名、身份证号码等个人信息已标注隐去，符合《个人信息保护法》和条例第十五条"),
            _ => ("approve", "经审查不涉及国家秘密、商业秘密和个人隐私，不属于条例第十四、十五、十六条规定的不予公开情形"),
        };
        let review = ReviewForm {
            basis: basis.into(),
            conclusion: conclusion.into(),
            opinion: String::new(),
            escalated_to: if matches!(s.fate, Fate::Escalated) { "武江区国家保密局".into() } else { String::new() },
        };
        publication::review_at(app, &self.reviewer, id, &review, self.step(&s, 2)).await?;
        match s.fate {
            Fate::Published => {
                publication::publish_at(app, &self.office, id, "", self.step(&s, 3)).await?;
            }
            Fate::Scheduled(days) => {
                let release = format!("{} 09:00", self.today + Duration::days(days));
                publication::publish_at(app, &self.office, id, &release, When::now()).await?;
            }
            _ => {}
        }
        Ok(id)
    }
}

fn names_list(village_rows: &[(&str, &str, u32, u32)]) -> String {
    village_rows
        .iter()
        .enumerate()
        .map(|(i, (village, name, people, amount))| format!("{}. {village}　【隐去：{name}】　保障人数 {people} 人　月保障金 {amount} 元", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

fn dibao_body(quarter: &str, rows: &[(&str, &str, u32, u32)], total_households: u32, total_people: u32) -> String {
    format!(
        "根据《社会救助暂行办法》《广东省最低生活保障制度实施办法》，经本人申请、村（居）民委员会入户调查和民主评议、镇人民政府审核，\
现将西联镇{quarter}新增及续保城乡最低生活保障（低保）对象名单公示如下：\n{}\n本期全镇共有低保对象 {total_households} 户 {total_people} 人。\n\
公示期为7天。如对公示名单有异议，请于公示期内向镇社会事务办公室反映，联系电话：0751-8000131（演示号码）。\n\
（按照个人信息保护要求，公示名单中的姓名已作隐去处理，身份证号码等其他个人信息不予公开。）",
        names_list(rows)
    )
}

/// Loads the demo items (the towns, accounts and catalogue defaults must exist).
pub async fn load(app: &App, password: &str) -> AppResult<()> {
    let today = crate::web::pages::today();
    let xilian = org_by_code(app, "440203103").await?;
    let longgui = org_by_code(app, "440203105").await?;
    let office = actor(app, "xilian-office").await?;
    let sifa = actor(app, "xilian-sifa").await?;

    // 龙归镇 has an office account but nobody who may review: add its 司法所 reviewer.
    let root: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetch_one(&app.db.pool).await?;
    let root = load_org(app, root).await?;
    let system = Actor::system(root.path.clone(), root.id);
    users::create_user(
        app,
        &system,
        users::NewUser { username: "longgui-sifa", display_name: "龙归镇司法所所长（演示）", org_id: longgui.id, title: "", password, role: Some(Role::JudicialOffice.code()) },
    )
    .await?;
    let longgui_office = actor(app, "longgui-office").await?;
    let longgui_sifa = actor(app, "longgui-sifa").await?;

    // The guide of 西联镇, edited in the console at the start of 2021.
    guide::save_at(
        app,
        &office,
        xilian.id,
        &guide::GuideForm {
            agency_name: "西联镇党政综合办公室（政府信息公开工作机构）".into(),
            fax: "0751-8000109（演示号码）".into(),
            online_contact: "电子邮箱：xlzzf@example.gov.cn（演示）；本门户“政府信息公开”栏目".into(),
            index_org_code: "11440203MB2D3190X5".into(),
            index_pattern: "{机构代码}/{年度}-{序号}".into(),
            rereview_months: "12".into(),
            ..Default::default()
        },
        at(d(2021, 1, 4), 0),
    )
    .await?;

    // The office loads the default catalogue of a 镇 before the first item.
    super::catalogue::load_defaults(app, &office, xilian.id).await?;
    let mut ctx = Ctx { app, town: xilian.clone(), office, reviewer: sifa, cats: categories(app, xilian.id).await?, today };
    ctx.item(spec(
        "01",
        "西联镇人民政府机构职能",
        "",
        d(2021, 1, 8),
        "西联镇人民政府的主要职能、内设机构及办公地址、办公时间和联系方式。",
        "一、主要职能\n\
（一）贯彻执行党和国家的路线方针政策和上级党委、政府的决策部署，执行本级人民代表大会的决议，制定并组织实施全镇经济社会发展规划和年度计划。\n\
（二）负责本镇农业农村、社会事务、民政救助、退役军人服务、综合治理、应急管理、生态环境保护等工作。\n\
（三）依法履行行政执法职责，推进法治政府建设，做好政务公开、政务服务和矛盾纠纷化解工作。\n\
二、内设机构\n党政综合办公室、经济发展办公室、社会事务办公室、综治维稳办公室（综治中心）、自然资源和规划建设办公室、公共服务中心（便民服务中心）、综合行政执法队。\n\
三、办公地址及时间\n办公地址：广东省韶关市武江区西联镇人民政府（演示地址）。办公时间：周一至周五（法定节假日除外）上午 8:30—12:00，下午 14:30—17:30。联系电话：0751-8000103（演示号码）。",
        Fate::Published,
    ))
    .await?;
    load_2021(&ctx).await?;
    load_current_year(&ctx).await?;

    // 龙归镇: a few items of its own.
    ctx.town = longgui.clone();
    ctx.office = longgui_office;
    ctx.reviewer = longgui_sifa;
    super::catalogue::load_defaults(app, &ctx.office, longgui.id).await?;
    ctx.cats = categories(app, longgui.id).await?;
    ctx.item(spec(
        "01",
        "龙归镇人民政府机构职能",
        "",
        d(2021, 1, 15),
        "龙归镇人民政府主要职能、内设机构和联系方式。",
        "龙归镇人民政府贯彻执行上级党委、政府的决策部署，负责本镇经济发展、农业农村、社会事务、综合治理、应急管理和行政执法等工作。内设党政综合办公室、经济发展办公室、社会事务办公室、综治维稳办公室、公共服务中心和综合行政执法队。\n办公地址：广东省韶关市武江区龙归镇人民政府（演示地址）。联系电话：0751-8000105（演示号码）。",
        Fate::Published,
    ))
    .await?;
    ctx.item(spec(
        "06",
        "龙归镇2021年第二季度城乡低保对象名单公示",
        "",
        d(2021, 6, 28),
        "龙归镇2021年第二季度新增城乡最低生活保障对象名单，姓名已隐去。",
        format!(
            "经本人申请、村（居）委会评议和镇人民政府审核，现将龙归镇2021年第二季度新增低保对象名单公示如下：\n{}\n公示期7天，如有异议请向镇社会事务办公室反映。",
            names_list(&[("龙归社区", "邓志坚", 2, 980), ("冲下村", "黄秋菊", 1, 560), ("冲下村", "温德福", 3, 1380)])
        ),
        Fate::Published,
    ))
    .await?;
    ctx.item(spec(
        "04",
        "龙归镇2021年部门预算及“三公”经费预算说明",
        "",
        d(2021, 3, 26),
        "龙归镇2021年一般公共预算收支、“三公”经费预算及说明。",
        "2021年龙归镇一般公共预算支出安排 3,562.40 万元，其中基本支出 2,108.15 万元、项目支出 1,454.25 万元。“三公”经费预算 18.60 万元，比上年减少 1.20 万元，其中公务接待费 3.20 万元、公务用车运行维护费 15.40 万元，无因公出国（境）费用。",
        Fate::Published,
    ))
    .await?;
    ctx.item(spec(
        "08",
        format!("龙归镇{}年第三批农村宅基地审批结果公示", today.format("%Y")),
        "",
        today - Duration::days(4),
        "龙归镇本年第三批农村宅基地申请审批结果（草稿）。",
        "经村民小组会议讨论、村委会审查和镇人民政府审批，以下农村宅基地申请予以批准：\n1. 冲下村　【隐去：刘春生】　面积 120 平方米　批准文号 龙宅批〔2026〕21号\n2. 龙归社区　【隐去：朱晓峰】　面积 98 平方米　批准文号 龙宅批〔2026〕22号",
        Fate::Draft,
    ))
    .await?;
    Ok(())
}

async fn categories(app: &App, town_id: i64) -> AppResult<HashMap<String, i64>> {
    Ok(super::catalogue::list(app, town_id).await?.into_iter().map(|c| (c.code, c.id)).collect())
}

async fn org_by_code(app: &App, code: &str) -> AppResult<OrgRef> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1").bind(code).fetch_one(&app.db.pool).await?;
    load_org(app, id).await
}

async fn actor(app: &App, username: &str) -> AppResult<Actor> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&app.db.pool).await?;
    Ok(load_actor(app, id).await?.expect("demo account"))
}

// One push per item reads like the column it builds.
#[allow(clippy::vec_init_then_push)]
async fn load_2021(ctx: &Ctx<'_>) -> AppResult<()> {
    let app = ctx.app;
    let mut v: Vec<Spec> = Vec::new();
    // 领导班子成员及分工: published, then updated after a change of duties (second version).
    v.push(spec(
            "01",
            "西联镇领导班子成员及工作分工",
            "",
            d(2021, 3, 2),
            "西联镇领导班子成员姓名、职务及工作分工。",
            "镇党委书记：主持镇党委全面工作。\n镇党委副书记、镇长：主持镇政府全面工作，负责财政、审计工作，为法治政府建设第一责任人。\n镇党委副书记：负责党建、组织、宣传、统战工作，分管党政综合办公室。\n镇党委委员、副镇长：负责农业农村、水利、林业、自然资源和规划建设工作。\n镇党委委员、政法委员：负责综治维稳、信访、司法行政、人民调解和网格化管理工作。\n副镇长：负责社会事务、民政、卫生健康、退役军人服务和应急管理工作。\n（领导成员姓名以镇党委、镇人民政府任免文件为准，演示数据不列姓名。）",
            Fate::Published,
    ));

    v.push(spec(
        "02",
        "西联镇人民政府关于印发《西联镇会议制度》的通知",
        "西府〔2021〕3号",
        d(2021, 2, 22),
        "印发修订后的《西联镇会议制度》，明确班子会议议事范围、议事程序和会前学法、末位表态等要求。",
        "各村（居）委会，镇直各单位：\n《西联镇会议制度》已经镇领导班子会议审议通过，现印发给你们，请认真遵照执行。\n第一条　为推进依法科学民主决策，规范镇领导班子会议，制定本制度。\n第二条　领导班子联席会议每周一召开，遇特殊情况可临时调整。\n第三条　会议议题应当事先调研和咨询论证，涉及法律问题的应当听取法律顾问和司法所意见；会议材料应当提前送达参会人员。\n第四条　会议讨论决定事项实行逐项表决，主要负责人末位表态；会议决定形成纪要。\n第五条　每次会议前安排会前学法。\n第六条　本制度自印发之日起施行。\n西联镇人民政府\n2021年2月22日",
        Fate::Published,
    ));
    v.push(spec(
        "02",
        "西联镇2021年法治政府建设工作要点",
        "西府〔2021〕8号",
        d(2021, 3, 15),
        "部署2021年全镇法治政府建设重点任务：学习贯彻习近平法治思想、依法全面履行政府职能、重大行政决策法治化、严格规范公正文明执法、矛盾纠纷依法化解。",
        "一、深入学习宣传贯彻习近平法治思想，全年开展理论学习中心组专题学习不少于6次，每季度开展一次全镇干部法治培训。\n二、依法全面履行政府职能，动态调整权责清单，深化“放管服”改革，推进政务服务“马上办、网上办、就近办、一次办、自助办”。\n三、推进重大行政决策科学化、民主化、法治化，严格执行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。\n四、全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度。\n五、健全矛盾纠纷多元化解机制，深化综治三级网格化管理。\n六、持续推进政务公开，做好政府信息主动公开和依申请公开工作。",
        Fate::Published,
    ));
    v.push(spec(
        "02",
        "西联镇农村人居环境整治提升实施方案",
        "西府〔2021〕15号",
        d(2021, 5, 10),
        "2021—2022年全镇农村人居环境整治提升的目标任务、责任分工和保障措施。",
        "为深入推进乡村振兴战略，持续改善农村人居环境，结合我镇实际，制定本方案。\n一、目标任务：到2022年底，全镇自然村生活垃圾收运处置体系全覆盖，农村卫生户厕普及率达到98%以上，生活污水治理率稳步提升。\n二、重点工作：开展村庄清洁行动，推进“三清三拆三整治”，完善垃圾收运设施，建立长效管护机制。\n三、责任分工：各村（居）委会为实施主体，镇经济发展办公室牵头，自然资源和规划建设办公室、综合行政执法队按职责配合。\n四、保障措施：加强组织领导，落实资金保障，强化督查考核，将整治情况纳入村（居）年度考核。",
        Fate::Published,
    ));
    v.push(spec(
        "03",
        "西联镇2021年政府工作报告",
        "",
        d(2021, 2, 5),
        "回顾2020年工作，部署2021年全镇经济社会发展主要任务。",
        "2020年，在区委、区政府和镇党委的坚强领导下，全镇上下统筹推进疫情防控和经济社会发展，较好完成了全年目标任务。\n2021年主要预期目标：农业总产值增长5%，农村居民人均可支配收入增长8%，完成区下达的固定资产投资任务。\n重点抓好以下工作：一是巩固拓展脱贫攻坚成果同乡村振兴有效衔接；二是推进特色农业产业发展；三是加快镇村基础设施建设；四是办好民生实事；五是加强法治政府建设和基层社会治理。",
        Fate::Published,
    ));
    v.push(spec(
            "03",
            "西联镇2021年重点项目建设计划",
            "",
            d(2021, 3, 20),
            "2021年全镇重点建设项目名称、建设内容、投资额和进度安排。",
            "一、西联村至新岭村道路硬底化工程：全长3.2公里，计划投资420万元，2021年10月底前完工。\n二、芙蓉村农田水利灌溉渠道修缮：计划投资85万元，2021年6月底前完工。\n三、沐溪村党群服务中心改造：计划投资60万元，2021年9月底前完工。",
            Fate::Published,
    ));
    v.push(spec(
        "03",
        "西联镇2021年重点项目建设计划（调整）",
        "",
        d(2021, 7, 2),
        "调整后的2021年全镇重点建设项目及进度安排。",
        "一、西联村至新岭村道路硬底化工程：全长3.2公里，计划投资450万元（因材料价格上涨调整），2021年11月底前完工。\n二、芙蓉村农田水利灌溉渠道修缮：已于2021年6月完工。\n三、沐溪村党群服务中心改造：计划投资60万元，2021年9月底前完工。\n四、新增：西联社区老旧小区排水管网改造，计划投资120万元，2021年12月底前完工。",
        Fate::Published,
    ));
    v.push(spec(
        "04",
        "西联镇2021年部门预算及“三公”经费预算说明",
        "",
        d(2021, 3, 25),
        "西联镇2021年一般公共预算收支总表、“三公”经费预算及情况说明。",
        "一、收支预算总体情况：2021年西联镇一般公共预算收入预算 4,286.70 万元，支出预算 4,286.70 万元，其中基本支出 2,531.82 万元、项目支出 1,754.88 万元。\n二、“三公”经费预算：21.50 万元，比上年减少 2.30 万元。其中因公出国（境）费 0 元，公务用车运行维护费 17.10 万元，公务接待费 4.40 万元。减少的主要原因是严格执行厉行节约规定，压减一般性支出。\n三、政府采购预算：安排政府采购预算 236.00 万元。",
        Fate::Published,
    ));
    v.push(spec(
        "04",
        "西联镇2020年部门决算及“三公”经费决算说明",
        "",
        d(2021, 8, 20),
        "西联镇2020年度收支决算、“三公”经费决算及绩效情况说明。",
        "2020年度西联镇一般公共预算支出决算 4,102.36 万元，完成调整预算的 97.8%。“三公”经费决算 19.85 万元，比预算减少 3.95 万元，其中公务用车运行维护费 16.02 万元、公务接待费 3.83 万元，无因公出国（境）费用。",
        Fate::Published,
    ));
    v.push(spec(
        "05",
        "西联镇2021年耕地地力保护补贴发放情况公示",
        "",
        d(2021, 6, 15),
        "2021年耕地地力保护补贴发放标准、面积和金额（按村汇总）。",
        "按照省、市、区关于耕地地力保护补贴工作的部署，2021年我镇耕地地力保护补贴标准为每亩 109.60 元，按村汇总发放情况如下：\n西联村：补贴面积 2,315.4 亩，金额 253,767.84 元\n新岭村：补贴面积 1,876.2 亩，金额 205,631.52 元\n芙蓉村：补贴面积 1,502.8 亩，金额 164,706.88 元\n沐溪村：补贴面积 2,041.6 亩，金额 223,759.36 元\n补贴资金已通过“一卡通”直接发放到户。",
        Fate::Published,
    ));
    v.push(spec(
        "05",
        "西联镇2021年农村土地承包经营权流转情况",
        "",
        d(2021, 10, 12),
        "2021年全镇农村土地承包经营权流转面积、形式及主要经营主体。",
        "截至2021年9月底，全镇农村土地承包经营权流转面积 3,120 亩，占家庭承包耕地面积的 40.1%。流转形式以出租为主（2,860 亩），其余为入股和转包。流入主体中，农民专业合作社 6 家、家庭农场 11 家、农业企业 2 家，主要发展优质稻、蔬菜和水果种植。",
        Fate::Published,
    ));
    v.push(spec(
        "05",
        "西联镇2021年“一事一议”筹资筹劳项目公示",
        "",
        d(2021, 5, 20),
        "2021年村级公益事业“一事一议”筹资筹劳项目、标准及使用情况。",
        "经村民会议讨论通过，2021年新岭村实施村内道路路灯安装项目，筹资标准每人 20 元，共筹资 18,460 元，筹劳 320 个工日；项目总投资 9.6 万元，其中财政奖补 6.4 万元。资金使用情况接受村务监督委员会和村民监督。",
        Fate::Published,
    ));
    for (quarter, formed, rows, households, people) in [
        ("2021年第一季度", d(2021, 3, 31), vec![("西联村", "陈国强", 3, 1350), ("新岭村", "李桂英", 1, 560), ("芙蓉村", "黄德才", 2, 980), ("沐溪村", "邓秀兰", 4, 1720)], 212, 398),
        ("2021年第二季度", d(2021, 6, 30), vec![("西联社区", "周伟明", 2, 1020), ("西联村", "梁淑芬", 1, 560), ("沐溪村", "何志勇", 3, 1380)], 215, 403),
        ("2021年第三季度", d(2021, 9, 30), vec![("新岭村", "罗建华", 2, 980), ("芙蓉村", "谢玉珍", 1, 560)], 214, 400),
    ] {
        v.push(spec("06", format!("西联镇{quarter}城乡最低生活保障对象名单公示"), "", formed, format!("西联镇{quarter}新增城乡低保对象名单（姓名已隐去）及全镇低保户数、人数。"), dibao_body(quarter, &rows, households, people), Fate::Published));
    }
    v.push(spec(
        "06",
        "西联镇2021年特困人员救助供养名单公示",
        "",
        d(2021, 7, 15),
        "2021年新认定特困人员救助供养对象名单（姓名已隐去）及供养方式。",
        "根据《广东省特困人员救助供养办法》，经本人申请、镇人民政府审核，现将2021年新认定的特困人员救助供养对象公示如下：\n1. 西联村　【隐去：张水生】　分散供养　基本生活标准 1,183 元/月\n2. 沐溪村　【隐去：吴大牛】　集中供养（西联镇敬老院）　基本生活标准 1,183 元/月\n3. 芙蓉村　【隐去：刘金娣】　分散供养　照料护理标准 296 元/月\n公示期7天，如有异议请向镇社会事务办公室反映。",
        Fate::Published,
    ));
    v.push(spec(
        "06",
        "西联镇2021年临时救助发放情况公示",
        "",
        d(2021, 12, 20),
        "2021年全镇临时救助人次、金额及救助事由汇总。",
        "2021年我镇共实施临时救助 46 人次，发放救助金 12.38 万元。其中因病救助 28 人次、因灾救助 9 人次、其他突发困难救助 9 人次。救助对象个人信息依法不予公开。",
        Fate::Published,
    ));
    v.push(spec(
        "07",
        "关于沐溪村部分集体土地征收补偿安置方案的公告",
        "西府告〔2021〕2号",
        d(2021, 4, 16),
        "沐溪村拟征收集体土地的位置、面积、补偿标准和安置方式，听证权利告知。",
        "因韶关市武江区西联至龙归公路改建工程建设需要，拟征收西联镇沐溪村集体土地 12.36 公顷（其中耕地 8.42 公顷）。现将征地补偿安置方案公告如下：\n一、补偿标准：按广东省征地区片综合地价执行，土地补偿费和安置补助费合计每亩 5.8 万元；青苗和地上附着物按实补偿。\n二、安置方式：货币安置，并按规定将被征地农民纳入养老保险。\n三、被征地的农村集体经济组织、农民或者其他权利人对本方案有异议的，可在公告之日起30日内向镇人民政府提出；要求举行听证的，应在公告之日起5个工作日内提出。",
        Fate::Published,
    ));
    v.push(spec(
        "07",
        "西联镇2021年征地补偿款发放情况公示",
        "",
        d(2021, 10, 28),
        "沐溪村征地项目补偿款拨付及发放到户情况（户主姓名已隐去）。",
        "西联至龙归公路改建工程沐溪村征地补偿款共计 1,074.5 万元，已于2021年10月全部拨付至沐溪村股份经济合作社，发放到户情况如下：\n1. 第三村民小组　户主 【隐去：黄永福】　补偿款 86,420 元\n2. 第三村民小组　户主 【隐去：黄永贵】　补偿款 71,350 元\n3. 第五村民小组　户主 【隐去：钟美玲】　补偿款 93,610 元\n（其余农户发放明细在村务公开栏张贴公示。）",
        Fate::Published,
    ));
    for (batch, formed, rows) in [
        ("第一批", d(2021, 4, 28), vec![("西联村", "陈志明", 110, 11), ("芙蓉村", "黄少华", 96, 12)]),
        ("第二批", d(2021, 9, 10), vec![("新岭村", "罗永红", 120, 27), ("沐溪村", "邓建新", 105, 28), ("西联村", "梁家辉", 88, 29)]),
    ] {
        let list = rows.iter().enumerate().map(|(i, (v, n, area, no))| format!("{}. {v}　【隐去：{n}】　批准面积 {area} 平方米　批准文号 西宅批〔2021〕{no}号", i + 1)).collect::<Vec<_>>().join("\n");
        v.push(spec(
            "08",
            format!("西联镇2021年{batch}农村宅基地审批结果公示"),
            "",
            formed,
            format!("西联镇2021年{batch}农村宅基地申请审批结果（申请人姓名已隐去）。"),
            format!("根据《中华人民共和国土地管理法》和农村宅基地管理有关规定，经村民小组会议讨论、村委会审查和镇人民政府审批，现将2021年{batch}农村宅基地审批结果公示如下：\n{list}\n申请人应在取得批准书后按批准面积和位置建房，开工前申请镇人民政府到场放样。"),
            Fate::Published,
    ));
    }
    v.push(spec(
        "09",
        "西联镇便民服务中心政务服务事项清单",
        "",
        d(2021, 1, 20),
        "便民服务中心可办理的政务服务事项、办理时限和“马上办、网上办、就近办、一次办、自助办”标识。",
        "1. 城乡居民基本养老保险参保登记　即办　马上办、网上办、就近办\n2. 最低生活保障申请受理　承诺时限 5 个工作日　就近办、一次办\n3. 农村宅基地和建房（规划许可）申请受理　承诺时限 15 个工作日　一次办\n4. 残疾人两项补贴申请受理　承诺时限 5 个工作日　网上办、就近办\n5. 计划生育家庭特别扶助申请受理　承诺时限 10 个工作日　一次办\n6. 社保卡补换领　即办　自助办",
        Fate::Published,
    ));
    v.push(spec(
        "10",
        "西联镇行政执法主体、职权和依据公示",
        "",
        d(2021, 3, 10),
        "西联镇行政执法主体、执法人员、执法职权、依据、程序和救济途径（行政执法事前公示）。",
        "一、执法主体：西联镇人民政府（综合行政执法队具体实施）。\n二、执法职权：依据《广东省镇街综合行政执法事项目录》，在乡村规划建设、市容环境卫生、农业农村等领域行使行政处罚权及相关行政检查、行政强制措施权。\n三、执法程序：立案、调查取证、告知、听证（依申请）、法制审核（重大执法决定）、决定、送达、执行。\n四、救济途径：当事人对行政处罚决定不服的，可以自收到决定书之日起60日内申请行政复议，或者在6个月内提起行政诉讼。",
        Fate::Published,
    ));
    v.push(spec(
        "10",
        "西联镇关于违法建设行政处罚决定的公示",
        "西综执罚〔2021〕5号",
        d(2021, 8, 9),
        "对新岭村一处未取得乡村建设规划许可证擅自建设行为作出的行政处罚决定（当事人姓名已隐去）。",
        "当事人：【隐去：罗某某】，住新岭村。\n违法事实：当事人未取得乡村建设规划许可证，于2021年5月在新岭村擅自建设一层砖混结构房屋，建筑面积 46 平方米。\n处罚依据：《中华人民共和国城乡规划法》第六十五条。\n处罚决定：责令限期改正，逾期不改正的，依法拆除。\n当事人已于2021年8月30日自行改正。",
        Fate::Published,
    ));
    v.push(spec(
        "10",
        "西联镇2021年行政执法数据统计",
        "",
        d(2021, 12, 28),
        "2021年行政处罚、行政检查、行政强制案件数量统计（行政执法事后公示）。",
        "2021年，西联镇共开展行政检查 156 次；办理行政处罚案件 9 宗，其中简易程序 3 宗、普通程序 6 宗，罚没款 1.26 万元；实施行政强制措施 0 宗。重大执法决定 2 宗，均经法制审核。无行政复议、行政诉讼被纠错案件。",
        Fate::Published,
    ));
    let report = REPORT_2021.split_once('\n').map(|(_, body)| body.trim()).unwrap_or(REPORT_2021);
    v.push(Spec {
        pace: 1,
        ..spec(
            "11",
            "西联镇2021年法治政府建设年度报告",
            "",
            d(2021, 12, 15),
            "2021年西联镇学习贯彻习近平法治思想、推进法治政府建设的主要举措和成效、存在问题及下一步工作重点。",
            report,
            Fate::Published,
        )
    });
    v.push(spec(
        "11",
        "西联镇2021年重大行政决策事项目录",
        "",
        d(2021, 3, 5),
        "2021年西联镇重大行政决策事项名称、承办单位和计划完成时间。",
        "1. 西联镇农村人居环境整治提升实施方案　承办单位：经济发展办公室　计划完成时间：2021年5月\n2. 西联村至新岭村道路硬底化工程建设方案　承办单位：自然资源和规划建设办公室　计划完成时间：2021年4月\n3. 沐溪村集体土地征收补偿安置方案　承办单位：自然资源和规划建设办公室　计划完成时间：2021年4月\n上述事项均履行公众参与、专家论证（必要时）、风险评估、合法性审查和集体讨论决定程序。",
        Fate::Published,
    ));
    v.push(spec(
        "11",
        "西联镇人民政府权责清单",
        "",
        d(2021, 6, 1),
        "西联镇人民政府行政职权事项、类型、依据和责任事项（2021年版）。",
        "本清单共梳理西联镇人民政府权责事项 128 项，其中行政处罚 64 项、行政强制 3 项、行政给付 9 项、行政确认 7 项、行政检查 21 项、其他行政权力 24 项。各事项的实施依据、责任事项和追责情形见清单正文。",
        Fate::Published,
    ));
    v.push(spec(
        "12",
        "西联镇2021年防汛防旱防风应急预案",
        "",
        d(2021, 4, 1),
        "全镇防汛防旱防风组织体系、预警响应、转移避险和保障措施。",
        "一、组织体系：成立西联镇三防指挥部，镇长任总指挥，各村（居）设三防工作组。\n二、预警响应：按照气象、水文预警信号分级启动Ⅳ级至Ⅰ级应急响应。\n三、转移避险：对地质灾害隐患点、低洼易涝区和危房群众实行“点对点”转移，全镇设置避险安置点 7 个。\n四、保障措施：储备冲锋舟 2 艘、救生衣 300 件、沙袋 5,000 个。",
        Fate::Published,
    ));
    // Drafted in the order they were formed, so the 索引号 sequence follows the year.
    v.sort_by_key(|s| s.formed);
    let mut ids = HashMap::new();
    for s in v {
        let title = s.title.clone();
        ids.insert(title, ctx.item(s).await?);
    }
    let plan = ids["西联镇2021年重点项目建设计划"];
    publication::withdraw_at(app, &ctx.office, plan, "计划已调整，以《西联镇2021年重点项目建设计划（调整）》为准", at(d(2021, 7, 5), 0)).await?;
    // 领导班子成员及分工: a change of duties in September gives a second version.
    let team = ids["西联镇领导班子成员及工作分工"];
    let mut f = ctx.form(&spec("01", "西联镇领导班子成员及工作分工", "", d(2021, 3, 2), "西联镇领导班子成员姓名、职务及工作分工（2021年9月调整）。", "", Fate::Draft));
    f.body = "镇党委书记：主持镇党委全面工作。\n镇党委副书记、镇长：主持镇政府全面工作，负责财政、审计工作，为法治政府建设第一责任人。\n镇党委副书记：负责党建、组织、宣传、统战工作，分管党政综合办公室。\n镇党委委员、副镇长：负责农业农村、水利、林业、自然资源和规划建设工作，协助负责乡村振兴工作。\n镇党委委员、政法委员：负责综治维稳、信访、司法行政、人民调解、网格化管理和行政执法协调工作。\n副镇长：负责社会事务、民政、卫生健康、退役军人服务和应急管理工作。\n（2021年9月领导班子分工调整；领导成员姓名以任免文件为准，演示数据不列姓名。）".into();
    f.changed_on = "2021-09-06".into();
    f.change_note = "领导班子分工调整".into();
    publication::revise_at(app, &ctx.office, team, &f, at(d(2021, 9, 6), 0)).await?;
    publication::submit_at(app, &ctx.office, team, at(d(2021, 9, 7), 0)).await?;
    publication::review_at(app, &ctx.reviewer, team, &ReviewForm { basis: "分工调整内容不涉及国家秘密和个人隐私".into(), conclusion: "approve".into(), ..Default::default() }, at(d(2021, 9, 8), 0)).await?;
    publication::publish_at(app, &ctx.office, team, "", at(d(2021, 9, 9), 0)).await?;
    Ok(())
}
async fn load_current_year(ctx: &Ctx<'_>) -> AppResult<()> {
    let app = ctx.app;
    let t = ctx.today;
    let y = t.format("%Y").to_string();
    let ago = |n: i64| t - Duration::days(n);
    let mut v: Vec<Spec> = Vec::new();
    v.push(spec(
        "06",
        format!("西联镇{y}年第三季度城乡最低生活保障对象名单公示"),
        "",
        ago(50),
        format!("西联镇{y}年第三季度新增城乡低保对象名单（姓名已隐去）及全镇低保户数、人数。"),
        dibao_body(&format!("{y}年第三季度"), &[("芙蓉村", "黄桂芳", 2, 1260), ("西联社区", "陈建平", 1, 630), ("新岭村", "邓永明", 3, 1890)], 198, 361),
        Fate::Published,
    ));
    v.push(spec(
        "04",
        format!("西联镇{y}年部门预算及“三公”经费预算说明"),
        "",
        ago(60),
        format!("西联镇{y}年一般公共预算收支、“三公”经费预算及说明。"),
        format!("{y}年西联镇一般公共预算支出预算 4,915.20 万元，其中基本支出 2,802.60 万元、项目支出 2,112.60 万元。“三公”经费预算 19.80 万元，比上年减少 0.60 万元，无因公出国（境）费用。"),
        Fate::Published,
    ));
    v.push(spec(
        "08",
        format!("西联镇{y}年第四批农村宅基地审批结果公示"),
        "",
        ago(8),
        format!("西联镇{y}年第四批农村宅基地申请审批结果（申请人姓名已隐去）。"),
        format!("经村民小组会议讨论、村委会审查和镇人民政府审批，现将{y}年第四批农村宅基地审批结果公示如下：\n1. 西联村　【隐去：梁志强】　批准面积 108 平方米　批准文号 西宅批〔{y}〕41号\n2. 沐溪村　【隐去：何丽娟】　批准面积 96 平方米　批准文号 西宅批〔{y}〕42号"),
        Fate::Approved,
    ));
    v.push(spec(
        "11",
        format!("西联镇{y}年重大行政决策事项目录（调整）"),
        "",
        ago(6),
        format!("{y}年西联镇重大行政决策事项目录调整：新增一项。"),
        "新增：西联镇农村生活污水治理设施运维管理办法　承办单位：经济发展办公室　计划完成时间：本年12月。该事项将履行公众参与、风险评估、合法性审查和集体讨论决定程序。",
        Fate::Scheduled(2),
    ));
    v.push(spec(
        "07",
        format!("西联镇{y}年征地补偿款发放情况公示"),
        "",
        ago(10),
        "新岭村道路拓宽项目征地补偿款发放到户情况（户主姓名已隐去）。",
        "新岭村道路拓宽项目征地补偿款共计 326.8 万元，已全部拨付新岭村股份经济合作社，发放到户情况如下：\n1. 第二村民小组　户主 【隐去：罗桂生】　补偿款 42,180 元\n2. 第二村民小组　户主 【隐去：罗桂林】　补偿款 38,960 元",
        Fate::InReview,
    ));
    v.push(spec(
        "03",
        "西联镇国土空间总体规划（草案）公示",
        "",
        ago(12),
        "西联镇国土空间总体规划（草案）文本和图件，征求公众意见。",
        "规划期限至2035年，明确全镇生态保护、农业生产、城镇发展三类空间布局，划定耕地和永久基本农田、生态保护红线、城镇开发边界。规划图件中涉及部分特殊用地，已报请保密部门确定后再行公开。",
        Fate::Escalated,
    ));
    v.push(spec(
        "10",
        format!("西联镇{y}年10月行政执法事后公示"),
        "",
        ago(3),
        format!("{y}年10月行政处罚决定信息（起草中）。"),
        format!("{y}年10月，西联镇综合行政执法队作出行政处罚决定 2 宗：\n1. 当事人 【隐去：某农资店】，违法销售过期农药，依据《农药管理条例》第五十七条，给予警告并没收过期农药。\n2. 当事人 【隐去：钟某某】，未取得乡村建设规划许可证擅自建设，责令限期改正。"),
        Fate::Draft,
    ));
    // Overdue: formed long ago and never sent to review, so its 20 working days ran out.
    v.push(Spec {
        pace: 0,
        ..spec(
            "06",
            format!("西联镇{y}年特困人员救助供养名单公示"),
            "",
            ago(45),
            format!("西联镇{y}年新认定特困人员救助供养对象名单（姓名已隐去）。"),
            "经本人申请、镇人民政府审核，现将新认定的特困人员救助供养对象公示如下：\n1. 新岭村　【隐去：罗水妹】　分散供养\n2. 芙蓉村　【隐去：黄老四】　集中供养（西联镇敬老院）",
            Fate::Draft,
        )
    });
    v.push(Spec {
        attr: Attr::Withheld,
        basis: "process_information",
        reason: "会议纪要属于内部讨论记录，涉及信访人个人情况",
        ..spec(
            "12",
            format!("西联镇{y}年第三季度综治维稳工作专题会议纪要"),
            "",
            ago(30),
            "第三季度综治维稳形势研判和重点信访事项化解安排。",
            "会议研判了第三季度全镇综治维稳形势，逐一梳理重点信访事项，明确包案领导和化解时限。会议要求各村（居）落实矛盾纠纷排查“日报告、周研判”制度。",
            Fate::Withheld,
        )
    });
    v.sort_by_key(|s| s.formed);
    for s in v {
        ctx.item(s).await?;
    }
    // An update in progress: the 2021 power list's second version, drafting while version 1 stays public.
    let power: i64 = sqlx::query_scalar("SELECT id FROM disclosure_item WHERE org_id = $1 AND title = '西联镇人民政府权责清单'").bind(ctx.town.id).fetch_one(&app.db.pool).await?;
    let mut f = ctx.form(&spec("11", "西联镇人民政府权责清单", "", d(2021, 6, 1), format!("西联镇人民政府行政职权事项、类型、依据和责任事项（{y}年动态调整版）。"), "", Fate::Draft));
    f.body = format!("根据上级部署和法律法规立改废情况，{y}年对权责清单进行动态调整：调整后共有权责事项 135 项，其中行政处罚 70 项、行政强制 3 项、行政给付 9 项、行政确认 7 项、行政检查 22 项、其他行政权力 24 项。新增事项主要为综合行政执法下放的农业农村领域处罚事项。");
    f.changed_on = ago(5).to_string();
    f.change_note = format!("{y}年动态调整");
    publication::revise_at(app, &ctx.office, power, &f, at(ago(5), 0)).await?;
    Ok(())
}
