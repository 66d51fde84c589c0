//! The gates: no step is taken while a required earlier step is missing, and a
//! decision reaches the meeting only after a completed legality review whose
//! conclusion is not 不合法 (art.28). Every refusal names the missing step.
use std::collections::BTreeSet;

use serde::Serialize;

use super::step::{AdjustKind, Attrs, Step};
use crate::DomainError;

/// Where the legality review stands (from the legality-review mechanism's latest review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Legality {
    NotRequested,
    /// Requested, no opinion yet.
    Pending,
    /// Completed: 合法, or 合法但需修改 with the changes made.
    Passed,
    /// Completed: 不合法. The draft must be revised and reviewed again.
    Unlawful,
    /// 修改后合法, and the requester has not yet answered each point.
    ChangesPending,
}

/// Execution standing of a decision after publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Normal,
    Suspended,
    Stopped,
}

impl Standing {
    pub fn code(self) -> &'static str {
        match self {
            Standing::Normal => "normal",
            Standing::Suspended => "suspended",
            Standing::Stopped => "stopped",
        }
    }
    pub fn parse(code: &str) -> Standing {
        match code {
            "suspended" => Standing::Suspended,
            "stopped" => Standing::Stopped,
            _ => Standing::Normal,
        }
    }
}

/// What the gate needs to know about one decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub attrs: Attrs,
    /// Steps with at least one completed record. `LegalityReview` here is
    /// ignored: the review's own state ([`Legality`]) decides.
    pub done: BTreeSet<Step>,
    pub legality: Legality,
    pub standing: Standing,
}

impl Record {
    pub fn new(attrs: Attrs) -> Record {
        Record { attrs, done: BTreeSet::new(), legality: Legality::NotRequested, standing: Standing::Normal }
    }

    pub fn is_done(&self, s: Step) -> bool {
        match s {
            Step::LegalityReview => self.legality == Legality::Passed,
            s => self.done.contains(&s),
        }
    }
}

const LAW: &str = "《重大行政决策程序暂行条例》";

/// Why `missing` blocks `wanted`.
fn missing(r: &Record, missing: Step, wanted: Step) -> DomainError {
    let w = wanted.label();
    let message = match (missing, r.legality) {
        (Step::LegalityReview, Legality::Unlawful) => format!(
            "合法性审查意见为“不合法”，不能进行「{w}」：应当根据审查意见修改决策草案，重新提请合法性审查（{LAW}第二十八条）"
        ),
        (Step::LegalityReview, Legality::ChangesPending) => format!(
            "合法性审查意见为“修改后合法”，承办单位尚未逐条反馈审查意见的采纳情况，不能进行「{w}」"
        ),
        (Step::LegalityReview, Legality::Pending) => format!("合法性审查尚未出具审查意见，不能进行「{w}」：未经合法性审查或者经审查不合法的，不得提交集体讨论（{LAW}第二十八条）"),
        (Step::LegalityReview, _) => format!(
            "尚未进行合法性审查，不能进行「{w}」：合法性审查是必经程序，不得以征求意见等方式代替；未经合法性审查的，不得提交集体讨论（{LAW}第二十五条、第二十八条）"
        ),
        (m, _) => format!("尚未完成「{}」（{LAW}{}），不能进行「{w}」", m.label(), m.article()),
    };
    DomainError::refused(missing.code(), message)
}

/// May `step` be recorded (or, for the legality review, requested) now?
/// Refuses when a required earlier step is not complete, naming it; when the
/// step is already complete (unless it repeats); when the decision was stopped,
/// or for an execution report while it is suspended.
pub fn next_allowed(r: &Record, step: Step) -> Result<(), DomainError> {
    if r.standing == Standing::Stopped {
        return Err(DomainError::refused("stopped", format!("该决策已停止执行，不能再办理「{}」", step.label())));
    }
    match step {
        Step::LegalityReview => match r.legality {
            Legality::Pending => return Err(DomainError::conflict("合法性审查正在进行，请等待审查意见")),
            Legality::Passed => return Err(DomainError::conflict("合法性审查已完成，审查意见为合法")),
            Legality::ChangesPending => return Err(DomainError::conflict("请先在合法性审查中逐条反馈审查意见的采纳情况")),
            Legality::NotRequested | Legality::Unlawful => {}
        },
        s if !s.repeatable() && r.is_done(s) => return Err(DomainError::conflict(format!("「{}」已经完成，不能重复办理", s.label()))),
        _ => {}
    }
    if let Some(m) = Step::ALL.into_iter().find(|s| s.rank() < step.rank() && s.required(&r.attrs) && !r.is_done(*s)) {
        return Err(missing(r, m, step));
    }
    if step == Step::ExecutionReport && r.standing == Standing::Suspended {
        return Err(DomainError::refused("suspended", "该决策已暂缓执行，恢复执行前不能报告执行情况"));
    }
    Ok(())
}

/// May the decision be put on a meeting agenda (集体讨论)? Exactly the gate of
/// the collective-discussion step: every required earlier step complete, and a
/// completed legality review whose conclusion is not 不合法.
pub fn schedulable(r: &Record) -> Result<(), DomainError> {
    if r.is_done(Step::CollectiveDiscussion) {
        return Err(DomainError::conflict("该决策已经集体讨论决定，不能再次提交会议"));
    }
    next_allowed(r, Step::CollectiveDiscussion)
}

/// May the decision be adjusted this way? (after publication; arts.35, 37)
pub fn adjust_allowed(r: &Record, kind: AdjustKind) -> Result<(), DomainError> {
    next_allowed(r, Step::Adjustment)?;
    match (kind, r.standing) {
        (AdjustKind::Resume, Standing::Normal) => Err(DomainError::refused("standing", "该决策未暂缓执行，无需恢复执行")),
        (AdjustKind::Suspend, Standing::Suspended) => Err(DomainError::refused("standing", "该决策已暂缓执行")),
        _ => Ok(()),
    }
}

/// Applies an adjustment to the standing.
pub fn after_adjust(s: Standing, kind: AdjustKind) -> Standing {
    match kind {
        AdjustKind::Amend => s,
        AdjustKind::Suspend => Standing::Suspended,
        AdjustKind::Resume => Standing::Normal,
        AdjustKind::Stop => Standing::Stopped,
    }
}

/// A step's standing on the decision's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    Done,
    /// Can be done now.
    Current,
    /// Waiting for the legality opinion.
    Waiting,
    /// Blocked: the reason names the missing step.
    Missing,
    /// Not required for this decision and not done.
    NotApplicable,
}

impl EntryState {
    pub fn label(self) -> &'static str {
        match self {
            EntryState::Done => "已完成",
            EntryState::Current => "可办理",
            EntryState::Waiting => "审查中",
            EntryState::Missing => "未满足条件",
            EntryState::NotApplicable => "不适用",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            EntryState::Done => "done",
            EntryState::Current => "current",
            EntryState::Waiting => "waiting",
            EntryState::Missing => "missing",
            EntryState::NotApplicable => "na",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub step: Step,
    pub required: bool,
    pub state: EntryState,
    pub reason: Option<String>,
}

/// Every step with its standing and, when blocked, why.
pub fn timeline(r: &Record) -> Vec<Entry> {
    Step::ALL
        .into_iter()
        .map(|step| {
            let required = step.required(&r.attrs);
            let allowed = next_allowed(r, step);
            let (state, reason) = if r.is_done(step) {
                (EntryState::Done, None)
            } else if step == Step::LegalityReview && matches!(r.legality, Legality::Pending | Legality::ChangesPending) {
                (EntryState::Waiting, None)
            } else if !required && !step.repeatable() {
                (EntryState::NotApplicable, None)
            } else {
                match allowed {
                    Ok(()) => (EntryState::Current, None),
                    Err(e) => (EntryState::Missing, Some(e.to_string())),
                }
            };
            let reason = match (state, step, r.legality) {
                (EntryState::Current, Step::LegalityReview, Legality::Unlawful) => Some("上一次审查意见为“不合法”：请修改决策草案后重新提请合法性审查".to_string()),
                _ => reason,
            };
            Entry { step, required, state, reason }
        })
        .collect()
}

/// Where the decision stands, in one phrase for lists and the portal.
pub fn stage(r: &Record) -> String {
    match r.standing {
        Standing::Stopped => return "已停止执行".into(),
        Standing::Suspended => return "暂缓执行".into(),
        Standing::Normal => {}
    }
    if r.is_done(Step::Publication) {
        return "已公布，执行中".into();
    }
    match Step::ALL.into_iter().find(|s| s.required(&r.attrs) && !r.is_done(*s)) {
        Some(Step::LegalityReview) if r.legality == Legality::Pending => "合法性审查中".into(),
        Some(Step::LegalityReview) if r.legality == Legality::Unlawful => "审查不合法，待修改".into(),
        Some(Step::LegalityReview) if r.legality == Legality::ChangesPending => "待反馈审查意见采纳情况".into(),
        Some(s) => format!("待{}", s.label()),
        None => "已公布，执行中".into(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn through(r: &mut Record, upto: Step) {
        for s in Step::ALL {
            if s.rank() >= upto.rank() {
                break;
            }
            if !s.required(&r.attrs) {
                continue;
            }
            if s == Step::LegalityReview {
                r.legality = Legality::Passed;
            } else {
                next_allowed(r, s).unwrap();
                r.done.insert(s);
            }
        }
    }

    #[test]
    fn no_review_no_meeting() {
        let mut r = Record::new(Attrs::default());
        through(&mut r, Step::LegalityReview);
        r.done.insert(Step::PartyReport);
        let e = schedulable(&r).unwrap_err();
        assert!(matches!(&e, DomainError::Refused { gate, .. } if gate == "legality_review"));
        assert!(e.to_string().contains("尚未进行合法性审查"), "{e}");
        r.legality = Legality::Pending;
        assert!(schedulable(&r).unwrap_err().to_string().contains("尚未出具审查意见"));
        r.legality = Legality::Unlawful;
        assert!(schedulable(&r).unwrap_err().to_string().contains("不合法"));
        r.legality = Legality::Passed;
        assert_eq!(schedulable(&r), Ok(()));
        r.done.remove(&Step::PartyReport);
        assert!(schedulable(&r).unwrap_err().to_string().contains("向党委请示报告"));
    }

    #[test]
    fn refusals_name_the_missing_step() {
        let r = Record::new(Attrs { hearing: false, technical: true, risky: false });
        let e = next_allowed(&r, Step::Decision).unwrap_err();
        assert!(e.to_string().contains("决策启动"), "{e}");
        let mut r = r;
        through(&mut r, Step::ExpertArgument);
        let e = next_allowed(&r, Step::LegalityReview).unwrap_err();
        assert!(e.to_string().contains("「专家论证」") && e.to_string().contains("第十九条"), "{e}");
        r.done.insert(Step::ExpertArgument);
        assert_eq!(next_allowed(&r, Step::LegalityReview), Ok(()));
        // Not technical: no expert argument needed.
        let mut plain = Record::new(Attrs::default());
        through(&mut plain, Step::ExpertArgument);
        assert_eq!(next_allowed(&plain, Step::LegalityReview), Ok(()));
    }

    #[test]
    fn after_publication() {
        let mut r = Record::new(Attrs::default());
        through(&mut r, Step::ExecutionReport);
        assert_eq!(stage(&r), "已公布，执行中");
        assert_eq!(next_allowed(&r, Step::ExecutionReport), Ok(()));
        r.done.insert(Step::ExecutionReport);
        assert_eq!(next_allowed(&r, Step::ExecutionReport), Ok(()), "reports repeat");
        assert!(adjust_allowed(&r, AdjustKind::Resume).is_err());
        r.standing = after_adjust(r.standing, AdjustKind::Suspend);
        assert!(next_allowed(&r, Step::ExecutionReport).unwrap_err().to_string().contains("暂缓执行"));
        assert_eq!(next_allowed(&r, Step::PostEvaluation), Ok(()));
        assert_eq!(stage(&r), "暂缓执行");
        r.standing = after_adjust(r.standing, AdjustKind::Stop);
        assert!(next_allowed(&r, Step::PostEvaluation).is_err());
    }

    #[test]
    fn timeline_explains() {
        let mut r = Record::new(Attrs { hearing: true, technical: false, risky: false });
        r.done.insert(Step::Launch);
        let t = timeline(&r);
        assert_eq!(t[0].state, EntryState::Done);
        assert_eq!(t[1].state, EntryState::Current);
        assert_eq!(t[2].state, EntryState::Missing);
        assert!(t[2].reason.as_deref().unwrap().contains("拟定决策草案"));
        assert_eq!(t[4].state, EntryState::NotApplicable, "no expert argument");
        assert_eq!(t[3].state, EntryState::Missing, "the planned hearing is required");
    }

    #[derive(Debug, Clone)]
    enum Act {
        Do(usize),
        RequestReview,
        Opine(bool),
        Adjust(usize),
    }

    fn act() -> impl Strategy<Value = Act> {
        prop_oneof![
            (0..Step::ALL.len()).prop_map(Act::Do),
            Just(Act::RequestReview),
            any::<bool>().prop_map(Act::Opine),
            (0..AdjustKind::ALL.len()).prop_map(Act::Adjust),
        ]
    }

    proptest! {
        /// No sequence of actions completes a step while a required earlier step is missing,
        /// and nothing reaches the meeting without a passed legality review.
        #[test]
        fn no_sequence_skips_a_required_step(h in any::<bool>(), t in any::<bool>(), k in any::<bool>(), acts in proptest::collection::vec(act(), 0..60)) {
            let mut r = Record::new(Attrs { hearing: h, technical: t, risky: k });
            for a in acts {
                match a {
                    Act::Do(i) => {
                        let s = Step::ALL[i];
                        if s == Step::LegalityReview { continue; }
                        if s == Step::CollectiveDiscussion && schedulable(&r).is_ok() {
                            prop_assert_eq!(r.legality, Legality::Passed);
                        }
                        if next_allowed(&r, s).is_ok() { r.done.insert(s); }
                    }
                    Act::RequestReview => if next_allowed(&r, Step::LegalityReview).is_ok() { r.legality = Legality::Pending },
                    Act::Opine(lawful) => if r.legality == Legality::Pending { r.legality = if lawful { Legality::Passed } else { Legality::Unlawful } },
                    Act::Adjust(i) => {
                        let kind = AdjustKind::ALL[i];
                        if adjust_allowed(&r, kind).is_ok() { r.done.insert(Step::Adjustment); r.standing = after_adjust(r.standing, kind); }
                    }
                }
                for s in Step::ALL {
                    if r.is_done(s) {
                        for p in Step::ALL {
                            if p.rank() < s.rank() && p.required(&r.attrs) {
                                prop_assert!(r.is_done(p), "{:?} done without {:?}", s, p);
                            }
                        }
                    }
                }
                if r.is_done(Step::Publication) {
                    prop_assert!(r.is_done(Step::LegalityReview) && r.is_done(Step::CollectiveDiscussion));
                }
            }
        }
    }
}
