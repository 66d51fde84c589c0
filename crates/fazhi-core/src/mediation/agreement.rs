//! When a mediation agreement takes effect (人民调解法 arts.28–30).
//!
//! - Written (调解协议书, art.29): effective from the day every party has
//!   signed, sealed or thumbprinted AND the mediator has signed AND the
//!   committee's seal is applied — the latest of those days.
//! - Oral (口头协议, arts.28, 30): effective from the day the parties agreed;
//!   the mediator must record its content (art.28), and the platform shows it
//!   as effective only once that record exists.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementForm {
    /// 书面调解协议书.
    Written,
    /// 口头调解协议.
    Oral,
}

impl AgreementForm {
    pub fn label(self) -> &'static str {
        match self {
            AgreementForm::Written => "书面调解协议",
            AgreementForm::Oral => "口头调解协议",
        }
    }
}

/// How a party executed the written agreement (art.29: 签名、盖章或者按指印).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Signature,
    Seal,
    Thumbprint,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::Signature => "签名",
            Mark::Seal => "盖章",
            Mark::Thumbprint => "按指印",
        }
    }
}

/// Who executed the agreement, as recorded on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Execution {
    /// A party signed, sealed or thumbprinted.
    Party { party: String, mark: Mark },
    /// The mediator signed.
    Mediator { name: String },
    /// The committee's seal was applied.
    CommitteeSeal,
    /// The mediator recorded an oral agreement's content (art.28).
    OralRecord { mediator: String },
}

/// An agreement's facts: the parties, the form, the day it was reached and
/// every execution with its day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub form: AgreementForm,
    pub parties: Vec<String>,
    pub reached_on: NaiveDate,
    pub executions: Vec<(NaiveDate, Execution)>,
}

/// Whether an agreement is in force, and if not, what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effectiveness {
    /// `Some` exactly when nothing is missing.
    pub effective_on: Option<NaiveDate>,
    /// What is still to be done, in Chinese, e.g. "当事人王某签名、盖章或者按指印".
    pub missing: Vec<String>,
}

impl Effectiveness {
    pub fn is_effective(&self) -> bool {
        self.effective_on.is_some()
    }
}

/// The one rule for "is this agreement effective".
pub fn effectiveness(agreement: &Agreement) -> Effectiveness {
    let mut missing = Vec::new();
    let mut latest = agreement.reached_on;
    let mut note = |found: Option<NaiveDate>, what: String| match found {
        Some(on) => latest = latest.max(on),
        None => missing.push(what),
    };
    let first = |pred: &dyn Fn(&Execution) -> bool| agreement.executions.iter().filter(|(_, e)| pred(e)).map(|(on, _)| *on).min();
    match agreement.form {
        AgreementForm::Written => {
            for party in &agreement.parties {
                let on = first(&|e| matches!(e, Execution::Party { party: p, .. } if p == party));
                note(on, format!("当事人{party}签名、盖章或者按指印"));
            }
            note(first(&|e| matches!(e, Execution::Mediator { .. })), "人民调解员签名".into());
            note(first(&|e| matches!(e, Execution::CommitteeSeal)), "加盖人民调解委员会印章".into());
        }
        AgreementForm::Oral => {
            let recorded = first(&|e| matches!(e, Execution::OralRecord { .. }));
            if recorded.is_none() {
                missing.push("人民调解员记录口头协议内容".into());
            }
            // Art.30: in force from the day of agreement, not of the record.
            latest = agreement.reached_on;
        }
    }
    if agreement.parties.len() < 2 {
        missing.push("调解协议应有双方或者多方当事人".into());
    }
    Effectiveness { effective_on: missing.is_empty().then_some(latest), missing }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, m, day).unwrap()
    }

    fn written(executions: Vec<(NaiveDate, Execution)>) -> Agreement {
        Agreement { form: AgreementForm::Written, parties: vec!["张某".into(), "李某".into()], reached_on: d(5, 10), executions }
    }

    fn party(p: &str, mark: Mark) -> Execution {
        Execution::Party { party: p.into(), mark }
    }

    #[test]
    fn written_needs_every_party_the_mediator_and_the_seal() {
        let mut a = written(vec![(d(5, 10), party("张某", Mark::Signature))]);
        let e = effectiveness(&a);
        assert_eq!(e.effective_on, None);
        assert_eq!(e.missing, vec!["当事人李某签名、盖章或者按指印", "人民调解员签名", "加盖人民调解委员会印章"]);
        a.executions.push((d(5, 11), party("李某", Mark::Thumbprint)));
        a.executions.push((d(5, 11), Execution::Mediator { name: "调解员王某".into() }));
        assert_eq!(effectiveness(&a).missing, vec!["加盖人民调解委员会印章"]);
        a.executions.push((d(5, 12), Execution::CommitteeSeal));
        assert_eq!(effectiveness(&a), Effectiveness { effective_on: Some(d(5, 12)), missing: vec![] });
    }

    #[test]
    fn oral_is_effective_from_the_agreement_once_recorded() {
        let mut a = Agreement { form: AgreementForm::Oral, parties: vec!["甲".into(), "乙".into()], reached_on: d(6, 1), executions: vec![] };
        assert_eq!(effectiveness(&a).missing, vec!["人民调解员记录口头协议内容"]);
        a.executions.push((d(6, 2), Execution::OralRecord { mediator: "王某".into() }));
        assert_eq!(effectiveness(&a).effective_on, Some(d(6, 1)));
    }

    #[test]
    fn a_stranger_signing_does_not_count() {
        let a = written(vec![
            (d(5, 10), party("张某", Mark::Seal)),
            (d(5, 10), party("赵某", Mark::Seal)),
            (d(5, 10), Execution::Mediator { name: "王某".into() }),
            (d(5, 10), Execution::CommitteeSeal),
        ]);
        assert_eq!(effectiveness(&a).missing, vec!["当事人李某签名、盖章或者按指印"]);
    }

    proptest! {
        /// Effective iff nothing is missing, and then on the latest needed day.
        #[test]
        fn effective_exactly_when_everything_is_there(signed in proptest::collection::vec((any::<bool>(), 0u32..10), 4)) {
            let days: Vec<_> = signed.iter().map(|(_, off)| d(5, 10 + off)).collect();
            let execs = [party("张某", Mark::Signature), party("李某", Mark::Seal), Execution::Mediator { name: "王某".into() }, Execution::CommitteeSeal];
            let recorded: Vec<_> = signed.iter().zip(execs).zip(&days).filter(|(((s, _), _), _)| *s).map(|((_, e), on)| (*on, e)).collect();
            let e = effectiveness(&written(recorded.clone()));
            let all = signed.iter().all(|(s, _)| *s);
            prop_assert_eq!(e.is_effective(), all);
            prop_assert_eq!(e.missing.len(), signed.iter().filter(|(s, _)| !*s).count());
            if all {
                prop_assert_eq!(e.effective_on, days.iter().copied().max());
            }
        }
    }
}
