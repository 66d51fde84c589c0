//! 政务公开 pages. Console: the module page (work queues), item pages with
//! the workflow forms, drafting forms, the guide and catalogue settings.
//! Portal (no JavaScript, phone width): the 政府信息公开 column of a town —
//! guide, catalogue by category and year, item pages and their files.
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fazhi_core::access::Permission;
use serde::Deserialize;

use crate::disclosure::catalogue::{self, Category, CategoryForm, PublicCategory};
use crate::disclosure::guide::{self, Guide, GuideForm};
use crate::disclosure::publication::{self, Dashboard, ItemForm, ItemView, PublicItem, ReviewForm};
use crate::disclosure::{self, Attr, Conclusion, ENTITY, Segment, When};
use crate::kernel::App;
use crate::web::api::attachments as upload;
use crate::web::pages::{Nav, render, today};
use crate::web::{CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new()
        // Console.
        .route("/console/disclosure", get(home))
        .route("/console/disclosure/items", post(create))
        .route("/console/disclosure/items/new", get(new_form))
        .route("/console/disclosure/items/{id}", get(item))
        .route("/console/disclosure/items/{id}/edit", get(edit_form).post(edit))
        .route("/console/disclosure/items/{id}/revise", get(revise_form).post(revise))
        .route("/console/disclosure/items/{id}/submit", post(submit))
        .route("/console/disclosure/items/{id}/review", post(review))
        .route("/console/disclosure/items/{id}/publish", post(publish))
        .route("/console/disclosure/items/{id}/withdraw", post(withdraw))
        .route("/console/disclosure/items/{id}/reopen", post(reopen))
        .route("/console/disclosure/items/{id}/rereview", post(rereview))
        .route("/console/disclosure/items/{id}/files", post(add_file).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/console/disclosure/items/{id}/files/{file}/remove", post(remove_file))
        .route("/console/disclosure/guide", get(guide_form).post(guide_save))
        .route("/console/disclosure/categories", get(categories).post(category_create))
        .route("/console/disclosure/categories/defaults", post(category_defaults))
        .route("/console/disclosure/categories/{id}", post(category_update))
        // Portal.
        .route("/portal/{code}/disclosure", get(portal_home))
        .route("/portal/{code}/disclosure/guide", get(portal_guide))
        .route("/portal/{code}/disclosure/catalogue", get(portal_catalogue))
        .route("/portal/{code}/disclosure/items/{id}", get(portal_item))
        .route("/portal/{code}/disclosure/items/{id}/files/{file}", get(portal_file))
}

fn to_item(id: i64) -> Response {
    Redirect::to(&format!("/console/disclosure/items/{id}")).into_response()
}

// ───────────────────────────── console ─────────────────────────────

#[derive(Template)]
#[template(path = "disclosure/console_home.html")]
struct HomePage {
    nav: Nav,
    d: Dashboard,
    can_edit: bool,
}

async fn home(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    publication::release_due(&app, When::now()).await?;
    let d = publication::dashboard(&app, &auth.actor, today()).await?;
    render(HomePage { can_edit: auth.actor.has(Permission::DisclosureEdit), nav: Nav::new(&auth, "disclosure"), d })
}

/// The drafting form (new, edit, revise share it).
#[derive(Template)]
#[template(path = "disclosure/console_form.html")]
struct FormPage {
    nav: Nav,
    heading: String,
    action: String,
    /// Towns to choose from (new items only).
    towns: Vec<(i64, String)>,
    town_id: i64,
    town_name: String,
    categories: Vec<Category>,
    f: ItemForm,
    revision: bool,
    attrs: Vec<(&'static str, &'static str)>,
    grounds: Vec<(&'static str, String)>,
    submit_label: &'static str,
    back: String,
}

impl FormPage {
    fn category_selected(&self, id: &i64) -> bool {
        self.f.category_id == Some(*id)
    }
}

#[derive(Deserialize)]
struct TownQuery {
    town_id: Option<i64>,
}

async fn pick_town(app: &App, auth: &crate::web::Auth, perm: Permission, wanted: Option<i64>) -> Result<(Vec<(i64, String)>, i64, String), PageError> {
    let towns = disclosure::towns_in_scope(app, &auth.actor, perm).await?;
    let Some(first) = towns.first().cloned() else {
        return Err(PageError(fazhi_core::DomainError::forbidden(format!("您没有在任何镇（街道）「{}」的权限", perm.label())).into()));
    };
    let (id, name) = match wanted {
        Some(w) => towns.iter().find(|t| t.0 == w).cloned().ok_or_else(|| PageError(fazhi_core::DomainError::forbidden("您没有该镇（街道）的权限").into()))?,
        None => first,
    };
    Ok((towns, id, name))
}

fn attrs() -> Vec<(&'static str, &'static str)> {
    Attr::ALL.iter().map(|a| (a.code(), a.label())).collect()
}

async fn new_form(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<TownQuery>) -> Result<Response, PageError> {
    let (towns, town_id, town_name) = pick_town(&app, &auth, Permission::DisclosureEdit, q.town_id).await?;
    let categories = catalogue::list(&app, town_id).await?.into_iter().filter(|c| c.active).collect();
    let f = ItemForm { town_id: Some(town_id), issuer: format!("{town_name}人民政府"), formed_on: today().to_string(), publicity: "proactive".into(), ..ItemForm::default() };
    render(FormPage {
        nav: Nav::new(&auth, "disclosure"),
        heading: "起草政务公开信息".into(),
        action: "/console/disclosure/items".into(),
        towns,
        town_id,
        town_name,
        categories,
        f,
        revision: false,
        attrs: attrs(),
        grounds: disclosure::withhold_grounds(),
        submit_label: "保存草稿",
        back: "/console/disclosure".into(),
    })
}

async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<ItemForm>) -> Result<Response, PageError> {
    let id = publication::draft(&app, &auth.actor, &f).await?;
    Ok(to_item(id))
}

fn form_of(v: &ItemView) -> ItemForm {
    let x = &v.version;
    ItemForm {
        town_id: Some(v.item.org_id),
        category_id: Some(x.category_id),
        title: x.title.clone(),
        doc_no: x.doc_no.clone().unwrap_or_default(),
        issuer: x.issuer.clone(),
        formed_on: x.formed_on.clone(),
        publicity: x.publicity.clone(),
        withhold_ground: x.withhold_ground.clone().unwrap_or_default(),
        publicity_reason: x.publicity_reason.clone().unwrap_or_default(),
        summary: x.summary.clone(),
        body: x.body.clone(),
        changed_on: x.changed_on.clone().unwrap_or_default(),
        change_note: x.change_note.clone().unwrap_or_default(),
    }
}

async fn edit_form(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = publication::internal(&app, &auth.actor, id).await?;
    auth.actor.require(Permission::DisclosureEdit, &crate::kernel::load_org(&app, v.item.org_id).await?.path)?;
    let categories = catalogue::list(&app, v.item.org_id).await?.into_iter().filter(|c| c.active || c.id == v.version.category_id).collect();
    render(FormPage {
        nav: Nav::new(&auth, "disclosure"),
        heading: format!("修改：{}", v.version.title),
        action: format!("/console/disclosure/items/{id}/edit"),
        towns: Vec::new(),
        town_id: v.item.org_id,
        town_name: v.town_name.clone(),
        categories,
        revision: v.item.current_version > 1 || v.version.changed_on.is_some(),
        f: form_of(&v),
        attrs: attrs(),
        grounds: disclosure::withhold_grounds(),
        submit_label: "保存修改",
        back: format!("/console/disclosure/items/{id}"),
    })
}

async fn edit(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ItemForm>) -> Result<Response, PageError> {
    publication::edit(&app, &auth.actor, id, &f).await?;
    Ok(to_item(id))
}

async fn revise_form(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = publication::internal(&app, &auth.actor, id).await?;
    auth.actor.require(Permission::DisclosureEdit, &crate::kernel::load_org(&app, v.item.org_id).await?.path)?;
    let categories = catalogue::list(&app, v.item.org_id).await?.into_iter().filter(|c| c.active).collect();
    let mut f = form_of(&v);
    f.changed_on = today().to_string();
    f.change_note = String::new();
    render(FormPage {
        nav: Nav::new(&auth, "disclosure"),
        heading: format!("变更（生成第 {} 版）：{}", v.item.current_version + 1, v.version.title),
        action: format!("/console/disclosure/items/{id}/revise"),
        towns: Vec::new(),
        town_id: v.item.org_id,
        town_name: v.town_name.clone(),
        categories,
        revision: true,
        f,
        attrs: attrs(),
        grounds: disclosure::withhold_grounds(),
        submit_label: "生成新版本",
        back: format!("/console/disclosure/items/{id}"),
    })
}

async fn revise(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ItemForm>) -> Result<Response, PageError> {
    publication::revise(&app, &auth.actor, id, &f).await?;
    Ok(to_item(id))
}

#[derive(Template)]
#[template(path = "disclosure/console_item.html")]
struct ItemPage {
    nav: Nav,
    v: ItemView,
    can_edit: bool,
    can_review: bool,
    is_drafter: bool,
    can_publish: bool,
    review_choices: Vec<(&'static str, &'static str)>,
    rereview_choices: Vec<(&'static str, &'static str)>,
    accept: String,
}

impl ItemPage {
    fn marked(&self) -> &[Segment] {
        &self.v.body_segments
    }
    fn paragraphs<'a>(&self, text: &'a str) -> Vec<&'a str> {
        text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    }
}

async fn item(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    publication::release_due(&app, When::now()).await?;
    let v = publication::internal(&app, &auth.actor, id).await?;
    let org = crate::kernel::load_org(&app, v.item.org_id).await?;
    let a = &auth.actor;
    let is_drafter = a.user_id == v.item.created_by || a.user_id == v.version.created_by || a.user_id == v.version.updated_by;
    render(ItemPage {
        can_edit: a.can(Permission::DisclosureEdit, &org.path),
        can_review: a.can(Permission::DisclosureReview, &org.path),
        can_publish: a.can(Permission::DisclosurePublish, &org.path),
        is_drafter,
        review_choices: Conclusion::REVIEW.iter().map(|c| (c.code(), c.label())).collect(),
        rereview_choices: Conclusion::REREVIEW.iter().map(|c| (c.code(), c.label())).collect(),
        accept: crate::platform::attachments::accept_attr(),
        nav: Nav::new(&auth, "disclosure"),
        v,
    })
}

async fn submit(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    publication::submit(&app, &auth.actor, id).await?;
    Ok(to_item(id))
}

async fn review(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ReviewForm>) -> Result<Response, PageError> {
    publication::review(&app, &auth.actor, id, &f).await?;
    Ok(to_item(id))
}

async fn rereview(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ReviewForm>) -> Result<Response, PageError> {
    publication::rereview(&app, &auth.actor, id, &f).await?;
    Ok(to_item(id))
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    release_at: String,
}

async fn publish(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<PublishForm>) -> Result<Response, PageError> {
    publication::publish(&app, &auth.actor, id, &f.release_at).await?;
    Ok(to_item(id))
}

#[derive(Deserialize)]
struct WithdrawForm {
    #[serde(default)]
    reason: String,
}

async fn withdraw(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<WithdrawForm>) -> Result<Response, PageError> {
    publication::withdraw(&app, &auth.actor, id, &f.reason).await?;
    Ok(to_item(id))
}

async fn reopen(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    publication::reopen(&app, &auth.actor, id).await?;
    Ok(to_item(id))
}

/// Upload (multipart; the CSRF token travels in the query string): stored as a
/// platform attachment of the item, then linked to the draft version.
async fn add_file(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, mp: Result<Multipart, MultipartRejection>) -> Result<Response, PageError> {
    let org = publication::can_add_file(&app, &auth.actor, id).await?;
    let mp = mp.map_err(upload::rejection)?;
    let mut form = upload::read_upload(&app, mp).await?;
    form.org_id = Some(org.id);
    form.entity = ENTITY.into();
    form.entity_id = id.to_string();
    let stored = upload::store_upload(&app, &auth.actor, form).await?;
    publication::add_file(&app, &auth.actor, id, stored.id).await?;
    Ok(to_item(id))
}

async fn remove_file(State(app): State<App>, CurrentUser(auth): CurrentUser, Path((id, file)): Path<(i64, i64)>) -> Result<Response, PageError> {
    publication::remove_file(&app, &auth.actor, id, file).await?;
    Ok(to_item(id))
}

#[derive(Template)]
#[template(path = "disclosure/console_guide.html")]
struct GuidePage {
    nav: Nav,
    towns: Vec<(i64, String)>,
    town_id: i64,
    town_name: String,
    town_code: String,
    f: GuideForm,
    g: Guide,
    tokens: &'static str,
    saved: bool,
}

#[derive(Deserialize)]
struct GuideQuery {
    town_id: Option<i64>,
    saved: Option<String>,
}

async fn guide_form(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<GuideQuery>) -> Result<Response, PageError> {
    let (towns, town_id, town_name) = pick_town(&app, &auth, Permission::DisclosureEdit, q.town_id).await?;
    let town = disclosure::load_town(&app, town_id).await?;
    let g = guide::load(&app, &town).await?;
    render(GuidePage {
        nav: Nav::new(&auth, "disclosure"),
        towns,
        town_id,
        town_name,
        town_code: g.town_code.clone(),
        f: guide::form_values(&app, town_id).await?,
        g,
        tokens: disclosure::INDEX_TOKENS,
        saved: q.saved.is_some(),
    })
}

#[derive(Deserialize)]
struct GuideSubmit {
    town_id: i64,
    #[serde(flatten)]
    f: GuideForm,
}

async fn guide_save(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(s): Form<GuideSubmit>) -> Result<Response, PageError> {
    guide::save(&app, &auth.actor, s.town_id, &s.f).await?;
    Ok(Redirect::to(&format!("/console/disclosure/guide?town_id={}&saved=1", s.town_id)).into_response())
}

#[derive(Template)]
#[template(path = "disclosure/console_categories.html")]
struct CategoriesPage {
    nav: Nav,
    towns: Vec<(i64, String)>,
    town_id: i64,
    town_name: String,
    categories: Vec<Category>,
}

async fn categories(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<TownQuery>) -> Result<Response, PageError> {
    let (towns, town_id, town_name) = pick_town(&app, &auth, Permission::DisclosureEdit, q.town_id).await?;
    render(CategoriesPage { nav: Nav::new(&auth, "disclosure"), categories: catalogue::list(&app, town_id).await?, towns, town_id, town_name })
}

#[derive(Deserialize)]
struct CategorySubmit {
    town_id: i64,
    #[serde(flatten)]
    f: CategoryForm,
}

fn to_categories(town_id: i64) -> Response {
    Redirect::to(&format!("/console/disclosure/categories?town_id={town_id}")).into_response()
}

async fn category_create(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(s): Form<CategorySubmit>) -> Result<Response, PageError> {
    catalogue::save(&app, &auth.actor, s.town_id, None, &s.f).await?;
    Ok(to_categories(s.town_id))
}

async fn category_update(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(s): Form<CategorySubmit>) -> Result<Response, PageError> {
    catalogue::save(&app, &auth.actor, s.town_id, Some(id), &s.f).await?;
    Ok(to_categories(s.town_id))
}

#[derive(Deserialize)]
struct DefaultsSubmit {
    town_id: i64,
}

async fn category_defaults(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(s): Form<DefaultsSubmit>) -> Result<Response, PageError> {
    catalogue::load_defaults(&app, &auth.actor, s.town_id).await?;
    Ok(to_categories(s.town_id))
}

// ───────────────────────────── portal ─────────────────────────────

/// What every page of the column shows in its header.
pub struct Column {
    pub code: String,
    pub town: String,
    pub active: &'static str,
}

async fn column(app: &App, code: &str, active: &'static str) -> Result<(crate::kernel::OrgRef, Column), PageError> {
    let town = disclosure::town_by_code(app, code).await?;
    let c = Column { code: code.to_string(), town: town.name.clone(), active };
    Ok((town, c))
}

#[derive(Template)]
#[template(path = "disclosure/portal_home.html")]
struct PortalHome {
    col: Column,
    latest: Vec<catalogue::Entry>,
    categories: Vec<PublicCategory>,
    guide: Guide,
}

async fn portal_home(State(app): State<App>, Path(code): Path<String>) -> Result<Response, PageError> {
    let (town, col) = column(&app, &code, "home").await?;
    let latest = catalogue::page(&app, &catalogue::Query { town_id: Some(town.id), limit: 10, ..Default::default() }).await?.entries;
    render(PortalHome { latest, categories: catalogue::public_categories(&app, town.id).await?, guide: guide::load(&app, &town).await?, col })
}

#[derive(Template)]
#[template(path = "disclosure/portal_guide.html")]
struct PortalGuide {
    col: Column,
    g: Guide,
    categories: Vec<PublicCategory>,
    art20: &'static [&'static str],
    art21: &'static str,
}

impl PortalGuide {
    fn paragraphs<'a>(&self, text: &'a str) -> Vec<&'a str> {
        text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    }
}

async fn portal_guide(State(app): State<App>, Path(code): Path<String>) -> Result<Response, PageError> {
    let (town, col) = column(&app, &code, "guide").await?;
    publication::release_due(&app, When::now()).await?;
    render(PortalGuide { g: guide::load(&app, &town).await?, categories: catalogue::public_categories(&app, town.id).await?, art20: guide::ART20, art21: guide::ART21_TOWN, col })
}

#[derive(Deserialize)]
struct CatalogueParams {
    #[serde(default)]
    category: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    after: String,
}

#[derive(Template)]
#[template(path = "disclosure/portal_catalogue.html")]
struct PortalCatalogue {
    col: Column,
    categories: Vec<PublicCategory>,
    years: Vec<String>,
    category: Option<i64>,
    category_name: String,
    year: String,
    page: catalogue::Page,
    /// Query string of the current filters (for the next-page link).
    params: String,
}

impl PortalCatalogue {
    fn is_category(&self, id: &i64) -> bool {
        self.category == Some(*id)
    }
}

async fn portal_catalogue(State(app): State<App>, Path(code): Path<String>, Query(p): Query<CatalogueParams>) -> Result<Response, PageError> {
    let (town, col) = column(&app, &code, "catalogue").await?;
    let (categories, years) = catalogue::public_index(&app, town.id).await?;
    let category = if p.category.trim().is_empty() {
        None
    } else {
        let id: i64 = p.category.trim().parse().map_err(|_| fazhi_core::DomainError::invalid("category", "「分类」不正确"))?;
        if !categories.iter().any(|c| c.id == id) {
            return Err(PageError(fazhi_core::DomainError::not_found("该分类").into()));
        }
        Some(id)
    };
    let year: String = p.year.trim().chars().take(4).collect();
    let page = catalogue::page(
        &app,
        &catalogue::Query {
            town_id: Some(town.id),
            category_id: category,
            year: Some(year.clone()).filter(|y| !y.is_empty()),
            after: Some(p.after.trim().to_string()).filter(|a| !a.is_empty()),
            limit: 20,
        },
    )
    .await?;
    let params = format!("category={}&year={}", category.map(|c| c.to_string()).unwrap_or_default(), crate::platform::listing::enc(&year));
    render(PortalCatalogue {
        category_name: categories.iter().find(|c| Some(c.id) == category).map(|c| c.name.clone()).unwrap_or_default(),
        years,
        categories,
        category,
        year,
        page,
        params,
        col,
    })
}

#[derive(Template)]
#[template(path = "disclosure/portal_item.html")]
struct PortalItem {
    col: Column,
    it: PublicItem,
}

async fn portal_item(State(app): State<App>, Path((code, id)): Path<(String, i64)>) -> Result<Response, PageError> {
    let (town, col) = column(&app, &code, "catalogue").await?;
    let it = publication::public_item(&app, Some(&town), id).await?;
    render(PortalItem { col, it })
}

async fn portal_file(State(app): State<App>, Path((code, id, file)): Path<(String, i64, i64)>) -> Result<Response, PageError> {
    let town = disclosure::town_by_code(&app, &code).await?;
    publication::public_file(&app, &town, id, file).await?;
    let system = publication::system_actor(&app).await?;
    Ok(upload::download(&app, &system, file).await?)
}
