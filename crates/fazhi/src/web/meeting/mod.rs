//! HTTP for 会议制度 (M6): console and phone pages (`pages`), the JSON API
//! (`api`, scoped) and the public OParl 1.1 export of published meetings (`oparl`).
//! Handlers parse, call `crate::meeting` and render; no rule lives here.
pub mod api;
pub mod oparl;
pub mod pages;
pub mod votes;
