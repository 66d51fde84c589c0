//! The resident register (居民基础信息表) over HTTP: the console list,
//! register, detail (masked, with the audited 显示完整信息), edit and move
//! pages, a grid's buildings and 楼栋长, and the JSON API. Handlers parse, call
//! `crate::grid::{residents, places}` and render; no rule lives here.
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use fazhi_core::DomainError;
use fazhi_core::access::Permission;
use fazhi_core::grid::resident::{RELATIONS, ResidenceStatus, WorkItem};
use serde::Deserialize;

use crate::error::AppError;
use crate::grid::places::{self, BuildingView, StewardCandidate};
use crate::grid::residents::{self as res, MoveInput, ResidentInput, ResidentView, Revealed};
use crate::kernel::App;
use crate::platform::listing::{self, ListPage, ListQuery};
use crate::platform::lists;
use crate::web::pages::{Nav, render, today, user_error, with_status};
use crate::web::{ApiError, Auth, CurrentUser, PageError};

const NAV: &str = "grid";

pub fn routes() -> Router<App> {
    Router::new()
        .route("/console/grid/residents", get(list_page).post(create))
        .route("/console/grid/residents/new", get(new_form))
        .route("/console/grid/residents/{id}", get(detail))
        .route("/console/grid/residents/{id}/edit", get(edit_form).post(edit))
        .route("/console/grid/residents/{id}/move", post(move_to))
        .route("/console/grid/residents/{id}/reveal", post(reveal))
        .route("/console/grid/grids/{id}", get(grid_page))
        .route("/console/grid/grids/{id}/buildings", post(add_building))
        .route("/console/grid/buildings/{id}/stewards", post(appoint))
        .route("/console/grid/buildings/{id}/stewards/remove", post(remove_steward))
}

pub fn api_routes() -> Router<App> {
    Router::new().route("/grid/residents", get(api_list).post(api_create)).route("/grid/residents/{id}", get(api_get))
}



// ───────────────────────────── list ─────────────────────────────

pub struct FilterView {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    pub options: &'static [(&'static str, &'static str)],
    pub hint: &'static str,
}

#[derive(Template)]
#[template(path = "grid/resident_list.html")]
struct ListView {
    nav: Nav,
    filters: Vec<FilterView>,
    headers: Vec<&'static str>,
    page: ListPage,
    total: listing::Total,
    params: String,
    can_register: bool,
    can_export: bool,
    grids: Vec<(i64, String)>,
    error: Option<String>,
}

async fn list_page(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(params): Query<BTreeMap<String, String>>) -> Result<Response, PageError> {
    let spec = &lists::GRID_RESIDENTS;
    auth.actor.require_anywhere(spec.perm)?;
    let q = ListQuery::from_params(&params);
    let (page, total, error) = match listing::fetch(&app, &auth.actor, spec, &q).await {
        Ok(page) => (page, listing::count(&app, &auth.actor, spec, &q, listing::PAGE_COUNT_CAP).await?, None),
        Err(e) => {
            let (_, message, _) = user_error(e)?;
            (ListPage { rows: Vec::new(), next: None }, listing::Total { n: 0, more: false }, Some(message))
        }
    };
    let filters = spec
        .filters
        .iter()
        .map(|f| FilterView {
            key: f.key,
            label: f.label,
            value: q.filters.get(f.key).cloned().unwrap_or_default(),
            options: f.options,
            hint: match f.key {
                "id_number" => "输入完整的18位号码，精确查找",
                "phone" => "输入完整号码，精确查找",
                _ => "",
            },
        })
        .collect();
    let grids = places::grids_for(&app, &auth.actor, Permission::GridRead).await?;
    render(ListView {
        can_register: !places::grids_for(&app, &auth.actor, Permission::ResidentEdit).await?.is_empty(),
        can_export: auth.actor.has(Permission::ListExport),
        nav: Nav::new(&auth, NAV),
        filters,
        headers: spec.columns.iter().map(|c| c.label).collect(),
        page,
        total,
        params: q.to_params(),
        grids,
        error,
    })
}

// ───────────────────────────── register / edit ─────────────────────────────

/// The console form: the resident's cells, each work item as attention + note.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct ResidentForm {
    grid_id: String,
    name: String,
    id_number: String,
    phone: String,
    remove_phone: Option<String>,
    relation: String,
    residence: String,
    floating_since: String,
    building: String,
    door: String,
    note: String,
    #[serde(flatten)]
    rest: std::collections::HashMap<String, String>,
}

impl ResidentForm {
    fn input(&self) -> ResidentInput {
        let item = |i: WorkItem| {
            let k = res::item_field(i);
            res::item_cell(self.rest.get(&format!("{k}_attention")).map_or("none", String::as_str), self.rest.get(&format!("{k}_note")).map_or("", String::as_str))
        };
        ResidentInput {
            grid_id: self.grid_id.trim().parse().ok(),
            name: self.name.clone(),
            id_number: self.id_number.clone(),
            phone: self.phone.clone(),
            relation: self.relation.clone(),
            residence: self.residence.clone(),
            floating_since: self.floating_since.clone(),
            building: self.building.clone(),
            door: self.door.clone(),
            family_planning: item(WorkItem::FamilyPlanning),
            sanitation: item(WorkItem::Sanitation),
            fire_safety: item(WorkItem::FireSafety),
            services_needed: item(WorkItem::ServicesNeeded),
            public_security: item(WorkItem::PublicSecurity),
            disputes: item(WorkItem::Disputes),
            note: self.note.clone(),
        }
    }
}

pub struct ItemRow {
    pub key: &'static str,
    pub label: &'static str,
    pub attention: &'static str,
    pub note: String,
    pub own_choice: bool,
}

fn item_rows(f: &ResidentInput) -> Vec<ItemRow> {
    WorkItem::ALL
        .into_iter()
        .map(|i| {
            let cell = match i {
                WorkItem::FamilyPlanning => &f.family_planning,
                WorkItem::Sanitation => &f.sanitation,
                WorkItem::FireSafety => &f.fire_safety,
                WorkItem::ServicesNeeded => &f.services_needed,
                WorkItem::PublicSecurity => &f.public_security,
                WorkItem::Disputes => &f.disputes,
            };
            let e = fazhi_core::grid::resident::ItemEntry::parse(cell).unwrap_or_default();
            let attention = match e.attention {
                fazhi_core::grid::resident::Attention::None => "none",
                fazhi_core::grid::resident::Attention::Noted => "noted",
                fazhi_core::grid::resident::Attention::Key => "key",
            };
            ItemRow { key: res::item_field(i), label: i.label(), attention, note: e.note, own_choice: !i.named_by_seed() }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "grid/resident_form.html")]
struct FormPage {
    nav: Nav,
    /// Some(id) when editing.
    editing: Option<i64>,
    masked_id: String,
    masked_phone: String,
    grids: Vec<(i64, String)>,
    buildings: Vec<String>,
    relations: Vec<(&'static str, &'static str)>,
    residences: Vec<(&'static str, &'static str)>,
    f: ResidentInput,
    items: Vec<ItemRow>,
    error: Option<String>,
    field: Option<String>,
}

impl FormPage {
    fn bad(&self, name: &str) -> bool {
        self.field.as_deref() == Some(name)
    }
    fn grid_selected(&self, id: &i64) -> bool {
        self.f.grid_id == Some(*id)
    }
    fn relation_selected(&self, code: &str) -> bool {
        fazhi_core::grid::resident::HouseholdRelation::parse(&self.f.relation).is_some_and(|r| r.code() == code)
    }
    fn residence_selected(&self, code: &str) -> bool {
        ResidenceStatus::parse(&self.f.residence).is_some_and(|r| r.code() == code)
    }
}

async fn form_page(app: &App, auth: &Auth, editing: Option<&ResidentView>, f: ResidentInput, error: Option<(String, Option<String>)>) -> Result<Response, PageError> {
    let grids = places::grids_for(app, &auth.actor, Permission::ResidentEdit).await?;
    if grids.is_empty() {
        return Err(DomainError::forbidden("您没有在任何网格登记、修改居民信息的权限").into());
    }
    let mut buildings = Vec::new();
    for (id, _) in &grids {
        let sql = "SELECT name FROM grid_building WHERE grid_id = $1 ORDER BY id";
        let names: Vec<String> = sqlx::query_scalar(sql).bind(id).fetch_all(&app.db.pool).await.map_err(AppError::from)?;
        buildings.extend(names);
    }
    buildings.sort();
    buildings.dedup();
    let (error, field) = error.map_or((None, None), |(m, f)| (Some(m), f));
    render(FormPage {
        nav: Nav::new(auth, NAV),
        editing: editing.map(|v| v.id),
        masked_id: editing.map(|v| v.id_number.clone()).unwrap_or_default(),
        masked_phone: editing.and_then(|v| v.phone.clone()).unwrap_or_default(),
        grids,
        buildings,
        relations: RELATIONS.to_vec(),
        residences: ResidenceStatus::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        items: item_rows(&f),
        f,
        error,
        field,
    })
}

async fn new_form(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<BTreeMap<String, String>>) -> Result<Response, PageError> {
    let f = ResidentInput { grid_id: q.get("grid_id").and_then(|g| g.parse().ok()), relation: "02".into(), residence: "registered".into(), ..ResidentInput::default() };
    form_page(&app, &auth, None, f, None).await
}

async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<ResidentForm>) -> Result<Response, PageError> {
    let input = f.input();
    match res::register(&app, &auth.actor, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/console/grid/residents/{id}")).into_response()),
        Err(e) => {
            let (status, message, field) = user_error(e)?;
            // The typed 身份证号 and phone are not echoed back into the page.
            let shown = ResidentInput { id_number: String::new(), phone: String::new(), ..input };
            with_status(status, form_page(&app, &auth, None, shown, Some((message, field))).await)
        }
    }
}

async fn edit_form(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    res::load_for(&app, &auth.actor, Permission::ResidentEdit, id).await?;
    let v = res::view(&app, &auth.actor, id).await?;
    form_page(&app, &auth, Some(&v), res::input_of(&v), None).await
}

async fn edit(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ResidentForm>) -> Result<Response, PageError> {
    let input = f.input();
    match res::edit(&app, &auth.actor, id, &input, f.remove_phone.is_some()).await {
        Ok(()) => Ok(Redirect::to(&format!("/console/grid/residents/{id}")).into_response()),
        Err(e) => {
            let (status, message, field) = user_error(e)?;
            let v = res::view(&app, &auth.actor, id).await?;
            let shown = ResidentInput { id_number: String::new(), phone: String::new(), grid_id: Some(v.grid_id), building: v.building.clone(), ..input };
            with_status(status, form_page(&app, &auth, Some(&v), shown, Some((message, field))).await)
        }
    }
}

// ───────────────────────────── detail, move, reveal ─────────────────────────────

#[derive(Template)]
#[template(path = "grid/resident_detail.html")]
struct DetailPage {
    nav: Nav,
    v: ResidentView,
    can_edit: bool,
    can_unmask: bool,
    grids: Vec<(i64, String)>,
    today: String,
    error: Option<String>,
}

async fn detail_page(app: &App, auth: &Auth, id: i64, error: Option<String>) -> Result<Response, PageError> {
    let v = res::view(app, &auth.actor, id).await?;
    let org = crate::kernel::load_org(app, v.grid_id).await?;
    let can_edit = crate::grid::scope::scope_of(app, &auth.actor, Permission::ResidentEdit).await?.covers(&fazhi_core::grid::Place { grid: org.path.clone(), building_id: Some(v.building_id) });
    render(DetailPage {
        nav: Nav::new(auth, NAV),
        can_edit,
        can_unmask: auth.actor.can(Permission::PersonalDataUnmask, &org.path),
        grids: if can_edit { places::grids_for(app, &auth.actor, Permission::ResidentEdit).await? } else { Vec::new() },
        today: today().to_string(),
        error,
        v,
    })
}

async fn detail(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    detail_page(&app, &auth, id, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MoveForm {
    grid_id: String,
    building: String,
    door: String,
    on: String,
}

async fn move_to(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<MoveForm>) -> Result<Response, PageError> {
    let m = MoveInput { grid_id: f.grid_id.trim().parse().ok(), building: f.building, door: f.door, on: f.on };
    match res::move_to(&app, &auth.actor, id, &m).await {
        Ok(()) => Ok(Redirect::to(&format!("/console/grid/residents/{id}")).into_response()),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, detail_page(&app, &auth, id, Some(message)).await)
        }
    }
}

#[derive(Template)]
#[template(path = "grid/resident_reveal.html")]
struct RevealPage {
    nav: Nav,
    r: Revealed,
}

async fn reveal(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let r = res::reveal(&app, &auth.actor, id).await?;
    render(RevealPage { nav: Nav::new(&auth, NAV), r })
}

// ───────────────────────────── a grid's buildings ─────────────────────────────

#[derive(Template)]
#[template(path = "grid/building_list.html")]
struct GridPage {
    nav: Nav,
    grid_id: i64,
    grid: String,
    buildings: Vec<BuildingView>,
    candidates: Vec<StewardCandidate>,
    can_edit: bool,
    error: Option<String>,
}

impl GridPage {
    fn enc(&self, s: &str) -> String {
        crate::platform::listing::enc(s)
    }
}

async fn grid_view(app: &App, auth: &Auth, id: i64, error: Option<String>) -> Result<Response, PageError> {
    let grid = places::grid_org(app, id).await?;
    let read = crate::grid::scope::scope_of(app, &auth.actor, Permission::GridRead).await?;
    let buildings = places::buildings_of(app, &auth.actor, &grid).await?;
    if !read.subtrees().covers(&grid.path) && buildings.is_empty() {
        return Err(DomainError::forbidden(format!("您没有该网格「{}」的权限", Permission::GridRead.label())).into());
    }
    let can_edit = auth.actor.can(Permission::ResidentEdit, &grid.path);
    render(GridPage {
        nav: Nav::new(auth, NAV),
        grid_id: grid.id,
        candidates: if can_edit { places::steward_candidates(app, &grid).await? } else { Vec::new() },
        grid: grid.name,
        buildings,
        can_edit,
        error,
    })
}

async fn grid_page(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    grid_view(&app, &auth, id, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BuildingForm {
    name: String,
}

async fn add_building(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<BuildingForm>) -> Result<Response, PageError> {
    match places::create_building(&app, &auth.actor, id, &f.name).await {
        Ok(_) => Ok(Redirect::to(&format!("/console/grid/grids/{id}")).into_response()),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, grid_view(&app, &auth, id, Some(message)).await)
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StewardForm {
    user_id: String,
}

async fn steward_change(app: App, auth: Auth, building: i64, f: StewardForm, appoint: bool) -> Result<Response, PageError> {
    let (grid, _) = places::building_grid(&app, building).await?;
    let result = match f.user_id.trim().parse::<i64>() {
        Err(_) => Err(DomainError::invalid("user_id", "请选择「楼栋长」").into()),
        Ok(user) if appoint => places::appoint_steward(&app, &auth.actor, building, user, &today().to_string()).await,
        Ok(user) => places::remove_steward(&app, &auth.actor, building, user).await,
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/console/grid/grids/{}", grid.id)).into_response()),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, grid_view(&app, &auth, grid.id, Some(message)).await)
        }
    }
}

async fn appoint(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<StewardForm>) -> Result<Response, PageError> {
    steward_change(app, auth, id, f, true).await
}

async fn remove_steward(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<StewardForm>) -> Result<Response, PageError> {
    steward_change(app, auth, id, f, false).await
}

// ───────────────────────────── API ─────────────────────────────

async fn api_list(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(params): Query<BTreeMap<String, String>>) -> Result<Json<serde_json::Value>, ApiError> {
    crate::web::api::list_page(&app, &auth.actor, &lists::GRID_RESIDENTS, &params).await
}

async fn api_create(State(app): State<App>, CurrentUser(auth): CurrentUser, body: Result<Json<ResidentInput>, JsonRejection>) -> Result<Response, ApiError> {
    let Json(input) = body.map_err(crate::web::api::bad_json)?;
    let id = res::register(&app, &auth.actor, &input).await?;
    let v = res::view(&app, &auth.actor, id).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({"id": id, "resident": v}))).into_response())
}

async fn api_get(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Json<serde_json::Value>, ApiError> {
    let v = res::view(&app, &auth.actor, id).await?;
    Ok(Json(crate::web::api::to_json(&v)?))
}

/// The OpenAPI paths of the register (merged into `/api/v1/openapi.json`).
pub fn openapi_paths() -> serde_json::Value {
    let err = serde_json::json!({"description": "错误（JSON：error.code、error.message、error.field）", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let str_ = |d: &str| serde_json::json!({"type": "string", "description": d});
    let tag = serde_json::json!(["网格化管理"]);
    let list = serde_json::json!({
        "summary": "居民基础信息表（限本人网格；楼栋长只见所管楼栋；身份证号、联系电话、门牌号脱敏）",
        "tags": tag,
        "parameters": [
            {"name": "f_name", "in": "query", "required": false, "schema": {"type": "string"}, "description": "姓名（包含）"},
            {"name": "f_id_number", "in": "query", "required": false, "schema": {"type": "string"}, "description": "身份证号（完整18位，按盲索引精确查找）"},
            {"name": "f_phone", "in": "query", "required": false, "schema": {"type": "string"}, "description": "联系电话（完整号码，精确查找）"},
            {"name": "f_building", "in": "query", "required": false, "schema": {"type": "string"}, "description": "楼栋名称"},
            {"name": "f_residence", "in": "query", "required": false, "schema": {"type": "string", "enum": ["registered", "floating"]}, "description": "户籍/流动"},
            {"name": "f_attention", "in": "query", "required": false, "schema": {"type": "string", "enum": ["yes", "no"]}, "description": "有重点关注事项"},
            {"name": "f_grid", "in": "query", "required": false, "schema": {"type": "string"}, "description": "网格名称（包含）"},
            {"name": "after", "in": "query", "required": false, "schema": {"type": "string"}, "description": "上一页返回的 next"},
            {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "maximum": 1000}, "description": "每页条数（默认50）"}
        ],
        "responses": {"200": {"description": "居民列表", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "items": {"type": "array", "items": {"type": "object"}}, "next": {"type": ["string", "null"]}}}}}}, "4XX": err.clone()}
    });
    let create = serde_json::json!({
        "summary": "登记居民",
        "description": "需要该网格的“登记、修改居民信息”权限（网格员、居委会主任）。字段与导入模板各列相同；性别、出生日期由身份证号读取。身份证号、联系电话、门牌号加密保存。身份证号已登记时返回 409。",
        "tags": tag,
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
            "required": ["grid_id", "name", "id_number", "relation", "residence", "building", "door"],
            "properties": {
                "grid_id": {"type": "integer", "description": "网格（单位编号）"},
                "name": str_("姓名"),
                "id_number": str_("身份证号（18位，校验末位校验码）"),
                "phone": str_("联系电话（选填）"),
                "relation": str_("与户主关系（GB/T 4761 代码或名称，如 02 或 户主）"),
                "residence": str_("户籍 或 流动"),
                "floating_since": {"type": "string", "format": "date", "description": "流入日期（流动人口必填）"},
                "building": str_("楼栋，如 3栋"),
                "door": str_("门牌号，如 2单元301"),
                "family_planning": str_("计划生育/流动人口管理：空或“无”、情况说明，或以“重点：”开头表示重点关注"),
                "sanitation": str_("环境卫生（同上）"),
                "fire_safety": str_("消防安全（同上）"),
                "services_needed": str_("便民服务需求（同上）"),
                "public_security": str_("治安联防（同上）"),
                "disputes": str_("矛盾纠纷记录（同上）"),
                "note": str_("备注")
            }}}}},
        "responses": {"201": {"description": "已登记：id 与脱敏后的居民信息", "content": {"application/json": {}}}, "4XX": err.clone()}
    });
    let get_one = serde_json::json!({
        "summary": "居民详情（脱敏；含居住历史）",
        "tags": tag,
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "居民", "content": {"application/json": {}}}, "4XX": err}
    });
    serde_json::json!({
        "/grid/residents": {"get": list, "post": create},
        "/grid/residents/{id}": {"get": get_one}
    })
}
