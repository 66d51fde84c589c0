//! A resident as a row of the town's sheet, for export and the template's
//! sample row. Masked by default: the full ID number, phone and door number
//! go out only when the caller holds the unmask permission and audits the
//! export (the server's job); the layout is the import's, so an unmasked
//! export can be imported back unchanged.
use serde::{Deserialize, Serialize};

use super::columns::{COLUMNS, idx};
use super::{ResidentRow, WorkItem};
use crate::personal::mask_address;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Masking {
    /// 身份证号、联系电话、门牌号 masked (the default).
    #[default]
    Masked,
    /// Everything in full: only with `PersonalDataUnmask`, audited.
    Full,
}

/// The cells of one row in [`COLUMNS`] order; `seq` fills 序号.
pub fn to_cells(seq: usize, row: &ResidentRow, masking: Masking) -> Vec<String> {
    let mut cells = vec![String::new(); COLUMNS.len()];
    let full = masking == Masking::Full;
    cells[0] = seq.to_string();
    cells[idx::NAME] = row.name.clone();
    cells[idx::ID_NUMBER] = if full { row.id_number.as_str().to_string() } else { row.id_number.masked() };
    cells[idx::PHONE] = match &row.phone {
        Some(p) if full => p.as_str().to_string(),
        Some(p) => p.masked(),
        None => String::new(),
    };
    cells[idx::RELATION] = row.relation.label().to_string();
    cells[idx::RESIDENCE] = row.residence.label().to_string();
    cells[idx::FLOATING_SINCE] = row.floating_since.map(|d| d.to_string()).unwrap_or_default();
    cells[idx::BUILDING] = row.building.clone();
    cells[idx::DOOR] = if full { row.door.clone() } else { mask_address(&row.door) };
    for (offset, item) in WorkItem::ALL.into_iter().enumerate() {
        cells[idx::ITEMS + offset] = row.items.get(item).to_cell();
    }
    cells[idx::NOTE] = row.note.clone().unwrap_or_default();
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::resident::{Attention, HouseholdRelation, ItemEntry, RELATIONS, ResidenceStatus, WorkItems, validate_row};
    use crate::personal::{IdNumber, Phone};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 6, 1).unwrap()
    }

    fn resident(seq: u16, relation: usize, floating: bool, key: bool) -> ResidentRow {
        let birth = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + chrono::Days::new(u64::from(seq) * 13);
        let mut items = WorkItems::default();
        if key {
            *items.get_mut(WorkItem::Sanitation) = ItemEntry { attention: Attention::Key, note: "门前堆放杂物".into() };
        }
        ResidentRow {
            name: "欧阳某某".into(),
            id_number: IdNumber::synthesize("440203", birth, seq),
            phone: Some(Phone::parse("13812345678").unwrap()),
            relation: HouseholdRelation::parse(RELATIONS[relation].0).unwrap(),
            residence: if floating { ResidenceStatus::Floating } else { ResidenceStatus::Registered },
            floating_since: floating.then(|| NaiveDate::from_ymd_opt(2020, 5, 4).unwrap()),
            building: "3栋".into(),
            door: "2单元301".into(),
            items,
            note: None,
        }
    }

    #[test]
    fn masked_by_default() {
        let r = resident(123, 1, false, false);
        let cells = to_cells(1, &r, Masking::default());
        let joined = cells.join("|");
        assert!(!joined.contains(r.id_number.as_str()) && !joined.contains("13812345678") && !joined.contains("2单元301"), "{joined}");
        assert_eq!(cells[idx::ID_NUMBER], r.id_number.masked());
        assert_eq!(cells[idx::PHONE], "138****5678");
    }

    proptest! {
        /// An unmasked export reads back as the same resident.
        #[test]
        fn full_export_round_trips(seq in 0u16..1000, relation in 0usize..RELATIONS.len(), floating in any::<bool>(), key in any::<bool>()) {
            let r = resident(seq, relation, floating, key);
            let cells = to_cells(7, &r, Masking::Full);
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            prop_assert_eq!(validate_row(8, &refs, today()).unwrap(), r);
        }
    }
}
