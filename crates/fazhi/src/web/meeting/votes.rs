//! Named vote results (记名表决) per meeting and per member over a period, as
//! CSV or JSON; XLSX comes from the list mechanism (`/console/lists/meeting_votes/export`).
use std::collections::BTreeMap;

use fazhi_core::access::{Actor, Permission};
use serde_json::Value;

use crate::error::AppResult;
use crate::kernel::App;
use crate::platform::{listing, lists};

/// The rows of the `meeting_votes` list for the given list parameters (`f_meeting`,
/// `f_member_id`, `f_from`, `f_to` …), as JSON objects keyed by column.
pub async fn rows(app: &App, actor: &Actor, params: &BTreeMap<String, String>) -> AppResult<Vec<Value>> {
    actor.require_anywhere(Permission::MeetingRead)?;
    let spec = &lists::MEETING_VOTES;
    let q = listing::ListQuery::from_params(params);
    let keys: Vec<&str> = spec.columns.iter().map(|c| c.key).collect();
    let mut out = Vec::new();
    listing::for_each_batch(app, actor, spec, &q, 500, |rows| {
        for r in rows {
            let mut o = serde_json::Map::new();
            o.insert("id".into(), r.id.into());
            for (k, v) in keys.iter().zip(&r.cells) {
                o.insert((*k).into(), v.clone().into());
            }
            out.push(Value::Object(o));
        }
        Ok(())
    })
    .await?;
    Ok(out)
}

fn csv_cell(s: &str) -> String {
    // Quote always; a leading =,+,-,@ is prefixed so spreadsheets do not run it as a formula.
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// CSV with a UTF-8 BOM (so Excel opens the Chinese correctly) and Chinese headers.
pub async fn csv(app: &App, actor: &Actor, params: &BTreeMap<String, String>) -> AppResult<String> {
    let spec = &lists::MEETING_VOTES;
    let rows = rows(app, actor, params).await?;
    let mut out = String::from("\u{feff}");
    out.push_str(&spec.columns.iter().map(|c| csv_cell(c.label)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in rows {
        let line: Vec<String> = spec.columns.iter().map(|c| csv_cell(r[c.key].as_str().unwrap_or(""))).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}
