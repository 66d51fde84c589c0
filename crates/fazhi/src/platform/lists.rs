//! The registry of lists: every module adds its `ListSpec`s here, and the
//! generic list page, the JSON list API and exports all find them by name.
use fazhi_core::access::Permission;

use crate::platform::listing::{ColKind, Column, Filter, FilterOp, ListSpec};

const fn text(key: &'static str, label: &'static str, sql: &'static str) -> Column {
    Column { key, label, sql, kind: ColKind::Text, sortable: true }
}
const fn int(key: &'static str, label: &'static str, sql: &'static str) -> Column {
    Column { key, label, sql, kind: ColKind::Int, sortable: true }
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
    link_prefix: "/console/disclosure/requests/",
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
    link_prefix: "",
};

pub static ALL: &[&ListSpec] = &[&AUDIT, &USERS, &TODOS, &DISCLOSURE_ITEMS, &DISCLOSURE_WITHHELD, &DISCLOSURE_REQUESTS, &MEETINGS, &MEETING_VOTES];

pub fn spec(name: &str) -> Option<&'static ListSpec> {
    ALL.iter().copied().find(|s| s.name == name)
}
