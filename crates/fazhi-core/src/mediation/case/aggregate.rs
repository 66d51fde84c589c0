//! The case aggregate: who, what, where from, and the dated entries; the
//! state is their fold over [`next`], and `apply` returns the effects.
use chrono::NaiveDate;
use serde::Serialize;

use super::{Action, ActionKind, CaseState, Effect, Entry, GATE, RiskKind, next};
use crate::calendar::{Calendar, ClockStatus, compute};
use crate::mediation::agreement::{Agreement, AgreementForm, Effectiveness, Execution, effectiveness};
use crate::mediation::figures::{CaseSummary, Outcome};
use crate::mediation::model::{CaseSource, DisputeType};
use crate::{DomainError, form};

/// One mediation case as facts. The parties' personal data is stored
/// (encrypted) beside it; here each party is the name used in documents,
/// which the agreement's signatures refer to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    source: CaseSource,
    dispute_type: DisputeType,
    parties: Vec<String>,
    applied_on: NaiveDate,
    grid_event: Option<i64>,
    entries: Vec<Entry>,
    state: CaseState,
}

impl Case {
    /// A new application (or the committee's own initiative). At least two
    /// distinct, named parties.
    pub fn new(source: CaseSource, dispute_type: DisputeType, parties: Vec<String>, applied_on: NaiveDate) -> Result<Case, DomainError> {
        let parties: Vec<String> = parties.iter().map(|p| p.trim().to_string()).collect();
        if parties.len() < 2 || parties.iter().any(String::is_empty) {
            return Err(DomainError::invalid("parties", "请填写纠纷双方（或多方）当事人"));
        }
        let mut sorted = parties.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != parties.len() {
            return Err(DomainError::invalid("parties", "当事人姓名重复，请区分（如 张某（甲方））"));
        }
        Ok(Case { source, dispute_type, parties, applied_on, grid_event: None, entries: Vec::new(), state: CaseState::Applied })
    }

    /// A case opened from a dispute event of the grid; the event records the
    /// case id on its dispatch, so the link reads both ways.
    pub fn from_grid_event(event_id: i64, dispute_type: DisputeType, parties: Vec<String>, applied_on: NaiveDate) -> Result<Case, DomainError> {
        let mut case = Case::new(CaseSource::GridEvent, dispute_type, parties, applied_on)?;
        case.grid_event = Some(event_id);
        Ok(case)
    }

    /// Replays stored entries: the table, the order and the data rules, but
    /// not the calendar-timed ones (decided with the calendar of the day).
    pub fn restore(mut self, entries: impl IntoIterator<Item = Entry>) -> Result<Case, DomainError> {
        for entry in entries {
            self.state = self.admit(entry.on, &entry.action)?;
            self.entries.push(entry);
        }
        Ok(self)
    }

    /// Records `action` on `on` if every rule allows it, and says what the
    /// server must do as part of the same write.
    pub fn apply(&mut self, on: NaiveDate, action: Action, cal: &Calendar) -> Result<Vec<Effect>, DomainError> {
        let to = self.admit(on, &action)?;
        self.check_timing(on, &action, cal)?;
        let was_effective = self.effectiveness().and_then(|e| e.effective_on);
        let effects = self.effects(&action);
        self.state = to;
        self.entries.push(Entry { on, action });
        let mut effects = effects;
        if was_effective.is_none()
            && let Some(effective_on) = self.effectiveness().and_then(|e| e.effective_on)
        {
            effects.push(Effect::ConfirmationWindowOpened { effective_on });
        }
        Ok(effects)
    }

    fn admit(&self, on: NaiveDate, action: &Action) -> Result<CaseState, DomainError> {
        let to = next(self.state, action)?;
        let previous = self.entries.last().map_or(self.applied_on, |e| e.on);
        if on < previous {
            return Err(DomainError::invalid("on", format!("日期不能早于上一步的日期 {previous}")));
        }
        if let Some((field, label, text)) = action.required_text() {
            form::required_text(field, label, text, 5000)?;
        }
        match action {
            Action::Register { mediators } if mediators.iter().all(|m| m.trim().is_empty()) => {
                return Err(DomainError::invalid("mediators", "请指定人民调解员（人民调解法第十九条）"));
            }
            Action::RecordRefusal { party, .. } if !self.is_party(party) => {
                return Err(DomainError::invalid("party", format!("「{party}」不是本案当事人")));
            }
            Action::Terminate { routes_told, .. } if routes_told.is_empty() => {
                return Err(DomainError::refused(GATE, "终止调解时应告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（人民调解法第二十六条），请登记已告知的途径"));
            }
            Action::Execute { execution } => self.check_execution(execution)?,
            Action::Terminate { .. } if self.effectiveness().is_some_and(|e| e.is_effective()) => {
                return Err(DomainError::refused(GATE, "调解协议已生效，不能终止调解；未履行的，请登记回访情况"));
            }
            Action::FollowUp { .. } | Action::ApplyForConfirmation { .. } => self.require_effective()?,
            Action::Archive if self.state == CaseState::Agreed => {
                self.require_effective()?;
                if self.follow_ups() == 0 {
                    return Err(DomainError::refused(GATE, "请先回访并登记调解协议的履行情况（人民调解法第三十一条），再归档"));
                }
            }
            _ => {}
        }
        if action.kind() == ActionKind::ApplyForConfirmation && self.entries.iter().any(|e| e.action.kind() == ActionKind::ApplyForConfirmation) {
            return Err(DomainError::refused(GATE, "已登记申请司法确认"));
        }
        Ok(to)
    }

    fn check_execution(&self, execution: &Execution) -> Result<(), DomainError> {
        let form = self.agreement().map(|a| a.form).ok_or_else(|| DomainError::refused(GATE, "请先登记达成调解协议"))?;
        let already = |pred: &dyn Fn(&Execution) -> bool| self.executions().any(|(_, e)| pred(e));
        match (form, execution) {
            (AgreementForm::Written, Execution::Party { party, .. }) => {
                if !self.is_party(party) {
                    return Err(DomainError::invalid("party", format!("「{party}」不是本案当事人")));
                }
                if already(&|e| matches!(e, Execution::Party { party: p, .. } if p == party)) {
                    return Err(DomainError::refused(GATE, format!("当事人{party}已签署调解协议书")));
                }
            }
            (AgreementForm::Written, Execution::Mediator { name }) => {
                form::required_text("name", "签名的人民调解员", name, 50)?;
                if already(&|e| matches!(e, Execution::Mediator { .. })) {
                    return Err(DomainError::refused(GATE, "人民调解员已签名"));
                }
            }
            (AgreementForm::Written, Execution::CommitteeSeal) if already(&|e| matches!(e, Execution::CommitteeSeal)) => {
                return Err(DomainError::refused(GATE, "已加盖人民调解委员会印章"));
            }
            (AgreementForm::Written, Execution::CommitteeSeal) => {}
            (AgreementForm::Oral, Execution::OralRecord { mediator }) => {
                form::required_text("mediator", "记录的人民调解员", mediator, 50)?;
                if already(&|e| matches!(e, Execution::OralRecord { .. })) {
                    return Err(DomainError::refused(GATE, "口头协议内容已记录"));
                }
            }
            (AgreementForm::Oral, _) => return Err(DomainError::refused(GATE, "口头调解协议不签署协议书，请由人民调解员记录协议内容（人民调解法第二十八条）")),
            (AgreementForm::Written, Execution::OralRecord { .. }) => {
                return Err(DomainError::refused(GATE, "书面调解协议须由各方当事人签名、盖章或者按指印，人民调解员签名并加盖印章（人民调解法第二十九条）"));
            }
        }
        Ok(())
    }

    fn require_effective(&self) -> Result<(), DomainError> {
        match self.effectiveness() {
            Some(e) if e.is_effective() => Ok(()),
            Some(e) => Err(DomainError::refused(GATE, format!("调解协议尚未生效，还需：{}", e.missing.join("、")))),
            None => Err(DomainError::refused(GATE, "尚未达成调解协议")),
        }
    }

    /// The 30-day window of art.33, on the one deadline engine.
    fn check_timing(&self, on: NaiveDate, action: &Action, cal: &Calendar) -> Result<(), DomainError> {
        if action.kind() != ActionKind::ApplyForConfirmation {
            return Ok(());
        }
        let Some(deadline) = self.confirmation_deadline() else { return Ok(()) };
        let c = compute(&deadline, cal, on).map_err(|e| DomainError::refused("calendar", e.to_string()))?;
        if let ClockStatus::Overdue { .. } = c.status {
            let due = c.due.map(|d| d.to_string()).unwrap_or_default();
            return Err(DomainError::refused(
                GATE,
                format!("申请司法确认应在调解协议生效之日起三十日内共同提出（人民调解法第三十三条），期限已于 {due} 届满"),
            ));
        }
        Ok(())
    }

    fn effects(&self, action: &Action) -> Vec<Effect> {
        let mut out = Vec::new();
        if let Action::FlagRisk { kind, note } = action {
            let title = format!("人民调解{}：{}（{}）", kind.label(), self.dispute_type.label(), note.trim());
            if *kind == RiskKind::PossibleCrime {
                out.push(Effect::ReportToPolice { title: title.clone() });
            }
            out.push(Effect::ComprehensiveGovernanceTodo { title });
        }
        let result = match action {
            Action::ReachAgreement { form, .. } => Some(format!("经人民调解达成{}", form.label())),
            Action::Terminate { reason, routes_told, .. } => Some(format!(
                "调解终止（{}），已告知当事人可通过{}等途径解决",
                reason.label(),
                routes_told.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")
            )),
            Action::RecordRefusal { .. } => Some("当事人明确拒绝调解，不予调解（人民调解法第十七条）".to_string()),
            Action::Decline { reason } => Some(format!("不予调解：{}", reason.trim())),
            _ => None,
        };
        if let (Some(event_id), Some(result)) = (self.grid_event, result) {
            out.push(Effect::GridEventHandled { event_id, result });
        }
        out
    }

    fn is_party(&self, name: &str) -> bool {
        self.parties.iter().any(|p| p == name.trim())
    }

    fn executions(&self) -> impl Iterator<Item = (NaiveDate, &Execution)> + '_ {
        self.entries.iter().filter_map(|e| match &e.action {
            Action::Execute { execution } => Some((e.on, execution)),
            _ => None,
        })
    }

    pub fn source(&self) -> CaseSource {
        self.source
    }

    pub fn dispute_type(&self) -> DisputeType {
        self.dispute_type
    }

    pub fn parties(&self) -> &[String] {
        &self.parties
    }

    pub fn applied_on(&self) -> NaiveDate {
        self.applied_on
    }

    pub fn grid_event(&self) -> Option<i64> {
        self.grid_event
    }

    pub fn state(&self) -> CaseState {
        self.state
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The agreement's facts, once one was reached.
    pub fn agreement(&self) -> Option<Agreement> {
        let (reached_on, form) = self.entries.iter().find_map(|e| match &e.action {
            Action::ReachAgreement { form, .. } => Some((e.on, *form)),
            _ => None,
        })?;
        Some(Agreement { form, parties: self.parties.clone(), reached_on, executions: self.executions().map(|(on, e)| (on, e.clone())).collect() })
    }

    /// [`effectiveness`] of the agreement; `None` without one.
    pub fn effectiveness(&self) -> Option<Effectiveness> {
        self.agreement().as_ref().map(effectiveness)
    }

    /// The day mediation ended: agreement reached, terminated or declined.
    pub fn concluded_on(&self) -> Option<NaiveDate> {
        self.entries
            .iter()
            .find(|e| matches!(e.action.kind(), ActionKind::ReachAgreement | ActionKind::Terminate | ActionKind::RecordRefusal | ActionKind::Decline))
            .map(|e| e.on)
    }

    /// How the case ended, for the figures.
    pub fn outcome(&self) -> Outcome {
        let last = self.entries.iter().rev().find_map(|e| match e.action.kind() {
            ActionKind::ReachAgreement => Some(Outcome::Agreement),
            ActionKind::Terminate => Some(Outcome::Terminated),
            ActionKind::RecordRefusal | ActionKind::Decline => Some(Outcome::Declined),
            _ => None,
        });
        last.unwrap_or(Outcome::Open)
    }

    /// The row the figures are computed from.
    pub fn summary(&self) -> CaseSummary {
        CaseSummary {
            dispute_type: self.dispute_type,
            source: self.source,
            outcome: self.outcome(),
            registered_on: self.registered_on(),
            concluded_on: self.concluded_on(),
            follow_ups: u32::try_from(self.follow_ups()).unwrap_or(u32::MAX),
        }
    }

    pub fn follow_ups(&self) -> usize {
        self.entries.iter().filter(|e| e.action.kind() == ActionKind::FollowUp).count()
    }

    pub fn sessions(&self) -> usize {
        self.entries.iter().filter(|e| e.action.kind() == ActionKind::HoldSession).count()
    }

    /// The risk flags raised, for the case page and the 综治 dashboard.
    pub fn risk_flags(&self) -> impl Iterator<Item = (NaiveDate, RiskKind)> + '_ {
        self.entries.iter().filter_map(|e| match e.action {
            Action::FlagRisk { kind, .. } => Some((e.on, kind)),
            _ => None,
        })
    }
}
