//! Property tests of the tally and quorum.
use proptest::prelude::*;

use super::*;

fn choice() -> impl Strategy<Value = Option<Choice>> {
    prop_oneof![Just(None), Just(Some(Choice::Agree)), Just(Some(Choice::Disagree)), Just(Some(Choice::Abstain))]
}

proptest! {
    /// Counts add up, and the majority is adoption exactly when agree > members/2.
    #[test]
    fn tally_adds_up(absent in 0u32..6, choices in proptest::collection::vec(choice(), 0..15)) {
        let ballots: Vec<Ballot> = choices.iter().enumerate().map(|(i, c)| Ballot { user_id: i as i64, name: format!("m{i}"), principal: i == 0, choice: *c }).collect();
        let members = ballots.len() as u32 + absent;
        let t = Tally::of(members, &ballots);
        prop_assert_eq!(t.voted() + t.not_voted(), t.present);
        prop_assert_eq!(t.voted() as usize, choices.iter().filter(|c| c.is_some()).count());
        let adopt = majority(&t) == Outcome::Adopt;
        prop_assert_eq!(adopt, f64::from(t.agree) > f64::from(members) / 2.0);
        // A decision following the majority never needs a reason once everyone voted.
        if t.not_voted() == 0 {
            prop_assert_eq!(check_decision(&t, majority(&t), None), Ok(false));
        }
    }

    /// The quorum is the smallest count that satisfies the fraction, for both kinds.
    #[test]
    fn quorum_is_minimal(members in 1u32..60, num in 1u32..5, extra in 0u32..5, strict: bool) {
        let den = num + extra;
        let q = Quorum::new(num, den, strict).unwrap();
        let r = q.required(members);
        prop_assert!(r <= members);
        let ok = |p: u32| if strict { u64::from(p) * u64::from(den) > u64::from(members) * u64::from(num) } else { u64::from(p) * u64::from(den) >= u64::from(members) * u64::from(num) };
        if r < members || ok(members) {
            prop_assert!(ok(r), "required {} does not satisfy", r);
        }
        if r > 0 {
            prop_assert!(!ok(r - 1), "required {} is not minimal", r);
        }
        prop_assert_eq!(q.met(r, members), true);
        if r > 0 { prop_assert_eq!(q.met(r - 1, members), false); }
    }

    /// 末位表态: the principal is refused exactly while someone else present has not voted.
    #[test]
    fn principal_last(choices in proptest::collection::vec(choice(), 1..12)) {
        let mut ballots: Vec<Ballot> = choices.iter().enumerate().map(|(i, c)| Ballot { user_id: i as i64 + 1, name: format!("m{i}"), principal: false, choice: *c }).collect();
        ballots.push(Ballot { user_id: 0, name: "主要负责人".into(), principal: true, choice: None });
        let others_done = choices.iter().all(|c| c.is_some());
        prop_assert_eq!(check_principal_last(&ballots, 0).is_ok(), others_done);
    }
}
