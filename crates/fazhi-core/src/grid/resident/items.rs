//! The six work items of the resident table, one structured entry each.
//!
//! The seed: "表内涉及计生、环境卫生等6项内容" and the six grid work lines
//! "矛盾邻里纠纷调处、环境卫生、消防安全、计划生育（流动人口管理）、便民服务和
//! 治安联防". The seed NAMES two items of the table (计生, 环境卫生); taking
//! the other four from the six work lines (消防安全, 便民服务需求, 治安联防,
//! 矛盾纠纷记录) is the project's choice (spec §10 "could not pin down").
//! The shape of an entry (an attention level plus a note) is also the
//! project's choice: it keeps one column per item in the sheet, lets the
//! dashboard count 重点关注 households per item, and leaves details to text.
use serde::{Deserialize, Serialize};

/// The six items, in sheet order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkItem {
    /// 计划生育/流动人口管理 (seed: 计生).
    FamilyPlanning,
    /// 环境卫生 (seed).
    Sanitation,
    /// 消防安全 (project's choice, from the six work lines).
    FireSafety,
    /// 便民服务需求 (project's choice).
    ServicesNeeded,
    /// 治安联防 (project's choice).
    PublicSecurity,
    /// 矛盾纠纷记录 (project's choice).
    Disputes,
}

impl WorkItem {
    pub const ALL: [WorkItem; 6] = [
        WorkItem::FamilyPlanning,
        WorkItem::Sanitation,
        WorkItem::FireSafety,
        WorkItem::ServicesNeeded,
        WorkItem::PublicSecurity,
        WorkItem::Disputes,
    ];

    pub fn label(self) -> &'static str {
        match self {
            WorkItem::FamilyPlanning => "计划生育/流动人口管理",
            WorkItem::Sanitation => "环境卫生",
            WorkItem::FireSafety => "消防安全",
            WorkItem::ServicesNeeded => "便民服务需求",
            WorkItem::PublicSecurity => "治安联防",
            WorkItem::Disputes => "矛盾纠纷记录",
        }
    }

    /// Whether the seed itself names this item of the table.
    pub fn named_by_seed(self) -> bool {
        matches!(self, WorkItem::FamilyPlanning | WorkItem::Sanitation)
    }
}

/// How much attention an item needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attention {
    /// 无: nothing to note.
    #[default]
    None,
    /// 一般: a note, no follow-up needed.
    Noted,
    /// 重点关注: the grid worker follows it up.
    Key,
}

impl Attention {
    pub fn label(self) -> &'static str {
        match self {
            Attention::None => "无",
            Attention::Noted => "一般",
            Attention::Key => "重点关注",
        }
    }
}

/// One item of one resident.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemEntry {
    pub attention: Attention,
    /// Free text, at most [`ItemEntry::MAX_NOTE`] characters.
    pub note: String,
}

impl ItemEntry {
    pub const MAX_NOTE: usize = 200;
    const KEY_MARKS: [&'static str; 4] = ["重点：", "重点:", "重点关注：", "重点关注:"];

    /// Reads a cell: empty, "无" or "正常" → nothing; "重点：…" → key
    /// attention with the rest as note; other text → a plain note.
    /// Nothing recorded (no attention, no note).
    pub fn is_empty(&self) -> bool {
        *self == ItemEntry::default()
    }

    pub fn parse(cell: &str) -> Result<ItemEntry, String> {
        let s = cell.trim();
        if s.is_empty() || s == "无" || s == "正常" {
            return Ok(ItemEntry::default());
        }
        let (attention, note) = match Self::KEY_MARKS.iter().find_map(|m| s.strip_prefix(m)) {
            Some(rest) => (Attention::Key, rest.trim()),
            None if s == "重点" || s == "重点关注" => (Attention::Key, ""),
            None => (Attention::Noted, s),
        };
        if note.chars().count() > Self::MAX_NOTE {
            return Err(format!("内容不能超过{}字", Self::MAX_NOTE));
        }
        Ok(ItemEntry { attention, note: note.to_string() })
    }

    /// The cell text the export writes; `parse(to_cell())` gives the entry back.
    pub fn to_cell(&self) -> String {
        match self.attention {
            Attention::None => "无".into(),
            Attention::Key => format!("重点：{}", self.note),
            Attention::Noted if self.note.is_empty() => "无".into(),
            Attention::Noted => self.note.clone(),
        }
    }
}

/// The six entries of one resident. Stored compactly: an entry with nothing
/// in it is left out of the JSON and reads back as empty, so a register of a
/// million rows does not keep six million empty objects.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkItems {
    #[serde(skip_serializing_if = "ItemEntry::is_empty")]
    pub family_planning: ItemEntry,
    #[serde(skip_serializing_if = "ItemEntry::is_empty")]
    pub sanitation: ItemEntry,
    #[serde(skip_serializing_if = "ItemEntry::is_empty")]
    pub fire_safety: ItemEntry,
    #[serde(skip_serializing_if = "ItemEntry::is_empty")]
    pub services_needed: ItemEntry,
    #[serde(skip_serializing_if = "ItemEntry::is_empty")]
    pub public_security: ItemEntry,
    #[serde(skip_serializing_if = "ItemEntry::is_empty")]
    pub disputes: ItemEntry,
}

impl WorkItems {
    pub fn get(&self, item: WorkItem) -> &ItemEntry {
        match item {
            WorkItem::FamilyPlanning => &self.family_planning,
            WorkItem::Sanitation => &self.sanitation,
            WorkItem::FireSafety => &self.fire_safety,
            WorkItem::ServicesNeeded => &self.services_needed,
            WorkItem::PublicSecurity => &self.public_security,
            WorkItem::Disputes => &self.disputes,
        }
    }

    pub fn get_mut(&mut self, item: WorkItem) -> &mut ItemEntry {
        match item {
            WorkItem::FamilyPlanning => &mut self.family_planning,
            WorkItem::Sanitation => &mut self.sanitation,
            WorkItem::FireSafety => &mut self.fire_safety,
            WorkItem::ServicesNeeded => &mut self.services_needed,
            WorkItem::PublicSecurity => &mut self.public_security,
            WorkItem::Disputes => &mut self.disputes,
        }
    }

    /// The items needing follow-up, for the dashboard.
    pub fn key_items(&self) -> impl Iterator<Item = WorkItem> + '_ {
        WorkItem::ALL.into_iter().filter(|i| self.get(*i).attention == Attention::Key)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn empty_entries_are_left_out_of_the_stored_json_and_read_back() {
        let mut items = WorkItems::default();
        assert_eq!(serde_json::to_string(&items).unwrap(), "{}");
        items.fire_safety = ItemEntry::parse("重点：楼道堆放杂物").unwrap();
        let json = serde_json::to_string(&items).unwrap();
        assert!(json.starts_with("{\"fire_safety\":") && !json.contains("sanitation"), "{json}");
        assert_eq!(serde_json::from_str::<WorkItems>(&json).unwrap(), items);
        assert_eq!(serde_json::from_str::<WorkItems>("{}").unwrap(), WorkItems::default());
    }
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cells_read_as_entries() {
        assert_eq!(ItemEntry::parse("").unwrap(), ItemEntry::default());
        assert_eq!(ItemEntry::parse(" 无 ").unwrap(), ItemEntry::default());
        let e = ItemEntry::parse("重点：电动车在楼道充电").unwrap();
        assert_eq!((e.attention, e.note.as_str()), (Attention::Key, "电动车在楼道充电"));
        let e = ItemEntry::parse("独居老人，需定期上门").unwrap();
        assert_eq!(e.attention, Attention::Noted);
        assert!(ItemEntry::parse(&"字".repeat(201)).is_err());
    }

    #[test]
    fn the_seed_names_two_items() {
        let named: Vec<_> = WorkItem::ALL.into_iter().filter(|i| i.named_by_seed()).collect();
        assert_eq!(named, vec![WorkItem::FamilyPlanning, WorkItem::Sanitation]);
    }

    #[test]
    fn key_items_are_listed() {
        let mut items = WorkItems::default();
        items.get_mut(WorkItem::FireSafety).attention = Attention::Key;
        assert_eq!(items.key_items().collect::<Vec<_>>(), vec![WorkItem::FireSafety]);
    }

    proptest! {
        #[test]
        fn export_cells_read_back(key in any::<bool>(), note in "[\\p{Han}a-z0-9，]{1,40}") {
            let entry = ItemEntry { attention: if key { Attention::Key } else { Attention::Noted }, note: note.clone() };
            let back = ItemEntry::parse(&entry.to_cell()).unwrap();
            // A plain note that happens to read "无"/"正常" means nothing to note.
            if !key && (note == "无" || note == "正常") {
                prop_assert_eq!(back, ItemEntry::default());
            } else {
                prop_assert_eq!(back, entry);
            }
        }
    }
}
