//! A deadline that explains itself: start, days skipped, pauses, restarts, extensions.
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use fazhi_core::DomainError;
use fazhi_core::access::Permission;

use crate::kernel::{App, load_org};
use crate::platform::calendar::{self, ClockView};
use crate::web::pages::{Nav, render};
use crate::web::{CurrentUser, PageError};

#[derive(Template)]
#[template(path = "console/clock.html")]
struct ClockPage {
    nav: Nav,
    clock: ClockView,
}

pub async fn page(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let clock = calendar::clock_view(&app, id).await?;
    let org = load_org(&app, clock.org_id).await?;
    if !auth.actor.can(Permission::TodoRead, &org.path) {
        return Err(DomainError::not_found("期限").into());
    }
    render(ClockPage { nav: Nav::new(&auth, "todo"), clock })
}
