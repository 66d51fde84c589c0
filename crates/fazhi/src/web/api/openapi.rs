//! The OpenAPI 3.1 document of /api/v1 and the Swagger UI page (assets vendored
//! in the binary, nothing fetched).
use axum::Json;
use axum::response::Html;

pub async fn spec() -> Json<serde_json::Value> {
    Json(document())
}

pub async fn docs() -> Html<&'static str> {
    Html(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>接口文档 - 法治政府建设工作平台</title><link rel="stylesheet" href="/assets/swagger-ui.css">
<link rel="stylesheet" href="/assets/app.css"></head>
<body><main><div class="wrap"><h1>法治政府建设工作平台 接口文档</h1><p>OpenAPI 文档：<a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p></div><div id="swagger-ui"></div></main>
<script src="/assets/swagger-ui-bundle.js"></script><script src="/assets/swagger.js"></script></body></html>"#,
    )
}

fn err_ref() -> serde_json::Value {
    serde_json::json!({"description": "错误（JSON：error.code、error.message、error.field）", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn op(summary: &str, tag: &str, secured: bool) -> serde_json::Value {
    let mut o = serde_json::json!({
        "summary": summary,
        "tags": [tag],
        "responses": {"200": {"description": "成功", "content": {"application/json": {}}}, "4XX": err_ref()}
    });
    if !secured {
        o["security"] = serde_json::json!([]);
    }
    o
}

fn q(name: &str, desc: &str, required: bool, ty: &str) -> serde_json::Value {
    serde_json::json!({"name": name, "in": "query", "required": required, "description": desc, "schema": {"type": ty}})
}

pub fn document() -> serde_json::Value {
    let mut login = op("登录，返回可用作 Bearer 的会话令牌", "账号", false);
    login["requestBody"] = serde_json::json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}}}});
    let mut audit = op("审计记录（按对象筛选，按 id 倒序，before 翻页）", "平台", true);
    audit["parameters"] = serde_json::json!([q("entity", "对象类型，如 org_unit", false, "string"), q("entity_id", "对象编号", false, "string"), q("before", "上一页最后一条的 id", false, "integer"), q("limit", "每页条数（1–500）", false, "integer")]);
    let mut todos = op("待办事项（逾期在前）", "平台", true);
    todos["parameters"] = serde_json::json!([q("all", "true 时含指派给他人的事项", false, "boolean")]);
    let mut assign = op("交办/督办事项", "平台", true);
    assign["requestBody"] = serde_json::json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["org_id", "title"], "properties": {"org_id": {"type": "integer"}, "title": {"type": "string"}, "detail": {"type": "string"}, "due_date": {"type": "string", "format": "date"}, "due_workdays": {"type": "integer", "description": "自今日起 N 个工作日（与 due_date 二选一）"}, "assignee_id": {"type": "integer"}}}}}});
    let mut workdays = op("按工作日计算期限并说明计算过程", "工作日历", false);
    workdays["parameters"] = serde_json::json!([q("start", "起算日期（当日不计入）", true, "string"), q("days", "工作日数", true, "integer")]);
    let mut search = op("全文检索（有权查看的范围内）", "平台", true);
    search["parameters"] = serde_json::json!([q("q", "关键词", true, "string")]);
    let mut done = op("办结待办事项", "平台", true);
    done["parameters"] = serde_json::json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let mut org = op("单位详情（超出授权范围返回 403）", "平台", true);
    org["parameters"] = serde_json::json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let mut upload = op("上传附件（multipart；按 SM3 内容寻址存储；限制大小与类型，内容须与扩展名一致）", "附件", true);
    upload["requestBody"] = serde_json::json!({"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["org_id", "file"], "properties": {"org_id": {"type": "integer", "description": "所属单位"}, "entity": {"type": "string", "description": "关联对象类型，如 todo_item"}, "entity_id": {"type": "string", "description": "关联对象编号"}, "file": {"type": "string", "format": "binary", "description": "PDF、OFD、PNG、JPEG、GIF、WebP、doc、docx、xls、xlsx、txt、csv"}}}}}});
    upload["responses"]["200"] = serde_json::json!({"description": "已保存", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "integer"}, "sm3": {"type": "string", "description": "文件内容的 SM3 哈希（64 位十六进制）"}, "size": {"type": "integer"}}}}}});
    let mut attachment = op("下载附件（需对附件所属单位有下载权限；响应头 X-Content-SM3 为文件的 SM3 哈希）", "附件", true);
    attachment["parameters"] = serde_json::json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    attachment["responses"]["200"] = serde_json::json!({"description": "文件内容", "headers": {"X-Content-SM3": {"description": "SM3 哈希", "schema": {"type": "string"}}, "Content-Disposition": {"schema": {"type": "string"}}}, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}});
    let mut users = op("用户列表（管理范围内；电话已脱敏，可按完整手机号精确查找）", "平台", true);
    users["parameters"] = serde_json::json!([q("phone", "完整电话号码，经盲索引精确匹配", false, "string")]);
    let mut doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "法治政府建设工作平台 API", "version": env!("CARGO_PKG_VERSION"), "description": "所有写操作均按组织范围校验权限，并与审计记录在同一事务中完成。"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/auth/login": {"post": login},
            "/me": {"get": op("当前用户及其角色", "账号", true)},
            "/audit": {"get": audit},
            "/orgs": {"get": op("有权查看的组织机构", "平台", true)},
            "/orgs/{id}": {"get": org},
            "/todos": {"get": todos, "post": assign},
            "/todos/{id}/done": {"post": done},
            "/calendar/add-workdays": {"get": workdays},
            "/attachments": {"post": upload},
            "/attachments/{id}": {"get": attachment},
            "/users": {"get": users},
            "/search": {"get": search}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": ["string", "null"]}}}}}}
        }
    });
    // Each module describes its own paths; the document is their union.
    let modules: &[fn() -> serde_json::Value] = &[
        crate::web::disclosure::api::openapi_paths,
        crate::web::disclosure::requests_api::openapi_paths,
        crate::web::legal_review::api::openapi_paths,
        crate::web::mediation::api::openapi_paths,
        crate::web::major_decision::api::openapi_paths,
        crate::web::meeting::api::openapi_paths,
        crate::web::grid::openapi_paths,
    ];
    for paths_of in modules {
        if let (Some(paths), serde_json::Value::Object(more)) = (doc["paths"].as_object_mut(), paths_of()) {
            paths.extend(more);
        }
    }
    doc
}
