//! The generic list page, its XLSX export and the export jobs page: every
//! module's ledger (台账) list is a `ListSpec` shown here.
use std::collections::BTreeMap;

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::DomainError;
use fazhi_core::access::Permission;

use crate::kernel::App;
use crate::platform::jobs::{self, JobRow};
use crate::platform::listing::{self, ListPage, ListQuery, ListSpec, enc};
use crate::platform::{export, lists};
use crate::web::pages::{Nav, render};
use crate::web::{CurrentUser, PageError};

pub struct FilterView {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    pub date: bool,
    pub options: &'static [(&'static str, &'static str)],
}

pub struct HeaderView {
    pub label: &'static str,
    pub href: String,
    pub sorted: &'static str,
}

#[derive(Template)]
#[template(path = "console/list.html")]
struct ListPageView {
    nav: Nav,
    title: &'static str,
    name: &'static str,
    filters: Vec<FilterView>,
    headers: Vec<HeaderView>,
    page: ListPage,
    total: listing::Total,
    params: String,
    can_export: bool,
    inline_limit: i64,
    link_prefix: &'static str,
}

fn find(name: &str) -> Result<&'static ListSpec, PageError> {
    lists::spec(name).ok_or_else(|| PageError(DomainError::not_found("列表").into()))
}

pub async fn page(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(name): Path<String>, Query(params): Query<BTreeMap<String, String>>) -> Result<Response, PageError> {
    let spec = find(&name)?;
    auth.actor.require_anywhere(spec.perm)?;
    let q = ListQuery::from_params(&params);
    let page = listing::fetch(&app, &auth.actor, spec, &q).await?;
    let total = listing::count(&app, &auth.actor, spec, &q, listing::PAGE_COUNT_CAP).await?;
    let current_sort = q.sort.clone().unwrap_or_else(|| spec.default_sort.to_string());
    let current_desc = q.desc.unwrap_or(if q.sort.is_none() { spec.default_desc } else { false });
    let headers = spec
        .columns
        .iter()
        .map(|c| {
            let mut hq = q.clone();
            hq.sort = Some(c.key.to_string());
            hq.desc = Some(current_sort == c.key && !current_desc);
            HeaderView {
                label: c.label,
                href: if c.sortable { format!("/console/lists/{name}?{}", hq.to_params()) } else { String::new() },
                sorted: if current_sort != c.key { "none" } else if current_desc { "descending" } else { "ascending" },
            }
        })
        .collect();
    let filters = spec
        .filters
        .iter()
        .map(|f| FilterView {
            key: f.key,
            label: f.label,
            value: q.filters.get(f.key).cloned().unwrap_or_default(),
            date: matches!(f.op, listing::FilterOp::From | listing::FilterOp::To),
            options: f.options,
        })
        .collect();
    render(ListPageView {
        nav: Nav::new(&auth, spec.name),
        title: spec.title,
        name: spec.name,
        filters,
        headers,
        page,
        total,
        params: q.to_params(),
        can_export: auth.actor.has(Permission::ListExport),
        inline_limit: app.cfg.export_inline_rows,
        link_prefix: spec.link_prefix,
    })
}

/// Small lists download at once; larger ones become a background job, so an
/// export never times out.
pub async fn export(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(name): Path<String>, Query(params): Query<BTreeMap<String, String>>) -> Result<Response, PageError> {
    let spec = find(&name)?;
    auth.actor.require_anywhere(Permission::ListExport)?;
    let q = ListQuery::from_params(&params);
    let n = listing::count(&app, &auth.actor, spec, &q, app.cfg.export_inline_rows).await?;
    if n.more {
        jobs::enqueue_export(&app, &auth.actor, spec.name, &q).await?;
        return Ok(Redirect::to("/console/jobs").into_response());
    }
    let tmp = tempfile::NamedTempFile::new().map_err(crate::error::AppError::internal)?;
    export::write_xlsx(&app, &auth.actor, spec, &q, tmp.path()).await?;
    let bytes = tokio::fs::read(tmp.path()).await.map_err(crate::error::AppError::internal)?;
    Ok(xlsx_response(bytes, &format!("{}-{}.xlsx", spec.title, crate::web::pages::today().format("%Y%m%d"))))
}

pub fn xlsx_response(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"export.xlsx\"; filename*=UTF-8''{}", enc(name))),
        ],
        Body::from(bytes),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "console/jobs.html")]
struct JobsPage {
    nav: Nav,
    jobs: Vec<JobRow>,
}

pub async fn jobs_page(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    let jobs = jobs::my_jobs(&app, &auth.actor).await?;
    render(JobsPage { nav: Nav::new(&auth, "jobs"), jobs })
}

pub async fn job_download(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let (path, name) = jobs::result_file(&app, &auth.actor, id).await?;
    let bytes = tokio::fs::read(&path).await.map_err(|_| DomainError::not_found("导出文件"))?;
    Ok(xlsx_response(bytes, &name))
}
