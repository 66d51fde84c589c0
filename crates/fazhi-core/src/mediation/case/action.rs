//! The steps recorded on a case, with their data, and the effects the server
//! carries out. Stored as JSON (`{"on": …, "action": "hold_session", …}`).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ActionKind;
use crate::mediation::agreement::{AgreementForm, Execution};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub on: NaiveDate,
    #[serde(flatten)]
    pub action: Action,
}

/// Why mediation ended without agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TerminationReason {
    /// 调解不成 (art.26).
    NoAgreement,
    /// 当事人要求终止调解 (art.23).
    PartyStopped,
    /// 一方当事人起诉、申请仲裁或者其他原因.
    Other,
}

impl TerminationReason {
    pub fn label(self) -> &'static str {
        match self {
            TerminationReason::NoAgreement => "调解不成",
            TerminationReason::PartyStopped => "当事人要求终止调解",
            TerminationReason::Other => "其他原因",
        }
    }
}

/// The routes the parties are told of on termination (art.26).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// 仲裁.
    Arbitration,
    /// 行政 (行政调解、行政裁决等).
    Administrative,
    /// 司法 (向人民法院起诉).
    Judicial,
}

impl Route {
    pub const ALL: [Route; 3] = [Route::Arbitration, Route::Administrative, Route::Judicial];

    pub fn label(self) -> &'static str {
        match self {
            Route::Arbitration => "仲裁",
            Route::Administrative => "行政",
            Route::Judicial => "司法",
        }
    }
}

/// The kind of risk a mediator reports (art.25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    /// 矛盾升级 / 可能激化: preventive measures, 综治 informed.
    Escalation,
    /// 可能引起治安案件、刑事案件: report to the police at once.
    PossibleCrime,
}

impl RiskKind {
    pub fn label(self) -> &'static str {
        match self {
            RiskKind::Escalation => "矛盾有激化可能",
            RiskKind::PossibleCrime => "可能引起治安案件、刑事案件",
        }
    }
}

/// How far the agreement was performed, at a follow-up visit (art.31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Performance {
    Performed,
    PartlyPerformed,
    NotPerformed,
}

impl Performance {
    pub fn label(self) -> &'static str {
        match self {
            Performance::Performed => "已履行",
            Performance::PartlyPerformed => "部分履行",
            Performance::NotPerformed => "未履行",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// 登记受理, with the mediators chosen (art.19: one or more; parties may choose).
    Register { mediators: Vec<String> },
    /// A party's express refusal (art.17): no mediation may take place.
    RecordRefusal { party: String, statement: String },
    /// 不予调解 for another reason (art.18: a matter for a special body, or
    /// one that may not be mediated).
    Decline { reason: String },
    /// A session (调解记录): what was said and agreed so far.
    HoldSession { record: String, public: bool },
    /// 达成调解协议.
    ReachAgreement { form: AgreementForm, content: String },
    /// A signature, seal, thumbprint, or the oral record (arts.28–29).
    Execute { execution: Execution },
    /// 终止调解 with the routes the parties were told of (art.26).
    Terminate { reason: TerminationReason, note: String, routes_told: Vec<Route> },
    /// 矛盾升级 / 可能引起治安、刑事案件 (art.25).
    FlagRisk { kind: RiskKind, note: String },
    /// 回访: performance checked (art.31).
    FollowUp { performance: Performance, note: String },
    /// The parties jointly applied to the court for 司法确认 (art.33).
    ApplyForConfirmation { court: String },
    /// 归档 (art.27: 调解登记、调解工作记录、调解协议书等材料立卷归档).
    Archive,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Register { .. } => ActionKind::Register,
            Action::RecordRefusal { .. } => ActionKind::RecordRefusal,
            Action::Decline { .. } => ActionKind::Decline,
            Action::HoldSession { .. } => ActionKind::HoldSession,
            Action::ReachAgreement { .. } => ActionKind::ReachAgreement,
            Action::Execute { .. } => ActionKind::Execute,
            Action::Terminate { .. } => ActionKind::Terminate,
            Action::FlagRisk { .. } => ActionKind::FlagRisk,
            Action::FollowUp { .. } => ActionKind::FollowUp,
            Action::ApplyForConfirmation { .. } => ActionKind::ApplyForConfirmation,
            Action::Archive => ActionKind::Archive,
        }
    }

    /// The text a step must carry: (field, Chinese label, value).
    pub(crate) fn required_text(&self) -> Option<(&'static str, &'static str, &str)> {
        match self {
            Action::RecordRefusal { party, .. } => Some(("party", "拒绝调解的当事人", party)),
            Action::Decline { reason } => Some(("reason", "不予调解理由", reason)),
            Action::HoldSession { record, .. } => Some(("record", "调解记录", record)),
            Action::ReachAgreement { content, .. } => Some(("content", "协议内容", content)),
            Action::FlagRisk { note, .. } => Some(("note", "风险情况", note)),
            Action::FollowUp { note, .. } => Some(("note", "回访情况", note)),
            Action::ApplyForConfirmation { court } => Some(("court", "受理法院", court)),
            _ => None,
        }
    }
}

/// What the server must do after a step, inside the same write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Open a to-do for the town's 综治 (comprehensive governance) office.
    ComprehensiveGovernanceTodo { title: String },
    /// Report to the local police (art.25), and record that it was done.
    ReportToPolice { title: String },
    /// The grid event this case came from is handled: record its `Handle`
    /// step with this result.
    GridEventHandled { event_id: i64, result: String },
    /// Open the judicial-confirmation reminder (30 days from `effective_on`).
    ConfirmationWindowOpened { effective_on: NaiveDate },
}
