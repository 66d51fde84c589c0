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

pub static ALL: &[&ListSpec] = &[&AUDIT, &USERS, &TODOS];

pub fn spec(name: &str) -> Option<&'static ListSpec> {
    ALL.iter().copied().find(|s| s.name == name)
}
