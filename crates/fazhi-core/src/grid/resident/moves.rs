//! A resident's places over time: moving between households or grids keeps
//! the history (one period per place), it never overwrites the address.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::org::OrgPath;

/// One period at one household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Residence {
    pub grid: OrgPath,
    pub building: String,
    pub door: String,
    pub from: NaiveDate,
    /// `None` = lives there now.
    pub until: Option<NaiveDate>,
}

impl Residence {
    fn same_household(&self, grid: &OrgPath, building: &str, door: &str) -> bool {
        self.grid == *grid && self.building.trim() == building.trim() && self.door.trim() == door.trim()
    }
}

/// The history after a move on `on` to the given household: the current
/// period ends the day before, a new one starts on `on`. Refuses a move to
/// the household the resident already lives in, and one dated before the
/// current period began (history is appended, never rewritten).
pub fn plan_move(history: &[Residence], grid: &OrgPath, building: &str, door: &str, on: NaiveDate) -> Result<Vec<Residence>, DomainError> {
    let mut out = history.to_vec();
    if let Some(current) = out.iter_mut().find(|r| r.until.is_none()) {
        if current.same_household(grid, building, door) {
            return Err(DomainError::invalid("door", "该居民已登记在这一户，无需迁移"));
        }
        if on <= current.from {
            return Err(DomainError::invalid("on", format!("迁移日期应晚于现住址的登记日期 {}", current.from)));
        }
        current.until = on.pred_opt();
    }
    out.push(Residence { grid: grid.clone(), building: building.trim().into(), door: door.trim().into(), from: on, until: None });
    Ok(out)
}

/// Where the resident lived on `day`, if known.
pub fn residence_on(history: &[Residence], day: NaiveDate) -> Option<&Residence> {
    history.iter().find(|r| r.from <= day && r.until.is_none_or(|u| day <= u))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, m, day).unwrap()
    }

    #[test]
    fn a_move_closes_the_old_period_and_opens_a_new_one() {
        let g1 = OrgPath::root(1).child(10);
        let g2 = OrgPath::root(1).child(11);
        let h = plan_move(&[], &g1, "3栋", "301", d(1, 4)).unwrap();
        let h = plan_move(&h, &g2, "5栋", "102", d(6, 1)).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].until, Some(d(5, 31)));
        assert_eq!(residence_on(&h, d(5, 31)).unwrap().grid, g1);
        assert_eq!(residence_on(&h, d(6, 1)).unwrap().grid, g2);
        assert!(residence_on(&h, d(1, 3)).is_none());
        assert!(plan_move(&h, &g2, "5栋", " 102", d(7, 1)).is_err());
        assert!(plan_move(&h, &g1, "3栋", "301", d(6, 1)).is_err());
    }

    proptest! {
        /// After any accepted moves, every day from the first has exactly one place.
        #[test]
        fn periods_never_overlap(moves in proptest::collection::vec((1i64..4, 1u64..40), 1..8), probe in 0u64..300) {
            let mut h: Vec<Residence> = Vec::new();
            let mut on = d(1, 1);
            for (grid, gap) in moves {
                on = on + chrono::Days::new(gap);
                if let Ok(next) = plan_move(&h, &OrgPath::root(1).child(grid), "1栋", "101", on) {
                    h = next;
                }
            }
            let day = d(1, 1) + chrono::Days::new(probe);
            let count = h.iter().filter(|r| r.from <= day && r.until.is_none_or(|u| day <= u)).count();
            prop_assert!(count <= 1);
            if day >= h[0].from {
                prop_assert_eq!(count, 1);
            }
        }
    }
}
