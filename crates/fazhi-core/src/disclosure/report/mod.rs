//! The annual 政府信息公开工作年度报告 tables (national format of
//! 国办公开办函〔2021〕30号, spec §2.5), computed from records so the numbers
//! cross-foot by construction, plus the checks that prove they do.
//!
//! - Table 二 (主动公开): a fixed structure; cells other modules can count are
//!   filled from data, the rest are flagged 手工填报.
//! - Table 三 (依申请): counted from [`RequestSummary`]s.
//! - Table 四 (复议、诉讼): counted from [`CaseSummary`]s.
mod check;
mod summary;
mod table2;
mod table3;
mod table4;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use check::{InvariantBreak, check};
pub use summary::{Closure, RequestSummary};
pub use table2::{CellValue, Table2, Table2Block, Table2Cell, Table2Item, Table2Row};
pub use table3::{Column, RESULTS_HEADING, TABLE3_CAPTION, Table3, Table3Row};
pub use table4::{CaseResult, CaseSummary, Table4, Table4Block, Table4Part};
