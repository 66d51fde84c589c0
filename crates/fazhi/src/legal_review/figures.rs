//! Figures on the legal advisers' work, per year of submission: how many
//! reviews, how much of the decisions and contracts went through review, how
//! often the opinion came on time, and how much of it was adopted. The 2021
//! report admits "没有充分发挥法律顾问作用"; these numbers make that visible.
//! Every figure is counted from the records; a share whose denominator has no
//! ledger in the system is left out, never estimated.
use std::collections::{BTreeMap, BTreeSet};

use fazhi_core::access::{Actor, Permission};
use fazhi_core::legal_review::{Conclusion, ReviewState, SubjectKind};
use serde::Serialize;

use crate::db::col;
use crate::error::AppResult;
use crate::kernel::{App, scope_sql};

/// A count out of a total, with the share in per cent (one decimal) when the total is not zero.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Share {
    pub count: i64,
    pub total: i64,
    pub percent: Option<f64>,
}

impl Share {
    pub fn new(count: i64, total: i64) -> Share {
        Share { count, total, percent: (total > 0).then(|| (count as f64 * 1000.0 / total as f64).round() / 10.0) }
    }
    pub fn label(&self) -> String {
        match self.percent {
            Some(p) => format!("{p:.1}%（{}/{}）", self.count, self.total),
            None => "—（无数据）".into(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct YearFigures {
    pub year: i32,
    /// Reviews submitted in the year (withdrawn ones included).
    pub reviews: i64,
    pub decisions: i64,
    pub documents: i64,
    pub contracts: i64,
    pub enforcement: i64,
    /// Distinct decision records reviewed (reviews linked to a decision).
    pub decisions_reviewed: i64,
    pub withdrawn: i64,
    pub pending: i64,
    pub lawful: i64,
    pub lawful_with_changes: i64,
    pub unlawful: i64,
    /// Opinions given by the due date, of all opinions given.
    pub on_time: Share,
    /// Opinions given on reviews assigned to a legal adviser, of all opinions.
    pub by_adviser: Share,
    /// Points adopted, of the points answered.
    pub adopted: Share,
    /// Points still awaiting the requester's response.
    pub points_unanswered: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub years: Vec<YearFigures>,
    /// Decisions in the decision register (`major_decision`), when that register exists.
    pub decisions_registered: Option<i64>,
    /// Distinct registered decisions with at least one review, of the register.
    pub decision_coverage: Option<Share>,
    /// No contract register exists: only the contracts reviewed are counted.
    pub contracts_reviewed: i64,
    pub advisers_serving: i64,
}

/// Counts a table of another module if it exists; None when it does not (the
/// module is not installed): the figure is then shown as not available.
async fn count_register(app: &App, actor: &Actor) -> Option<(i64, i64)> {
    let (cond, params) = scope_sql(&actor.scope(Permission::LegalReviewRead), "o.path", 1);
    let total_sql = format!("SELECT COUNT(*) FROM major_decision d JOIN org_unit o ON o.id = d.org_id WHERE {cond}");
    let covered_sql = format!(
        "SELECT COUNT(DISTINCT d.id) FROM major_decision d JOIN org_unit o ON o.id = d.org_id
         JOIN legal_review r ON r.subject_kind = 'decision' AND r.subject_id = d.id AND r.state <> 'withdrawn' WHERE {cond}"
    );
    let mut out = [0i64; 2];
    for (i, sql) in [total_sql, covered_sql].into_iter().enumerate() {
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
        for p in &params {
            q = q.bind(p);
        }
        // A pool query outside any transaction: a missing table fails this statement only.
        out[i] = q.fetch_one(&app.db.pool).await.ok()?;
    }
    Some((out[0], out[1]))
}

pub async fn compute(app: &App, actor: &Actor) -> AppResult<Figures> {
    let (cond, params) = scope_sql(&actor.scope(Permission::LegalReviewRead), "o.path", 1);
    let sql = format!(
        "SELECT r.id, r.submitted_on, r.subject_kind, r.subject_id, r.state, r.conclusion, r.adviser_id,
                CASE WHEN r.on_time IS NULL THEN NULL WHEN r.on_time THEN 1 ELSE 0 END AS on_time,
                (SELECT COUNT(*) FROM legal_review_point p WHERE p.review_id = r.id) AS points,
                (SELECT COUNT(*) FROM legal_review_point p WHERE p.review_id = r.id AND p.adopted IS NOT NULL) AS answered,
                (SELECT COUNT(*) FROM legal_review_point p WHERE p.review_id = r.id AND p.adopted = TRUE) AS adopted
         FROM legal_review r JOIN org_unit o ON o.id = r.org_id WHERE {cond}"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await?;
    let mut years: BTreeMap<i32, YearFigures> = BTreeMap::new();
    let mut tallies: BTreeMap<i32, [i64; 6]> = BTreeMap::new(); // opined, on_time, adviser, answered, adopted, unanswered
    let mut decision_ids: BTreeMap<i32, BTreeSet<i64>> = BTreeMap::new();
    let mut contracts = 0;
    for r in &rows {
        let submitted: String = col(r, "submitted_on")?;
        let year: i32 = submitted.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        let y = years.entry(year).or_insert_with(|| YearFigures { year, ..Default::default() });
        let t = tallies.entry(year).or_default();
        let kind = SubjectKind::parse(&col::<String>(r, "subject_kind")?)?;
        let state = ReviewState::parse(&col::<String>(r, "state")?)?;
        let conclusion: Option<String> = col(r, "conclusion")?;
        let subject: Option<i64> = col(r, "subject_id")?;
        y.reviews += 1;
        match kind {
            SubjectKind::Decision => {
                y.decisions += 1;
                if let (Some(s), false) = (subject, state == ReviewState::Withdrawn) {
                    decision_ids.entry(year).or_default().insert(s);
                }
            }
            SubjectKind::Document => y.documents += 1,
            SubjectKind::Contract => {
                y.contracts += 1;
                if state != ReviewState::Withdrawn {
                    contracts += 1;
                }
            }
            SubjectKind::Enforcement => y.enforcement += 1,
        }
        match state {
            ReviewState::Withdrawn => y.withdrawn += 1,
            ReviewState::Requested => y.pending += 1,
            ReviewState::Opined | ReviewState::Responded => {
                t[0] += 1;
                let on_time: Option<i64> = col(r, "on_time")?;
                t[1] += i64::from(on_time == Some(1));
                let adviser: Option<i64> = col(r, "adviser_id")?;
                t[2] += i64::from(adviser.is_some());
                match conclusion.as_deref().map(Conclusion::parse).transpose()? {
                    Some(Conclusion::Lawful) => y.lawful += 1,
                    Some(Conclusion::LawfulWithChanges) => y.lawful_with_changes += 1,
                    Some(Conclusion::Unlawful) => y.unlawful += 1,
                    None => {}
                }
            }
        }
        let (points, answered, adopted): (i64, i64, i64) = (col(r, "points")?, col(r, "answered")?, col(r, "adopted")?);
        t[3] += answered;
        t[4] += adopted;
        t[5] += points - answered;
    }
    for (year, y) in years.iter_mut() {
        let t = tallies[year];
        y.on_time = Share::new(t[1], t[0]);
        y.by_adviser = Share::new(t[2], t[0]);
        y.adopted = Share::new(t[4], t[3]);
        y.points_unanswered = t[5];
        y.decisions_reviewed = decision_ids.get(year).map(|s| s.len() as i64).unwrap_or(0);
    }
    let register = count_register(app, actor).await;
    let (scond, sparams) = scope_sql(&actor.scope(Permission::LegalReviewRead), "o.path", 2);
    let ssql = format!("SELECT COUNT(*) FROM legal_adviser a JOIN org_unit o ON o.id = a.org_id WHERE a.active = TRUE AND a.contract_start <= $1 AND a.contract_end >= $1 AND {scond}");
    let mut sq = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(ssql)).bind(super::advisers::today().to_string());
    for p in &sparams {
        sq = sq.bind(p);
    }
    let advisers_serving = sq.fetch_one(&app.db.pool).await?;
    Ok(Figures {
        years: years.into_values().rev().collect(),
        decisions_registered: register.map(|r| r.0),
        decision_coverage: register.map(|(total, covered)| Share::new(covered, total)),
        contracts_reviewed: contracts,
        advisers_serving,
    })
}

#[cfg(test)]
mod tests {
    use super::Share;

    #[test]
    fn shares_round_to_one_decimal_and_never_divide_by_zero() {
        assert_eq!(Share::new(2, 3).percent, Some(66.7));
        assert_eq!(Share::new(0, 0).percent, None);
        assert_eq!(Share::new(0, 0).label(), "—（无数据）");
        assert_eq!(Share::new(1, 4).label(), "25.0%（1/4）");
    }
}
