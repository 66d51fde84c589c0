//! Table 二: 主动公开政府信息情况 (2021 format: four blocks of 第二十条).
//!
//! The structure is fixed here. Counts that another module keeps (规范性文件,
//! 许可, 处罚, 强制 …) are passed in and marked computed; every other cell is
//! `manual` (手工填报) and stays empty until someone enters it, so a report
//! can tell what still needs a human.
use serde::{Deserialize, Serialize};

use crate::disclosure::DisclosureError;

/// One cell of the table, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table2Item {
    RulesMade,
    RulesRepealed,
    RulesInForce,
    NormativeDocsMade,
    NormativeDocsRepealed,
    NormativeDocsInForce,
    Licensing,
    Penalty,
    Coercion,
    /// 行政事业性收费 本年收费金额, entered in fen, printed in 万元.
    FeeAmount,
}

impl Table2Item {
    pub const ALL: [Table2Item; 10] = [
        Table2Item::RulesMade,
        Table2Item::RulesRepealed,
        Table2Item::RulesInForce,
        Table2Item::NormativeDocsMade,
        Table2Item::NormativeDocsRepealed,
        Table2Item::NormativeDocsInForce,
        Table2Item::Licensing,
        Table2Item::Penalty,
        Table2Item::Coercion,
        Table2Item::FeeAmount,
    ];

    /// (block, row label, column label).
    fn place(self) -> (usize, &'static str, &'static str) {
        match self {
            Table2Item::RulesMade => (0, "规章", "本年制发件数"),
            Table2Item::RulesRepealed => (0, "规章", "本年废止件数"),
            Table2Item::RulesInForce => (0, "规章", "现行有效件数"),
            Table2Item::NormativeDocsMade => (0, "行政规范性文件", "本年制发件数"),
            Table2Item::NormativeDocsRepealed => (0, "行政规范性文件", "本年废止件数"),
            Table2Item::NormativeDocsInForce => (0, "行政规范性文件", "现行有效件数"),
            Table2Item::Licensing => (1, "行政许可", "本年处理决定数量"),
            Table2Item::Penalty => (2, "行政处罚", "本年处理决定数量"),
            Table2Item::Coercion => (2, "行政强制", "本年处理决定数量"),
            Table2Item::FeeAmount => (3, "行政事业性收费", "本年收费金额（单位：万元）"),
        }
    }

    /// "第二十条第（一）项 · 规章 · 本年制发件数", for messages.
    pub fn label(self) -> String {
        let (block, row, column) = self.place();
        format!("{} · {row} · {column}", BLOCKS[block].0)
    }

    fn is_amount(self) -> bool {
        self == Table2Item::FeeAmount
    }
}

/// (heading, value column headings, row labels) of each block, as printed;
/// every block's first column is "信息内容".
const BLOCKS: [(&str, &[&str], &[&str]); 4] = [
    (
        "第二十条第（一）项",
        &["本年制发件数", "本年废止件数", "现行有效件数"],
        &["规章", "行政规范性文件"],
    ),
    ("第二十条第（五）项", &["本年处理决定数量"], &["行政许可"]),
    (
        "第二十条第（六）项",
        &["本年处理决定数量"],
        &["行政处罚", "行政强制"],
    ),
    (
        "第二十条第（八）项",
        &["本年收费金额（单位：万元）"],
        &["行政事业性收费"],
    ),
];

/// A cell's value: a count, or an amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum CellValue {
    Count(u32),
    Fen(u64),
}

impl CellValue {
    /// As printed: counts as is, money in 万元 with four decimals (to the 元).
    pub fn display(self) -> String {
        match self {
            CellValue::Count(n) => n.to_string(),
            CellValue::Fen(fen) => {
                let yuan = (fen + 50) / 100;
                format!("{}.{:04}", yuan / 10_000, yuan % 10_000)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table2Cell {
    pub item: Table2Item,
    /// `None` = not entered yet.
    pub value: Option<CellValue>,
    /// 手工填报: no module supplies this number.
    pub manual: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table2Row {
    /// The "信息内容" cell.
    pub label: &'static str,
    pub cells: Vec<Table2Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table2Block {
    /// e.g. "第二十条第（一）项".
    pub heading: &'static str,
    /// Column headings, "信息内容" first.
    pub columns: Vec<&'static str>,
    pub rows: Vec<Table2Row>,
}

/// The table as printed; stored as its cells (`Table2Cell` is
/// deserializable), rebuilt with [`Table2::build`] and [`Table2::fill`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table2 {
    pub year: i32,
    pub blocks: Vec<Table2Block>,
}

impl Table2 {
    /// The table of `year` with `computed` cells filled (and not manual) and
    /// every other cell manual and empty.
    pub fn build(
        year: i32,
        computed: &[(Table2Item, CellValue)],
    ) -> Result<Table2, DisclosureError> {
        let mut table = Table2 {
            year,
            blocks: BLOCKS
                .iter()
                .map(|(heading, columns, rows)| Table2Block {
                    heading,
                    columns: std::iter::once("信息内容")
                        .chain(columns.iter().copied())
                        .collect(),
                    rows: rows
                        .iter()
                        .map(|label| Table2Row {
                            label,
                            cells: Vec::new(),
                        })
                        .collect(),
                })
                .collect(),
        };
        for item in Table2Item::ALL {
            let (block, row, _) = item.place();
            let row = table.blocks[block]
                .rows
                .iter_mut()
                .find(|r| r.label == row)
                .expect("every item's row is in BLOCKS");
            row.cells.push(Table2Cell {
                item,
                value: None,
                manual: true,
            });
        }
        for (item, value) in computed {
            check_unit(*item, *value)?;
            let cell = table.cell_mut(*item);
            cell.value = Some(*value);
            cell.manual = false;
        }
        Ok(table)
    }

    pub fn cell(&self, item: Table2Item) -> &Table2Cell {
        self.blocks
            .iter()
            .flat_map(|b| &b.rows)
            .flat_map(|r| &r.cells)
            .find(|c| c.item == item)
            .expect("every item has a cell")
    }

    fn cell_mut(&mut self, item: Table2Item) -> &mut Table2Cell {
        self.blocks
            .iter_mut()
            .flat_map(|b| &mut b.rows)
            .flat_map(|r| &mut r.cells)
            .find(|c| c.item == item)
            .expect("every item has a cell")
    }

    /// Enters a 手工填报 value. A computed cell is refused: its number comes
    /// from the records and a hand entry would silently diverge from them.
    pub fn fill(&mut self, item: Table2Item, value: CellValue) -> Result<(), DisclosureError> {
        check_unit(item, value)?;
        let cell = self.cell_mut(item);
        if !cell.manual {
            return Err(DisclosureError::invalid(
                "table2",
                format!("「{}」由业务数据自动统计，不能手工填报", item.label()),
            ));
        }
        cell.value = Some(value);
        Ok(())
    }

    /// Manual cells still empty, in print order.
    pub fn missing(&self) -> Vec<Table2Item> {
        Table2Item::ALL
            .into_iter()
            .filter(|item| self.cell(*item).value.is_none())
            .collect()
    }
}

fn check_unit(item: Table2Item, value: CellValue) -> Result<(), DisclosureError> {
    if item.is_amount() == matches!(value, CellValue::Fen(_)) {
        Ok(())
    } else {
        let expected = if item.is_amount() { "金额" } else { "件数" };
        Err(DisclosureError::invalid(
            "table2",
            format!("「{}」应填写{expected}", item.label()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_is_exactly_the_2021_format() {
        let table = Table2::build(2024, &[]).unwrap();
        let shape: Vec<(&str, Vec<&str>, Vec<&str>)> = table
            .blocks
            .iter()
            .map(|b| {
                (
                    b.heading,
                    b.columns.clone(),
                    b.rows.iter().map(|r| r.label).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (
                    "第二十条第（一）项",
                    vec!["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                    vec!["规章", "行政规范性文件"]
                ),
                (
                    "第二十条第（五）项",
                    vec!["信息内容", "本年处理决定数量"],
                    vec!["行政许可"]
                ),
                (
                    "第二十条第（六）项",
                    vec!["信息内容", "本年处理决定数量"],
                    vec!["行政处罚", "行政强制"]
                ),
                (
                    "第二十条第（八）项",
                    vec!["信息内容", "本年收费金额（单位：万元）"],
                    vec!["行政事业性收费"]
                ),
            ]
        );
        for block in &table.blocks {
            for row in &block.rows {
                assert_eq!(row.cells.len(), block.columns.len() - 1, "{}", row.label);
                assert!(row.cells.iter().all(|c| c.manual && c.value.is_none()));
            }
        }
        assert_eq!(table.missing().len(), 10);
    }

    #[test]
    fn computed_cells_are_not_manual_and_refuse_hand_entry() {
        let mut table =
            Table2::build(2024, &[(Table2Item::Penalty, CellValue::Count(12))]).unwrap();
        let cell = table.cell(Table2Item::Penalty);
        assert_eq!(
            (cell.value, cell.manual),
            (Some(CellValue::Count(12)), false)
        );
        let err = table
            .fill(Table2Item::Penalty, CellValue::Count(13))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "「第二十条第（六）项 · 行政处罚 · 本年处理决定数量」由业务数据自动统计，不能手工填报"
        );
        table
            .fill(Table2Item::FeeAmount, CellValue::Fen(12_345_678))
            .unwrap();
        assert_eq!(
            table.cell(Table2Item::FeeAmount).value.unwrap().display(),
            "12.3457"
        );
        assert!(
            table
                .fill(Table2Item::Licensing, CellValue::Fen(1))
                .is_err()
        );
        assert!(
            table
                .fill(Table2Item::FeeAmount, CellValue::Count(1))
                .is_err()
        );
        assert!(!table.missing().contains(&Table2Item::FeeAmount));
        assert_eq!(CellValue::Fen(0).display(), "0.0000");
        assert_eq!(CellValue::Fen(3_000_000).display(), "3.0000");
    }
}
