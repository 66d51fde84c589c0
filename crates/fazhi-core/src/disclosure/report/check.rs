//! The cross-footing rules of the report (spec §2.5), each failure naming the
//! cell in Chinese so the person who signs the report can find it.
use std::fmt;

use super::table3::{Column, Table3, Table3Row};
use super::table4::Table4Part;
use crate::disclosure::model::Outcome;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvariantBreak {
    /// Per column: 一 + 二 = 三（七） + 四.
    Balance {
        column: Column,
        received: u32,
        carried_over: u32,
        results: u32,
        carried_forward: u32,
    },
    /// Per column: （七）总计 = the sum of the result rows.
    ResultTotal {
        column: Column,
        total: u32,
        sum: u32,
    },
    /// Per row: 总计 = 自然人 + the 5 法人或其他组织 columns.
    RowTotal {
        row: Table3Row,
        total: u32,
        sum: u32,
    },
    /// Table 四: each 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    Table4Total {
        part: Table4Part,
        total: u32,
        sum: u32,
    },
}

impl fmt::Display for InvariantBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvariantBreak::Balance {
                column,
                received,
                carried_over,
                results,
                carried_forward,
            } => write!(
                f,
                "表三「{}」列：一、本年新收（{received}）与二、上年结转（{carried_over}）之和为 {}，不等于三、本年度办理结果（七）总计（{results}）与四、结转下年度继续办理（{carried_forward}）之和 {}",
                column.label(),
                received + carried_over,
                results + carried_forward
            ),
            InvariantBreak::ResultTotal { column, total, sum } => write!(
                f,
                "表三「{}」列「（七）总计」为 {total}，但各项办理结果之和为 {sum}",
                column.label()
            ),
            InvariantBreak::RowTotal { row, total, sum } => write!(
                f,
                "表三「{}」行「总计」为 {total}，但自然人与法人或其他组织各列之和为 {sum}",
                row.full_label()
            ),
            InvariantBreak::Table4Total { part, total, sum } => write!(
                f,
                "表四「{}」的「总计」为 {total}，但结果维持、结果纠正、其他结果、尚未审结之和为 {sum}",
                part.label()
            ),
        }
    }
}

/// Every broken rule of Table 三; empty when the table cross-foots.
pub fn check(table: &Table3) -> Vec<InvariantBreak> {
    let mut breaks = Vec::new();
    for column in Column::ALL {
        let get = |row| table.get(row, column);
        let (received, carried_over) = (get(Table3Row::NewlyReceived), get(Table3Row::CarriedOver));
        let (results, carried_forward) =
            (get(Table3Row::ResultTotal), get(Table3Row::CarriedForward));
        if received + carried_over != results + carried_forward {
            breaks.push(InvariantBreak::Balance {
                column,
                received,
                carried_over,
                results,
                carried_forward,
            });
        }
        let sum = Outcome::ALL
            .into_iter()
            .map(|o| get(Table3Row::Result(o)))
            .sum();
        if results != sum {
            breaks.push(InvariantBreak::ResultTotal {
                column,
                total: results,
                sum,
            });
        }
    }
    for (row, cells) in table.rows() {
        let total = cells[Column::Total.index()];
        let sum = cells[..Column::Total.index()].iter().sum();
        if total != sum {
            breaks.push(InvariantBreak::RowTotal { row, total, sum });
        }
    }
    breaks
}
