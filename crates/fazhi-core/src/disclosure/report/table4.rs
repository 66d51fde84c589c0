//! Table 四: 政府信息公开行政复议、行政诉讼情况 — one row of 15 cells.
use serde::{Deserialize, Serialize};

use super::InvariantBreak;

/// The three blocks of the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table4Part {
    /// 行政复议
    Review,
    /// 行政诉讼 · 未经复议直接起诉
    SuitWithoutReview,
    /// 行政诉讼 · 复议后起诉
    SuitAfterReview,
}

impl Table4Part {
    pub const ALL: [Table4Part; 3] = [
        Table4Part::Review,
        Table4Part::SuitWithoutReview,
        Table4Part::SuitAfterReview,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Table4Part::Review => "行政复议",
            Table4Part::SuitWithoutReview => "行政诉讼·未经复议直接起诉",
            Table4Part::SuitAfterReview => "行政诉讼·复议后起诉",
        }
    }
}

/// Where a case stood at year end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseResult {
    /// 结果维持
    Upheld,
    /// 结果纠正
    Corrected,
    /// 其他结果
    Other,
    /// 尚未审结
    Pending,
}

impl CaseResult {
    pub const ALL: [CaseResult; 4] = [
        CaseResult::Upheld,
        CaseResult::Corrected,
        CaseResult::Other,
        CaseResult::Pending,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CaseResult::Upheld => "结果维持",
            CaseResult::Corrected => "结果纠正",
            CaseResult::Other => "其他结果",
            CaseResult::Pending => "尚未审结",
        }
    }
}

/// One 复议 or 诉讼 case about the office's disclosure work in the report
/// year, with its state at 12/31 (the caller selects the year's cases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub part: Table4Part,
    pub result: CaseResult,
}

/// One block of 5 cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table4Block {
    pub upheld: u32,
    pub corrected: u32,
    pub other: u32,
    pub pending: u32,
    /// 总计; [`Table4::compute`] sets it to the sum, [`Table4::check`] verifies it.
    pub total: u32,
}

impl Table4Block {
    /// The block's 5 cells in print order (总计 last).
    pub fn cells(&self) -> [u32; 5] {
        [
            self.upheld,
            self.corrected,
            self.other,
            self.pending,
            self.total,
        ]
    }

    fn sum(&self) -> u32 {
        self.upheld + self.corrected + self.other + self.pending
    }
}

/// The table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table4 {
    pub year: i32,
    pub review: Table4Block,
    pub suit_without_review: Table4Block,
    pub suit_after_review: Table4Block,
}

impl Table4 {
    /// The 5 column headings of each block.
    pub const CELL_LABELS: [&'static str; 5] =
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

    pub fn compute(year: i32, cases: &[CaseSummary]) -> Table4 {
        let mut table = Table4 {
            year,
            review: Table4Block::default(),
            suit_without_review: Table4Block::default(),
            suit_after_review: Table4Block::default(),
        };
        for case in cases {
            let block = table.block_mut(case.part);
            match case.result {
                CaseResult::Upheld => block.upheld += 1,
                CaseResult::Corrected => block.corrected += 1,
                CaseResult::Other => block.other += 1,
                CaseResult::Pending => block.pending += 1,
            }
            block.total += 1;
        }
        table
    }

    pub fn block(&self, part: Table4Part) -> &Table4Block {
        match part {
            Table4Part::Review => &self.review,
            Table4Part::SuitWithoutReview => &self.suit_without_review,
            Table4Part::SuitAfterReview => &self.suit_after_review,
        }
    }

    pub fn block_mut(&mut self, part: Table4Part) -> &mut Table4Block {
        match part {
            Table4Part::Review => &mut self.review,
            Table4Part::SuitWithoutReview => &mut self.suit_without_review,
            Table4Part::SuitAfterReview => &mut self.suit_after_review,
        }
    }

    /// All 15 cells in print order.
    pub fn cells(&self) -> [u32; 15] {
        let mut cells = [0; 15];
        for (i, part) in Table4Part::ALL.into_iter().enumerate() {
            cells[i * 5..i * 5 + 5].copy_from_slice(&self.block(part).cells());
        }
        cells
    }

    /// Each 总计 = the sum of its 4 cells.
    pub fn check(&self) -> Vec<InvariantBreak> {
        Table4Part::ALL
            .into_iter()
            .filter_map(|part| {
                let block = self.block(part);
                (block.total != block.sum()).then_some(InvariantBreak::Table4Total {
                    part,
                    total: block.total,
                    sum: block.sum(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cases_into_15_cells_and_checks_totals() {
        let cases = [
            CaseSummary {
                part: Table4Part::Review,
                result: CaseResult::Upheld,
            },
            CaseSummary {
                part: Table4Part::Review,
                result: CaseResult::Upheld,
            },
            CaseSummary {
                part: Table4Part::Review,
                result: CaseResult::Corrected,
            },
            CaseSummary {
                part: Table4Part::SuitWithoutReview,
                result: CaseResult::Pending,
            },
            CaseSummary {
                part: Table4Part::SuitAfterReview,
                result: CaseResult::Other,
            },
        ];
        let mut table = Table4::compute(2024, &cases);
        assert_eq!(table.cells(), [2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]);
        assert!(table.check().is_empty());
        table.suit_after_review.total = 2;
        let breaks = table.check();
        assert_eq!(breaks.len(), 1);
        assert_eq!(
            breaks[0].to_string(),
            "表四「行政诉讼·复议后起诉」的「总计」为 2，但结果维持、结果纠正、其他结果、尚未审结之和为 1"
        );
    }
}
