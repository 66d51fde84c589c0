//! The seam the meetings module calls before accepting a decision onto an
//! agenda (集体讨论): the decision's steps and its latest legality review,
//! through the pure gate.
use fazhi_core::major_decision::{self as rules, Legality};
use sqlx::AnyConnection;

use super::store;
use crate::error::AppResult;
use crate::legal_review::{self, Conclusion, ReviewState, SubjectKind};

/// Refuses, naming the missing step in Chinese, when any required step before
/// collective discussion is not complete, when there is no completed legality
/// review, or when its conclusion is 不合法 (条例 art.28). Read-only: call it
/// inside the agenda write's transaction (`w.conn()`).
pub async fn check_schedulable(conn: &mut AnyConnection, decision_id: i64) -> AppResult<()> {
    let d = store::load(conn, decision_id).await?;
    let r = store::record(conn, &d).await?;
    rules::schedulable(&r)?;
    Ok(())
}

/// Where the decision's latest legality review stands, by the legality-review
/// mechanism's own scheduling rule (`permits_scheduling`).
pub async fn legality(conn: &mut AnyConnection, decision_id: i64) -> AppResult<Legality> {
    let latest = legal_review::latest_for_subject(conn, SubjectKind::Decision, decision_id).await?;
    Ok(match latest {
        None => Legality::NotRequested,
        Some(s) if s.permits_scheduling().is_ok() => Legality::Passed,
        Some(s) => match (s.state, s.conclusion) {
            (ReviewState::Withdrawn, _) => Legality::NotRequested,
            (_, Some(Conclusion::Unlawful)) => Legality::Unlawful,
            (ReviewState::Opined, Some(Conclusion::LawfulWithChanges)) => Legality::ChangesPending,
            _ => Legality::Pending,
        },
    })
}

/// The latest legality review as the decision pages show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReviewView {
    pub id: i64,
    pub state: String,
    pub conclusion: Option<String>,
    pub opined_at: Option<String>,
    pub due_date: Option<String>,
}

impl ReviewView {
    /// One sentence for the archive index.
    pub fn sentence(&self) -> String {
        match (&self.conclusion, &self.opined_at) {
            (Some(c), Some(at)) => format!("第 {} 号合法性审查，{} 出具审查意见，结论：{}。", self.id, crate::disclosure::local_date(at), c),
            _ => format!("第 {} 号合法性审查，{}，审查期限 {}。", self.id, self.state, self.due_date.clone().unwrap_or_default()),
        }
    }
}

/// The decision's latest legality review, if one was requested.
pub async fn latest_review(conn: &mut AnyConnection, decision_id: i64) -> AppResult<Option<ReviewView>> {
    let latest = legal_review::latest_for_subject(conn, SubjectKind::Decision, decision_id).await?;
    Ok(latest.map(|s| ReviewView {
        id: s.id,
        state: s.state.label().to_string(),
        conclusion: s.conclusion.map(|c| c.label().to_string()),
        opined_at: s.opined_at,
        due_date: Some(s.due_date),
    }))
}
