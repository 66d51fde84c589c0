//! The registry of lists: every module adds its `ListSpec`s here, and the
//! generic list page, the JSON list API and exports all find them by name.
use fazhi_core::access::Permission;

use crate::platform::listing::{ColKind, Column, Filter, FilterOp, ListSpec};
use crate::platform::personal::Kind;

const fn text(key: &'static str, label: &'static str, sql: &'static str) -> Column {
    Column { key, label, sql, kind: ColKind::Text, sortable: true }
}
const fn int(key: &'static str, label: &'static str, sql: &'static str) -> Column {
    Column { key, label, sql, kind: ColKind::Int, sortable: true }
}
/// A protected value's ciphertext column: listed masked (`ListSpec::personal`), never sorted.
const fn protected(key: &'static str, label: &'static str, sql: &'static str) -> Column {
    Column { key, label, sql, kind: ColKind::Text, sortable: false }
}
const fn filter(key: &'static str, label: &'static str, sql: &'static str, op: FilterOp) -> Filter {
    Filter { key, label, sql, op, options: &[] }
}

pub static AUDIT: ListSpec = ListSpec {
    name: "audit",
    title: "审计记录",
    from: "audit_record a JOIN org_unit o ON o.id = a.org_id",
    id_sql: "a.id",
    perm: Permission::AuditRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        int("id", "编号", "a.id"),
        text("at", "时间（UTC）", "a.at"),
        text("actor", "操作人", "a.actor_name"),
        text("action", "操作", "a.action"),
        text("entity", "对象类型", "a.entity"),
        text("entity_id", "对象编号", "a.entity_id"),
        text("org", "单位", "o.name"),
        text("after", "变更内容", "a.after_json"),
        text("chain", "审计链", "a.chain_key"),
        int("seq", "链序号", "a.seq"),
    ],
    filters: &[
        filter("entity", "对象类型", "a.entity", FilterOp::Eq),
        filter("entity_id", "对象编号", "a.entity_id", FilterOp::Eq),
        filter("actor", "操作人", "a.actor_name", FilterOp::Contains),
        filter("from", "起始日期", "a.at", FilterOp::From),
        filter("to", "截止日期", "a.at", FilterOp::To),
    ],
    default_sort: "id",
    default_desc: true,
    personal: &[],
    link_prefix: "",
};

pub static USERS: ListSpec = ListSpec {
    name: "users",
    title: "用户",
    from: "app_user u JOIN org_unit o ON o.id = u.org_id",
    id_sql: "u.id",
    perm: Permission::UserManage,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        text("username", "用户名", "u.username"),
        text("display_name", "姓名", "u.display_name"),
        text("org", "所属单位", "o.name"),
        text("title", "职务", "u.title"),
        text("created_at", "创建时间（UTC）", "u.created_at"),
    ],
    filters: &[
        filter("username", "用户名", "u.username", FilterOp::Contains),
        filter("display_name", "姓名", "u.display_name", FilterOp::Contains),
        filter("org", "所属单位", "o.name", FilterOp::Contains),
    ],
    default_sort: "username",
    default_desc: false,
    personal: &[],
    link_prefix: "",
};

pub static TODOS: ListSpec = ListSpec {
    name: "todos",
    title: "待办事项台账",
    from: "todo_item t JOIN org_unit o ON o.id = t.org_id LEFT JOIN app_user u ON u.id = t.assignee_id LEFT JOIN clock c ON c.id = t.clock_id",
    id_sql: "t.id",
    perm: Permission::TodoRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        int("id", "编号", "t.id"),
        text("title", "事项", "t.title"),
        text("org", "单位", "o.name"),
        text("assignee", "承办人", "u.display_name"),
        text("due", "办理期限", "COALESCE(c.due_date, t.due_date)"),
        text("status", "状态", "CASE WHEN t.status = 'open' THEN '办理中' ELSE '已办结' END"),
        text("created_at", "交办时间（UTC）", "t.created_at"),
        text("done_at", "办结时间（UTC）", "t.done_at"),
    ],
    filters: &[
        Filter { key: "status", label: "状态", sql: "t.status", op: FilterOp::Eq, options: &[("open", "办理中"), ("done", "已办结")] },
        filter("title", "事项", "t.title", FilterOp::Contains),
        filter("org", "单位", "o.name", FilterOp::Contains),
        filter("due_from", "期限起", "COALESCE(c.due_date, t.due_date)", FilterOp::From),
        filter("due_to", "期限止", "COALESCE(c.due_date, t.due_date)", FilterOp::To),
    ],
    default_sort: "id",
    default_desc: true,
    personal: &[],
    link_prefix: "",
};

const DISCLOSURE_STATUS: &str = "CASE i.status WHEN 'draft' THEN '起草中' WHEN 'conf_review' THEN '保密审查中' WHEN 'escalated' THEN '报保密部门确定' WHEN 'approved' THEN '审查通过待发布' \
     WHEN 'withheld' THEN '不予公开' WHEN 'scheduled' THEN '定时发布' WHEN 'published' THEN '已发布' WHEN 'withdrawn' THEN '已撤回' ELSE i.status END";
const DISCLOSURE_STATUS_OPTIONS: &[(&str, &str)] = &[
    ("draft", "起草中"),
    ("conf_review", "保密审查中"),
    ("escalated", "报保密部门确定"),
    ("approved", "审查通过待发布"),
    ("withheld", "不予公开"),
    ("scheduled", "定时发布"),
    ("published", "已发布"),
    ("withdrawn", "已撤回"),
];

/// 政务公开 (M2): every proactive-disclosure item of the towns in scope, in any state.
pub static DISCLOSURE_ITEMS: ListSpec = ListSpec {
    name: "disclosure_items",
    title: "政务公开信息台账",
    from: "disclosure_item i JOIN org_unit o ON o.id = i.org_id JOIN disclosure_category c ON c.id = i.category_id \
           LEFT JOIN clock k ON k.entity = 'disclosure_item' AND k.entity_id = CAST(i.id AS TEXT) AND k.name = '公开期限'",
    id_sql: "i.id",
    perm: Permission::DisclosureRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        text("index_no", "索引号", "i.index_no"),
        text("title", "标题", "i.title"),
        text("category", "目录分类", "c.name"),
        text("formed_on", "成文日期", "i.formed_on"),
        text("status", "状态", DISCLOSURE_STATUS),
        text("publicity", "公开属性", "CASE i.publicity WHEN 'proactive' THEN '主动公开' WHEN 'on_request' THEN '依申请公开' ELSE '不予公开' END"),
        int("version", "版本", "i.current_version"),
        text("due", "公开期限", "CASE WHEN k.stopped_at IS NULL THEN k.due_date END"),
        text("published", "最近发布（UTC）", "i.last_published_at"),
        text("org", "单位", "o.name"),
    ],
    filters: &[
        Filter { key: "status", label: "状态", sql: "i.status", op: FilterOp::Eq, options: DISCLOSURE_STATUS_OPTIONS },
        filter("title", "标题", "i.title", FilterOp::Contains),
        filter("category", "目录分类", "c.name", FilterOp::Contains),
        filter("index_no", "索引号", "i.index_no", FilterOp::Contains),
        filter("from", "成文日期起", "i.formed_on", FilterOp::From),
        filter("to", "成文日期止", "i.formed_on", FilterOp::To),
    ],
    default_sort: "formed_on",
    default_desc: true,
    personal: &[],
    link_prefix: "/console/disclosure/items/",
};

/// 政务公开 (M2): withheld items and their periodic re-review dates (条例 art.18).
pub static DISCLOSURE_WITHHELD: ListSpec = ListSpec {
    name: "disclosure_withheld",
    title: "不予公开信息定期评估",
    from: "disclosure_item i JOIN org_unit o ON o.id = i.org_id JOIN disclosure_version v ON v.item_id = i.id AND v.version = i.current_version",
    id_sql: "i.id",
    perm: Permission::DisclosureRead,
    scope_col: "o.path",
    fixed_where: "i.status = 'withheld'",
    building_col: "",
    columns: &[
        text("index_no", "索引号", "i.index_no"),
        text("title", "标题", "i.title"),
        text("publicity", "公开属性", "CASE i.publicity WHEN 'proactive' THEN '主动公开' WHEN 'on_request' THEN '依申请公开' ELSE '不予公开' END"),
        text(
            "ground",
            "不公开依据",
            "CASE v.withhold_ground WHEN 'state_secret' THEN '第十四条（国家秘密）' WHEN 'prohibited_by_law' THEN '第十四条（法律、行政法规禁止公开）' \
             WHEN 'security_and_stability' THEN '第十四条（危及“三安全一稳定”）' WHEN 'third_party_rights' THEN '第十五条（第三方合法权益）' \
             WHEN 'internal_affairs' THEN '第十六条第一款（内部事务信息）' WHEN 'process_information' THEN '第十六条第二款（过程性信息）' \
             WHEN 'enforcement_file' THEN '第十六条第二款（行政执法案卷）' ELSE '保密审查结论' END",
        ),
        text("next", "下次评估日期", "i.next_rereview_on"),
        text("org", "单位", "o.name"),
    ],
    filters: &[filter("title", "标题", "i.title", FilterOp::Contains), filter("next_to", "评估日期止", "i.next_rereview_on", FilterOp::To)],
    default_sort: "next",
    default_desc: false,
    personal: &[],
    link_prefix: "/console/disclosure/items/",
};

/// 依申请公开: the state's Chinese name (must equal `disclosure::requests::state_sql()`, tested there).
pub const DISCLOSURE_REQUEST_STATE: &str = "CASE r.state WHEN 'received' THEN '已收到' WHEN 'on_spot_answered' THEN '已当场答复' WHEN 'under_review' THEN '审查办理中' \
     WHEN 'correction_requested' THEN '待申请人补正' WHEN 'abandoned' THEN '视为放弃申请' WHEN 'third_party_consultation' THEN '征求第三方意见中' \
     WHEN 'co_agency_consultation' THEN '征求其他机关意见中' WHEN 'fee_notice' THEN '待缴纳信息处理费' WHEN 'responded' THEN '已答复' WHEN 'archived' THEN '已归档' ELSE r.state END";
const DISCLOSURE_REQUEST_STATES: &[(&str, &str)] = &[
    ("received", "已收到"),
    ("under_review", "审查办理中"),
    ("correction_requested", "待申请人补正"),
    ("third_party_consultation", "征求第三方意见中"),
    ("co_agency_consultation", "征求其他机关意见中"),
    ("fee_notice", "待缴纳信息处理费"),
    ("on_spot_answered", "已当场答复"),
    ("responded", "已答复"),
    ("abandoned", "视为放弃申请"),
    ("archived", "已归档"),
];
const DISCLOSURE_APPLICANT_TYPES: &[(&str, &str)] = &[
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("public_welfare_organization", "社会公益组织"),
    ("legal_service_institution", "法律服务机构"),
    ("other_organization", "其他组织"),
];

/// 政务公开 (M2): the disclosure-request ledger (依申请公开台账) of the towns in scope.
pub static DISCLOSURE_REQUESTS: ListSpec = ListSpec {
    name: "disclosure_requests",
    title: "政府信息公开申请台账",
    from: "disclosure_request r JOIN org_unit o ON o.id = r.org_id \
           LEFT JOIN clock k ON k.entity = 'disclosure_request' AND k.entity_id = CAST(r.id AS TEXT) AND k.name = '答复期限'",
    id_sql: "r.id",
    perm: Permission::DisclosureRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        text("code", "受理编号", "r.code"),
        text("received_on", "收到日期", "r.received_on"),
        text(
            "applicant_type",
            "申请人类型",
            "CASE r.applicant_type WHEN 'natural_person' THEN '自然人' WHEN 'commercial_enterprise' THEN '商业企业' WHEN 'research_institution' THEN '科研机构' \
             WHEN 'public_welfare_organization' THEN '社会公益组织' WHEN 'legal_service_institution' THEN '法律服务机构' ELSE '其他组织' END",
        ),
        text(
            "channel",
            "申请方式",
            "CASE r.channel WHEN 'in_person' THEN '当面' WHEN 'signed_post' THEN '邮寄' WHEN 'ordinary_letter' THEN '平常信函' WHEN 'online' THEN '在线' WHEN 'fax' THEN '传真' ELSE '电子邮件' END",
        ),
        text("state", "状态", DISCLOSURE_REQUEST_STATE),
        text("due", "答复期限", "CASE WHEN k.paused THEN '计时暂停' ELSE k.due_date END"),
        text("extended", "延期", "CASE WHEN r.extended THEN '已延长' ELSE '' END"),
        text(
            "outcome",
            "办理结果",
            "CASE WHEN r.outcome IS NULL THEN '' ELSE r.outcome || ' ' || CASE substr(r.outcome, 1, 1) WHEN '1' THEN '予以公开' WHEN '2' THEN '部分公开' WHEN '3' THEN '不予公开' \
             WHEN '4' THEN '无法提供' WHEN '5' THEN '不予处理' ELSE '其他处理' END END",
        ),
        text("closed_on", "办结日期", "r.closed_on"),
        text("on_time", "是否按期", "CASE WHEN r.on_time IS NULL THEN '' WHEN r.on_time THEN '按期' ELSE '超期' END"),
        text("office", "受理机关", "o.name"),
    ],
    filters: &[
        Filter { key: "state", label: "状态", sql: "r.state", op: FilterOp::Eq, options: DISCLOSURE_REQUEST_STATES },
        Filter { key: "applicant_type", label: "申请人类型", sql: "r.applicant_type", op: FilterOp::Eq, options: DISCLOSURE_APPLICANT_TYPES },
        filter("code", "受理编号", "r.code", FilterOp::Contains),
        filter("from", "收到日期起", "r.received_on", FilterOp::From),
        filter("to", "收到日期止", "r.received_on", FilterOp::To),
        filter("office", "受理机关", "o.name", FilterOp::Contains),
    ],
    default_sort: "received_on",
    default_desc: true,
    personal: &[],
    link_prefix: "/console/disclosure/requests/",
};

/// 合法性审查: the state's and conclusion's Chinese names (the labels of `fazhi_core::legal_review`).
const LEGAL_REVIEW_STATE: &str = "CASE r.state WHEN 'requested' THEN '待审查' WHEN 'opined' THEN '已出具意见' WHEN 'responded' THEN '已反馈采纳情况' WHEN 'withdrawn' THEN '已撤回' ELSE r.state END";
const LEGAL_REVIEW_STATES: &[(&str, &str)] = &[("requested", "待审查"), ("opined", "已出具意见"), ("responded", "已反馈采纳情况"), ("withdrawn", "已撤回")];
const LEGAL_REVIEW_KINDS: &[(&str, &str)] = &[("decision", "重大行政决策"), ("document", "规范性文件"), ("contract", "合同"), ("enforcement", "行政执法决定")];
const LEGAL_REVIEW_CONCLUSIONS: &[(&str, &str)] = &[("lawful", "合法"), ("lawful_with_changes", "修改后合法"), ("unlawful", "不合法")];

/// 合法性审查台账: every review of the units in scope.
pub static LEGAL_REVIEWS: ListSpec = ListSpec {
    name: "legal_reviews",
    title: "合法性审查台账",
    from: "legal_review r JOIN org_unit o ON o.id = r.org_id JOIN app_user u ON u.id = r.requested_by LEFT JOIN legal_adviser a ON a.id = r.adviser_id \
           LEFT JOIN app_user v ON v.id = r.opined_by \
           LEFT JOIN clock k ON k.entity = 'legal_review' AND k.entity_id = CAST(r.id AS TEXT) AND k.name = '审查期限'",
    id_sql: "r.id",
    perm: Permission::LegalReviewRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        int("id", "编号", "r.id"),
        text("submitted_on", "提请日期", "r.submitted_on"),
        text("kind", "审查事项类别", "CASE r.subject_kind WHEN 'decision' THEN '重大行政决策' WHEN 'document' THEN '规范性文件' WHEN 'contract' THEN '合同' ELSE '行政执法决定' END"),
        text("title", "审查事项", "r.subject_title"),
        text("requester", "提请人", "u.display_name"),
        text("adviser", "法律顾问", "COALESCE(a.name, '')"),
        text("due", "审查期限", "COALESCE(k.due_date, r.due_date)"),
        text("state", "状态", LEGAL_REVIEW_STATE),
        text("conclusion", "审查结论", "CASE r.conclusion WHEN 'lawful' THEN '合法' WHEN 'lawful_with_changes' THEN '修改后合法' WHEN 'unlawful' THEN '不合法' ELSE '' END"),
        text("opined_on", "出具日期", "r.opined_on"),
        text("opiner", "出具人", "COALESCE(v.display_name, '')"),
        text("on_time", "是否按期", "CASE WHEN r.on_time IS NULL THEN '' WHEN r.on_time THEN '按期' ELSE '超期' END"),
        text("org", "提请单位", "o.name"),
    ],
    filters: &[
        Filter { key: "state", label: "状态", sql: "r.state", op: FilterOp::Eq, options: LEGAL_REVIEW_STATES },
        Filter { key: "kind", label: "审查事项类别", sql: "r.subject_kind", op: FilterOp::Eq, options: LEGAL_REVIEW_KINDS },
        Filter { key: "conclusion", label: "审查结论", sql: "r.conclusion", op: FilterOp::Eq, options: LEGAL_REVIEW_CONCLUSIONS },
        filter("title", "审查事项", "r.subject_title", FilterOp::Contains),
        filter("from", "提请日期起", "r.submitted_on", FilterOp::From),
        filter("to", "提请日期止", "r.submitted_on", FilterOp::To),
    ],
    default_sort: "id",
    default_desc: true,
    personal: &[],
    link_prefix: "/console/legal-reviews/",
};

/// 法律顾问名册.
pub static LEGAL_ADVISERS: ListSpec = ListSpec {
    name: "legal_advisers",
    title: "法律顾问名册",
    from: "legal_adviser a JOIN org_unit o ON o.id = a.org_id LEFT JOIN app_user u ON u.id = a.user_id",
    id_sql: "a.id",
    perm: Permission::LegalReviewRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        text("name", "姓名", "a.name"),
        text("licence_no", "执业证号", "a.licence_no"),
        text("firm", "执业机构", "a.firm"),
        text("start", "聘用期起", "a.contract_start"),
        text("end", "聘用期止", "a.contract_end"),
        text("scope", "服务范围", "a.scope"),
        text("account", "系统账号", "COALESCE(u.username, '')"),
        text("active", "状态", "CASE WHEN a.active THEN '在聘' ELSE '已停用' END"),
        text("org", "聘请单位", "o.name"),
    ],
    filters: &[filter("name", "姓名", "a.name", FilterOp::Contains), filter("firm", "执业机构", "a.firm", FilterOp::Contains), filter("end_from", "聘用期止不早于", "a.contract_end", FilterOp::From)],
    default_sort: "end",
    default_desc: true,
    personal: &[],
    link_prefix: "",
};

/// 人民调解: the state's Chinese name (must equal `CaseState::label`, tested in tests/it/mediation.rs).
pub const MEDIATION_STATE: &str = "CASE c.state WHEN 'applied' THEN '待登记' WHEN 'declined' THEN '不予调解' WHEN 'registered' THEN '已登记受理' WHEN 'mediating' THEN '调解中' \
     WHEN 'agreed' THEN '已达成协议' WHEN 'terminated' THEN '调解终止' WHEN 'archived' THEN '已归档' ELSE c.state END";
const MEDIATION_STATES: &[(&str, &str)] = &[
    ("applied", "待登记"),
    ("declined", "不予调解"),
    ("registered", "已登记受理"),
    ("mediating", "调解中"),
    ("agreed", "已达成协议"),
    ("terminated", "调解终止"),
    ("archived", "已归档"),
];
pub const MEDIATION_TYPE: &str = "CASE c.dispute_type WHEN 'marriage_family' THEN '婚姻家庭纠纷' WHEN 'neighbour' THEN '邻里纠纷' WHEN 'house_and_homestead' THEN '房屋宅基地纠纷' \
     WHEN 'contract' THEN '合同纠纷' WHEN 'damage_compensation' THEN '损害赔偿纠纷' WHEN 'labour' THEN '劳动争议纠纷' WHEN 'land_acquisition' THEN '征地拆迁纠纷' \
     WHEN 'forest_and_land' THEN '山林土地纠纷' WHEN 'property' THEN '物业纠纷' WHEN 'traffic_accident' THEN '道路交通事故纠纷' ELSE '其他纠纷' END";
const MEDIATION_TYPES: &[(&str, &str)] = &[
    ("marriage_family", "婚姻家庭纠纷"),
    ("neighbour", "邻里纠纷"),
    ("house_and_homestead", "房屋宅基地纠纷"),
    ("contract", "合同纠纷"),
    ("damage_compensation", "损害赔偿纠纷"),
    ("labour", "劳动争议纠纷"),
    ("land_acquisition", "征地拆迁纠纷"),
    ("forest_and_land", "山林土地纠纷"),
    ("property", "物业纠纷"),
    ("traffic_accident", "道路交通事故纠纷"),
    ("other", "其他纠纷"),
];
pub const MEDIATION_SOURCE: &str =
    "CASE c.source WHEN 'grid_event' THEN '网格事件' WHEN 'visit' THEN '来访' WHEN 'call' THEN '来电' WHEN 'referral' THEN '移交' ELSE '主动调解' END";
const MEDIATION_SOURCES: &[(&str, &str)] = &[("grid_event", "网格事件"), ("visit", "来访"), ("call", "来电"), ("referral", "移交"), ("initiative", "主动调解")];

/// 人民调解 (M9): the mediation case ledger (人民调解案件台账) of the units in scope; no personal data.
pub static MEDIATION_CASES: ListSpec = ListSpec {
    name: "mediation_cases",
    title: "人民调解案件台账",
    from: "mediation_case c JOIN org_unit o ON o.id = c.org_id JOIN mediation_committee m ON m.id = c.committee_id \
           LEFT JOIN clock k ON k.entity = 'mediation_case' AND k.entity_id = CAST(c.id AS TEXT) AND k.name = '调解期限'",
    id_sql: "c.id",
    perm: Permission::MediationRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        text("code", "案件编号", "c.code"),
        text("applied_on", "申请日期", "c.applied_on"),
        text("dispute_type", "纠纷类型", MEDIATION_TYPE),
        text("source", "案件来源", MEDIATION_SOURCE),
        text("state", "状态", MEDIATION_STATE),
        text("due", "调解期限", "CASE WHEN k.stopped_at IS NULL THEN k.due_date END"),
        text("concluded_on", "调解结束日期", "c.concluded_on"),
        text("effective_on", "协议生效日期", "c.effective_on"),
        int("follow_ups", "回访次数", "c.follow_ups"),
        text("risk", "激化风险", "CASE WHEN c.risk_flagged THEN '有' ELSE '' END"),
        text("committee", "人民调解委员会", "m.name"),
    ],
    filters: &[
        Filter { key: "state", label: "状态", sql: "c.state", op: FilterOp::Eq, options: MEDIATION_STATES },
        Filter { key: "dispute_type", label: "纠纷类型", sql: "c.dispute_type", op: FilterOp::Eq, options: MEDIATION_TYPES },
        Filter { key: "source", label: "案件来源", sql: "c.source", op: FilterOp::Eq, options: MEDIATION_SOURCES },
        filter("committee", "人民调解委员会", "m.name", FilterOp::Contains),
        filter("code", "案件编号", "c.code", FilterOp::Contains),
        filter("from", "申请日期起", "c.applied_on", FilterOp::From),
        filter("to", "申请日期止", "c.applied_on", FilterOp::To),
    ],
    default_sort: "applied_on",
    default_desc: true,
    personal: &[],
    link_prefix: "/console/mediation/cases/",
};

/// 网格事件 (M10): events of the grids in scope; a 楼栋长 sees only their buildings' events.
pub const GRID_EVENT_STATE: &str = "CASE e.state WHEN 'reported' THEN '已上报' WHEN 'accepted' THEN '已受理' WHEN 'dispatched' THEN '已分拨' WHEN 'handled' THEN '已处置' \
     WHEN 'feedback' THEN '已反馈' WHEN 'verified' THEN '已核查' WHEN 'closed' THEN '已办结' ELSE e.state END";
const GRID_EVENT_STATES: &[(&str, &str)] = &[
    ("reported", "已上报"),
    ("accepted", "已受理"),
    ("dispatched", "已分拨"),
    ("handled", "已处置"),
    ("feedback", "已反馈"),
    ("verified", "已核查"),
    ("closed", "已办结"),
];
pub const GRID_CATEGORY: &str = "CASE e.category WHEN 'dispute' THEN '矛盾邻里纠纷调处' WHEN 'sanitation' THEN '环境卫生' WHEN 'fire_safety' THEN '消防安全' \
     WHEN 'family_planning' THEN '计划生育（流动人口管理）' WHEN 'convenience_service' THEN '便民服务' WHEN 'public_security' THEN '治安联防' ELSE e.category END";
const GRID_CATEGORIES: &[(&str, &str)] = &[
    ("dispute", "矛盾邻里纠纷调处"),
    ("sanitation", "环境卫生"),
    ("fire_safety", "消防安全"),
    ("family_planning", "计划生育（流动人口管理）"),
    ("convenience_service", "便民服务"),
    ("public_security", "治安联防"),
];
const GRID_SOURCES: &[(&str, &str)] = &[("patrol", "巡查发现"), ("portal", "群众网上报告"), ("phone", "电话")];

pub static GRID_EVENTS: ListSpec = ListSpec {
    name: "grid_events",
    title: "网格事件",
    from: "grid_event e JOIN org_unit o ON o.id = e.grid_id \
           LEFT JOIN clock k ON k.entity = 'grid_event' AND k.entity_id = CAST(e.id AS TEXT) AND k.name = '处置期限'",
    id_sql: "e.id",
    perm: Permission::GridRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "e.building_id",
    columns: &[
        text("reported_on", "上报日期", "e.reported_on"),
        text("title", "事件", "e.title"),
        text("category", "类别", GRID_CATEGORY),
        text("state", "状态", GRID_EVENT_STATE),
        text("due", "处置期限", "CASE WHEN k.stopped_at IS NULL THEN k.due_date END"),
        text("grid", "网格", "o.name"),
        text("source", "来源", "CASE e.source WHEN 'patrol' THEN '巡查发现' WHEN 'portal' THEN '群众网上报告' WHEN 'phone' THEN '电话' ELSE e.source END"),
        text("code", "查询编号", "e.tracking_code"),
        text("closed_on", "办结日期", "e.closed_on"),
    ],
    filters: &[
        Filter { key: "state", label: "状态", sql: "e.state", op: FilterOp::Eq, options: GRID_EVENT_STATES },
        Filter { key: "category", label: "类别", sql: "e.category", op: FilterOp::Eq, options: GRID_CATEGORIES },
        Filter { key: "source", label: "来源", sql: "e.source", op: FilterOp::Eq, options: GRID_SOURCES },
        filter("grid", "网格", "o.name", FilterOp::Contains),
        filter("title", "事件", "e.title", FilterOp::Contains),
        filter("from", "上报日期起", "e.reported_on", FilterOp::From),
        filter("to", "上报日期止", "e.reported_on", FilterOp::To),
    ],
    default_sort: "reported_on",
    default_desc: true,
    link_prefix: "/console/grid/events/",
    personal: &[],
};

/// 巡查记录 (M10): patrols of the grids in scope (grid-level records: a 楼栋长 sees none).
pub static GRID_PATROLS: ListSpec = ListSpec {
    name: "grid_patrols",
    title: "巡查记录",
    from: "grid_patrol p JOIN org_unit o ON o.id = p.grid_id JOIN app_user u ON u.id = p.patrolled_by",
    id_sql: "p.id",
    perm: Permission::GridRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        text("patrol_date", "巡查日期", "p.patrol_date"),
        text("started_at", "巡查时间", "p.started_at"),
        text("grid", "网格", "o.name"),
        text("by", "巡查人", "u.display_name"),
        text("findings", "发现问题", "CASE WHEN p.findings = '' THEN '未发现问题' ELSE p.findings END"),
        int("photos", "照片", "p.photos"),
    ],
    filters: &[
        filter("grid", "网格", "o.name", FilterOp::Contains),
        filter("from", "巡查日期起", "p.patrol_date", FilterOp::From),
        filter("to", "巡查日期止", "p.patrol_date", FilterOp::To),
    ],
    default_sort: "patrol_date",
    default_desc: true,
    link_prefix: "/console/grid/patrols/",
    personal: &[],
};

/// 重大行政决策 (M5): the decision ledger (决策台账) of the towns in scope.
pub static MAJOR_DECISIONS: ListSpec = ListSpec {
    name: "major_decisions",
    title: "重大行政决策台账",
    from: "major_decision d JOIN org_unit o ON o.id = d.org_id",
    id_sql: "d.id",
    perm: Permission::DecisionRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        int("year", "年度", "d.year"),
        text("title", "决策事项", "d.title"),
        text("lead_unit", "承办单位", "d.lead_unit"),
        text("stage", "所处阶段", "d.stage"),
        text("comment", "征求意见期间", "CASE WHEN d.comment_start IS NULL THEN '' ELSE d.comment_start || ' 至 ' || d.comment_end END"),
        text("doc_no", "文号", "d.doc_no"),
        text("decided_on", "决策日期", "d.decided_on"),
        text("published_on", "公布日期", "d.published_on"),
        text("standing", "执行状态", "CASE d.standing WHEN 'suspended' THEN '暂缓执行' WHEN 'stopped' THEN '已停止执行' ELSE '正常' END"),
        text("org", "单位", "o.name"),
    ],
    filters: &[
        filter("year", "年度", "CAST(d.year AS TEXT)", FilterOp::Eq),
        filter("title", "决策事项", "d.title", FilterOp::Contains),
        filter("stage", "所处阶段", "d.stage", FilterOp::Contains),
        Filter { key: "standing", label: "执行状态", sql: "d.standing", op: FilterOp::Eq, options: &[("normal", "正常"), ("suspended", "暂缓执行"), ("stopped", "已停止执行")] },
    ],
    default_sort: "year",
    default_desc: true,
    personal: &[],
    link_prefix: "/console/decisions/",
};


const MEETING_STATES: &[(&str, &str)] = &[("preparing", "筹备"), ("notified", "已通知"), ("in_session", "召开中"), ("ended", "已结束"), ("approved", "纪要已审定")];

/// 会议制度 (M6): the meetings of the towns in scope (会议台账).
pub static MEETINGS: ListSpec = ListSpec {
    name: "meetings",
    title: "会议台账",
    from: "meeting m JOIN org_unit o ON o.id = m.org_id JOIN meeting_type t ON t.id = m.type_id",
    id_sql: "m.id",
    perm: Permission::MeetingRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        text("date", "会议日期", "m.meeting_date"),
        text("title", "会议名称", "m.title"),
        text("type", "会议类型", "t.name"),
        text("state", "状态", "CASE m.status WHEN 'preparing' THEN '筹备' WHEN 'notified' THEN '已通知' WHEN 'in_session' THEN '召开中' WHEN 'ended' THEN '已结束' WHEN 'approved' THEN '纪要已审定' ELSE m.status END"),
        int("items", "议题数", "(SELECT COUNT(*) FROM meeting_item i WHERE i.meeting_id = m.id)"),
        text("notice", "通知", "CASE WHEN m.notice_sent_at IS NULL THEN '未通知' WHEN m.notice_on_time THEN '按期通知' ELSE '未按期通知' END"),
        text("org", "单位", "o.name"),
    ],
    filters: &[
        Filter { key: "state", label: "状态", sql: "m.status", op: FilterOp::Eq, options: MEETING_STATES },
        filter("type", "会议类型", "t.name", FilterOp::Contains),
        filter("title", "会议名称", "m.title", FilterOp::Contains),
        filter("from", "会议日期起", "m.meeting_date", FilterOp::From),
        filter("to", "会议日期止", "m.meeting_date", FilterOp::To),
    ],
    default_sort: "date",
    default_desc: true,
    personal: &[],
    link_prefix: "/console/meetings/",
};

/// 会议制度 (M6): named votes (记名表决) per meeting and per member over a period;
/// superseded votes stay listed with their correction.
pub static MEETING_VOTES: ListSpec = ListSpec {
    name: "meeting_votes",
    title: "会议表决记录",
    from: "meeting_vote v JOIN meeting m ON m.id = v.meeting_id JOIN meeting_item i ON i.id = v.item_id JOIN app_user u ON u.id = v.user_id JOIN org_unit o ON o.id = m.org_id",
    id_sql: "v.id",
    perm: Permission::MeetingRead,
    scope_col: "o.path",
    fixed_where: "",
    building_col: "",
    columns: &[
        text("date", "会议日期", "m.meeting_date"),
        text("meeting", "会议", "m.title"),
        int("position", "议题序号", "i.position"),
        text("item", "议题", "i.title"),
        text("member", "表决成员", "u.display_name"),
        text("choice", "表决意见", "CASE v.choice WHEN 'agree' THEN '同意' WHEN 'disagree' THEN '不同意' WHEN 'abstain' THEN '弃权' ELSE v.choice END"),
        text("opinion", "说明", "COALESCE(v.opinion, '')"),
        text("status", "记录状态", "CASE WHEN v.superseded_by IS NOT NULL THEN '已被更正' WHEN v.correction_id IS NOT NULL THEN '更正后记录' ELSE '有效' END"),
        text("cast_at", "表决时间（UTC）", "v.cast_at"),
    ],
    filters: &[
        filter("meeting", "会议编号", "m.id", FilterOp::Eq),
        filter("member_id", "成员编号", "u.id", FilterOp::Eq),
        filter("member", "表决成员", "u.display_name", FilterOp::Contains),
        Filter { key: "choice", label: "表决意见", sql: "v.choice", op: FilterOp::Eq, options: &[("agree", "同意"), ("disagree", "不同意"), ("abstain", "弃权")] },
        filter("from", "会议日期起", "m.meeting_date", FilterOp::From),
        filter("to", "会议日期止", "m.meeting_date", FilterOp::To),
    ],
    default_sort: "date",
    default_desc: false,
    personal: &[],
    link_prefix: "",
};

/// 与户主关系 (GB/T 4761) as its name, from the code stored on the resident.
pub const GRID_RELATION: &str = "CASE r.relation WHEN '01' THEN '本人' WHEN '02' THEN '户主' WHEN '10' THEN '配偶' WHEN '11' THEN '夫' WHEN '12' THEN '妻' WHEN '20' THEN '子' WHEN '27' THEN '养子或继子' WHEN '28' THEN '女婿' WHEN '30' THEN '女' WHEN '37' THEN '养女或继女' WHEN '38' THEN '儿媳' WHEN '40' THEN '孙子、孙女或外孙子、外孙女' WHEN '41' THEN '孙子' WHEN '42' THEN '孙女' WHEN '43' THEN '外孙子' WHEN '44' THEN '外孙女' WHEN '50' THEN '父母' WHEN '51' THEN '父亲' WHEN '52' THEN '母亲' WHEN '53' THEN '公公' WHEN '54' THEN '婆婆' WHEN '55' THEN '岳父' WHEN '56' THEN '岳母' WHEN '60' THEN '祖父母或外祖父母' WHEN '70' THEN '兄弟姐妹' WHEN '71' THEN '兄' WHEN '73' THEN '弟' WHEN '75' THEN '姐姐' WHEN '77' THEN '妹妹' WHEN '97' THEN '其他亲属' WHEN '99' THEN '非亲属' ELSE r.relation END";

/// 网格化管理 (M10): the resident basic information table (居民基础信息表).
/// A 楼栋长 sees only their buildings (`building_col`); 身份证号、联系电话 and
/// 门牌号 are ciphertexts shown masked (`personal`), found exactly by blind index.
pub static GRID_RESIDENTS: ListSpec = ListSpec {
    name: "grid_residents",
    title: "居民基础信息表",
    from: "grid_resident r JOIN org_unit o ON o.id = r.grid_id JOIN grid_building b ON b.id = r.building_id JOIN grid_household h ON h.id = r.household_id",
    id_sql: "r.id",
    perm: Permission::GridRead,
    scope_col: "o.path",
    fixed_where: "r.active = TRUE",
    building_col: "r.building_id",
    columns: &[
        text("name", "姓名", "r.name"),
        text("sex", "性别", "CASE r.sex WHEN 'male' THEN '男' WHEN 'female' THEN '女' ELSE '' END"),
        text("birth_date", "出生日期", "r.birth_date"),
        protected("id_number", "身份证号", "r.id_enc"),
        protected("phone", "联系电话", "r.phone_enc"),
        text("relation", "与户主关系", GRID_RELATION),
        text("residence", "户籍/流动", "CASE r.residence WHEN 'floating' THEN '流动' ELSE '户籍' END"),
        text("floating_since", "流入日期", "r.floating_since"),
        text("building", "楼栋", "b.name"),
        protected("door", "门牌号", "h.door_enc"),
        text("attention", "重点关注", "CASE WHEN r.attention THEN '是' ELSE '' END"),
        text("grid", "网格", "o.name"),
    ],
    filters: &[
        filter("name", "姓名", "r.name", FilterOp::Contains),
        filter("id_number", "身份证号", "r.id_idx", FilterOp::BlindIndex(Kind::IdNumber)),
        filter("phone", "联系电话", "r.phone_idx", FilterOp::BlindIndex(Kind::Phone)),
        filter("building", "楼栋", "b.name", FilterOp::Eq),
        Filter { key: "residence", label: "户籍/流动", sql: "r.residence", op: FilterOp::Eq, options: &[("registered", "户籍"), ("floating", "流动")] },
        Filter { key: "attention", label: "重点关注", sql: "CASE WHEN r.attention THEN 'yes' ELSE 'no' END", op: FilterOp::Eq, options: &[("yes", "是"), ("no", "否")] },
        filter("grid", "网格", "o.name", FilterOp::Contains),
    ],
    default_sort: "name",
    default_desc: false,
    personal: &[("id_number", Kind::IdNumber), ("phone", Kind::Phone), ("door", Kind::Door)],
    link_prefix: "/console/grid/residents/",
};

/// Every registered list; one line per list so modules append without touching each other.
pub static ALL: &[&ListSpec] = &[
    &AUDIT,
    &USERS,
    &TODOS,
    &DISCLOSURE_ITEMS,
    &DISCLOSURE_WITHHELD,
    &DISCLOSURE_REQUESTS,
    &LEGAL_REVIEWS,
    &LEGAL_ADVISERS,
    &MEDIATION_CASES,
    &GRID_EVENTS,
    &GRID_PATROLS,
    &MAJOR_DECISIONS,
    &MEETINGS,
    &MEETING_VOTES,
    &GRID_RESIDENTS,
];

pub fn spec(name: &str) -> Option<&'static ListSpec> {
    ALL.iter().copied().find(|s| s.name == name)
}
