//! The disclosure guide (政府信息公开指南, 条例 art.12): 分类, 编排体系, 获取方式
//! and the 公开工作机构's name, address, hours, phone, fax and online contact.
//! Staff edit the fields in the console; an empty field falls back to a
//! sensible default (the unit's own address, phone and hours from the org
//! tree), and the category list and the 索引号 example are generated, so the
//! portal page is always current. The town's 索引号 scheme lives here too: it
//! is the guide's 编排体系.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use serde::Serialize;
use sqlx::AnyConnection;

use super::rules::{self, DEFAULT_INDEX_PATTERN};
use super::{When, load_town};
use crate::db::col;
use crate::error::AppResult;
use crate::kernel::{App, Change, OrgRef, Write};

/// The article-20 list (主动公开的范围), shown in the guide's 分类 section.
pub const ART20: &[&str] = &[
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
];

/// The article-21 topics of a 乡（镇）人民政府.
pub const ART21_TOWN: &str = "贯彻落实农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等方面的政府信息";

/// The guide as shown: every field filled (edited value or default).
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    pub town_id: i64,
    pub town_name: String,
    pub town_code: String,
    pub classification: String,
    pub arrangement: String,
    pub access_methods: String,
    pub agency_name: String,
    pub address: String,
    pub office_hours: String,
    pub phone: String,
    pub fax: String,
    pub online_contact: String,
    pub supervision: String,
    pub index_org_code: String,
    pub index_pattern: String,
    pub rereview_months: i64,
    /// When staff last saved the guide (None: all defaults).
    pub updated_at: Option<String>,
}

/// The edited values as stored (empty = use the default), for the console form.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct GuideForm {
    #[serde(default)]
    pub classification: String,
    #[serde(default)]
    pub arrangement: String,
    #[serde(default)]
    pub access_methods: String,
    #[serde(default)]
    pub agency_name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub office_hours: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub fax: String,
    #[serde(default)]
    pub online_contact: String,
    #[serde(default)]
    pub supervision: String,
    #[serde(default)]
    pub index_org_code: String,
    #[serde(default)]
    pub index_pattern: String,
    #[serde(default)]
    pub rereview_months: String,
}

impl Guide {
    /// An example 索引号 of this scheme, for the 编排体系 section.
    pub fn index_example(&self) -> String {
        rules::check_index_pattern(&self.index_pattern).and_then(|s| rules::index_number(&s, &self.index_org_code, 2021, "06", 12)).unwrap_or_default()
    }
    pub fn updated_on(&self) -> String {
        self.updated_at.as_deref().map(super::local_date).unwrap_or_default()
    }
}

fn default_classification() -> String {
    "本机关主动公开的政府信息按下列目录分类编排。分类依据《中华人民共和国政府信息公开条例》第二十条、第二十一条规定的主动公开范围，结合本镇实际确定。".into()
}

fn default_arrangement() -> String {
    "政府信息按目录分类和生成日期编排，每条信息设有唯一的索引号，目录列明索引号、名称、内容概述和生成日期。信息变更后保留原索引号并注明更新日期。".into()
}

fn default_access(town: &str) -> String {
    format!(
        "（一）主动公开。{town}主动公开的政府信息通过本门户“政府信息公开”栏目发布，公众可按分类、年度浏览公开目录，或使用站内搜索查询；同时在镇政府政务公开栏、便民服务中心提供查阅。属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。\n\
（二）依申请公开。公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请应当采用书面形式（包括数据电文形式），写明申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径。本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。"
    )
}

fn default_supervision() -> String {
    "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。".into()
}

fn or(v: Option<String>, d: impl FnOnce() -> String) -> String {
    v.filter(|s| !s.trim().is_empty()).unwrap_or_else(d)
}

/// The stored edits (empty strings where staff left the default).
pub async fn form_values(app: &App, town_id: i64) -> AppResult<GuideForm> {
    let r = sqlx::query("SELECT * FROM disclosure_guide WHERE town_id = $1").bind(town_id).fetch_optional(&app.db.pool).await?;
    let Some(r) = r else { return Ok(GuideForm { rereview_months: "12".into(), ..GuideForm::default() }) };
    let s = |k: &str| -> AppResult<String> { Ok(col::<Option<String>>(&r, k)?.unwrap_or_default()) };
    Ok(GuideForm {
        classification: s("classification")?,
        arrangement: s("arrangement")?,
        access_methods: s("access_methods")?,
        agency_name: s("agency_name")?,
        address: s("address")?,
        office_hours: s("office_hours")?,
        phone: s("phone")?,
        fax: s("fax")?,
        online_contact: s("online_contact")?,
        supervision: s("supervision")?,
        index_org_code: s("index_org_code")?,
        index_pattern: s("index_pattern")?,
        rereview_months: col::<i64>(&r, "rereview_months")?.to_string(),
    })
}

/// The guide of a town, every field filled.
pub async fn load(app: &App, town: &OrgRef) -> AppResult<Guide> {
    let unit = sqlx::query("SELECT code, address, phone, office_hours FROM org_unit WHERE id = $1").bind(town.id).fetch_one(&app.db.pool).await?;
    let code: String = col(&unit, "code")?;
    let unit_address: Option<String> = col(&unit, "address")?;
    let unit_phone: Option<String> = col(&unit, "phone")?;
    let unit_hours: Option<String> = col(&unit, "office_hours")?;
    let r = sqlx::query("SELECT * FROM disclosure_guide WHERE town_id = $1").bind(town.id).fetch_optional(&app.db.pool).await?;
    let get = |k: &str| -> AppResult<Option<String>> {
        match &r {
            Some(r) => Ok(col::<Option<String>>(r, k)?),
            None => Ok(None),
        }
    };
    let unset = || "（未设置）".to_string();
    Ok(Guide {
        town_id: town.id,
        town_name: town.name.clone(),
        town_code: code.clone(),
        classification: or(get("classification")?, default_classification),
        arrangement: or(get("arrangement")?, default_arrangement),
        access_methods: or(get("access_methods")?, || default_access(&town.name)),
        agency_name: or(get("agency_name")?, || format!("{}党政综合办公室（政府信息公开工作机构）", town.name)),
        address: or(get("address")?, || unit_address.clone().unwrap_or_else(unset)),
        office_hours: or(get("office_hours")?, || unit_hours.clone().unwrap_or_else(unset)),
        phone: or(get("phone")?, || unit_phone.clone().unwrap_or_else(unset)),
        fax: or(get("fax")?, unset),
        online_contact: or(get("online_contact")?, || format!("本门户“政府信息公开”栏目（/portal/{code}/disclosure）")),
        supervision: or(get("supervision")?, default_supervision),
        index_org_code: or(get("index_org_code")?, || code.clone()),
        index_pattern: or(get("index_pattern")?, || DEFAULT_INDEX_PATTERN.to_string()),
        rereview_months: match &r {
            Some(r) => col(r, "rereview_months")?,
            None => 12,
        },
        updated_at: match &r {
            Some(r) => Some(col(r, "updated_at")?),
            None => None,
        },
    })
}

/// The 索引号 scheme and re-review period, read inside a write.
pub(crate) struct Scheme {
    pub org_code: String,
    pub pattern: String,
    pub rereview_months: u32,
}

pub(crate) async fn scheme_in(conn: &mut AnyConnection, town_id: i64) -> AppResult<Scheme> {
    let code: String = sqlx::query_scalar("SELECT code FROM org_unit WHERE id = $1").bind(town_id).fetch_one(&mut *conn).await?;
    let r = sqlx::query("SELECT index_org_code, index_pattern, rereview_months FROM disclosure_guide WHERE town_id = $1").bind(town_id).fetch_optional(&mut *conn).await?;
    Ok(match r {
        Some(r) => Scheme {
            org_code: Some(col::<String>(&r, "index_org_code")?).filter(|s| !s.is_empty()).unwrap_or(code),
            pattern: Some(col::<String>(&r, "index_pattern")?).filter(|s| !s.is_empty()).unwrap_or_else(|| DEFAULT_INDEX_PATTERN.into()),
            rereview_months: col::<i64>(&r, "rereview_months")?.clamp(1, 60) as u32,
        },
        None => Scheme { org_code: code, pattern: DEFAULT_INDEX_PATTERN.into(), rereview_months: 12 },
    })
}

/// Saves the guide's fields (an empty field means "use the default").
pub async fn save(app: &App, actor: &Actor, town_id: i64, f: &GuideForm) -> AppResult<()> {
    save_at(app, actor, town_id, f, When::now()).await
}

pub(crate) async fn save_at(app: &App, actor: &Actor, town_id: i64, f: &GuideForm, when: When) -> AppResult<()> {
    let town = load_town(app, town_id).await?;
    let long = |field: &str, label: &str, v: &str| form::optional_text(field, label, v, 3000);
    let short = |field: &str, label: &str, v: &str| form::optional_text(field, label, v, 200);
    let classification = long("classification", "分类说明", &f.classification)?;
    let arrangement = long("arrangement", "编排体系", &f.arrangement)?;
    let access_methods = long("access_methods", "获取方式", &f.access_methods)?;
    let supervision = long("supervision", "监督和救济", &f.supervision)?;
    let agency_name = short("agency_name", "机构名称", &f.agency_name)?;
    let address = short("address", "办公地址", &f.address)?;
    let office_hours = short("office_hours", "办公时间", &f.office_hours)?;
    let phone = short("phone", "联系电话", &f.phone)?;
    let fax = short("fax", "传真", &f.fax)?;
    let online_contact = short("online_contact", "网络联系方式", &f.online_contact)?;
    let org_code = form::optional_text("index_org_code", "机构代码", &f.index_org_code, 30)?;
    if let Some(c) = &org_code
        && !c.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(DomainError::invalid("index_org_code", "「机构代码」只能由字母、数字和短横线组成，如统一社会信用代码").into());
    }
    let pattern = match form::optional_text("index_pattern", "索引号编制规则", &f.index_pattern, 60)? {
        Some(p) => {
            rules::check_index_pattern(&p)?;
            Some(p)
        }
        None => None,
    };
    let months = if f.rereview_months.trim().is_empty() { 12 } else { form::integer("rereview_months", "不予公开信息评估周期（月）", &f.rereview_months, 1, 60)? };
    let mut w = Write::begin(app, actor, Permission::DisclosureEdit, &town).await?;
    let before = sqlx::query("SELECT index_pattern, index_org_code, updated_at FROM disclosure_guide WHERE town_id = $1").bind(town.id).fetch_optional(w.conn()).await?;
    let before = match before {
        Some(r) => serde_json::json!({"index_pattern": col::<String>(&r, "index_pattern")?, "index_org_code": col::<String>(&r, "index_org_code")?, "updated_at": col::<String>(&r, "updated_at")?}),
        None => serde_json::Value::Null,
    };
    sqlx::query(
        "INSERT INTO disclosure_guide (town_id, classification, arrangement, access_methods, agency_name, address, office_hours, phone, fax, online_contact, supervision,
                                       index_org_code, index_pattern, rereview_months, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (town_id) DO UPDATE SET classification = excluded.classification, arrangement = excluded.arrangement, access_methods = excluded.access_methods,
           agency_name = excluded.agency_name, address = excluded.address, office_hours = excluded.office_hours, phone = excluded.phone, fax = excluded.fax,
           online_contact = excluded.online_contact, supervision = excluded.supervision, index_org_code = excluded.index_org_code, index_pattern = excluded.index_pattern,
           rereview_months = excluded.rereview_months, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(town.id)
    .bind(&classification)
    .bind(&arrangement)
    .bind(&access_methods)
    .bind(&agency_name)
    .bind(&address)
    .bind(&office_hours)
    .bind(&phone)
    .bind(&fax)
    .bind(&online_contact)
    .bind(&supervision)
    .bind(org_code.clone().unwrap_or_default())
    .bind(pattern.clone().unwrap_or_default())
    .bind(months)
    .bind(actor.user_id)
    .bind(when.text())
    .execute(w.conn())
    .await?;
    let after = serde_json::json!({
        "classification": classification, "arrangement": arrangement, "access_methods": access_methods, "agency_name": agency_name, "address": address,
        "office_hours": office_hours, "phone": phone, "fax": fax, "online_contact": online_contact, "supervision": supervision,
        "index_org_code": org_code, "index_pattern": pattern, "rereview_months": months
    });
    w.record(Change::update("disclosure_guide", town.id, &before, &after));
    w.commit().await
}
