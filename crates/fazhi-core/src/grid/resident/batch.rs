//! The batch rules of an import: the header row, duplicates by ID number,
//! and whether the rows are written ("all or nothing" or "valid rows only").
//!
//! The tally grows one row at a time and keeps only the seen keys and the
//! reported problems, so the server streams a sheet of any size through it:
//! in "all or nothing" mode it writes rows inside one transaction as they
//! come and [`decide`] says at the end whether to commit.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::columns::{COLUMNS, idx};
use super::{CellError, ResidentRow};
use crate::personal::IdNumber;

/// What the user chose on the import page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// 全部正确才导入: one bad row and nothing is written.
    AllOrNothing,
    /// 只导入正确的行: bad rows are listed and left out.
    ValidRowsOnly,
}

impl ImportMode {
    pub fn label(self) -> &'static str {
        match self {
            ImportMode::AllOrNothing => "全部正确才导入",
            ImportMode::ValidRowsOnly => "只导入正确的行",
        }
    }
}

/// The register's dedup key: the checked ID number (upper-case X). The
/// server stores and looks it up through its blind index, never in clear.
pub fn dedup_key(id: &IdNumber) -> &str {
    id.as_str()
}

/// What to do with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum RowVerdict {
    /// A new resident: insert.
    New,
    /// Already in the register (e.g. the same file imported again): update
    /// that resident in place, so a re-import creates no duplicate.
    Update,
    /// Not written: the row has errors or repeats an earlier row's ID number.
    Refused,
}

/// Problems kept in full; beyond this only the count grows (a file of junk
/// must not fill memory). The report says how many were left out.
pub const MAX_REPORTED: usize = 10_000;

/// The seen-set key of an ID number: its first 17 digits as an integer (the
/// 18th, the check character, follows from them), so a million rows cost
/// 16 MB, not a `String` each. Exact: distinct valid numbers, distinct keys.
fn seen_key(id: &IdNumber) -> u64 {
    id.as_str().bytes().take(17).fold(0u64, |k, b| k * 10 + u64::from(b.wrapping_sub(b'0') % 10))
}

/// The running report of one import.
#[derive(Debug, Clone, Default)]
pub struct ImportTally {
    /// First row of each ID number seen (see [`seen_key`]).
    seen: HashMap<u64, usize>,
    pub rows: usize,
    pub new: usize,
    pub updated: usize,
    pub refused: usize,
    /// The first [`MAX_REPORTED`] problems, in row order.
    pub errors: Vec<CellError>,
    /// Problems not kept in `errors`.
    pub errors_not_listed: usize,
}

impl ImportTally {
    pub fn new() -> ImportTally {
        ImportTally::default()
    }

    /// Adds one validated row. `registered` says whether the register
    /// already holds this ID number (the server's blind-index look-up); it
    /// is ignored for invalid rows.
    pub fn push(&mut self, result: &Result<ResidentRow, Vec<CellError>>, row: usize, registered: bool) -> RowVerdict {
        self.rows += 1;
        let resident = match result {
            Ok(resident) => resident,
            Err(errors) => {
                self.refused += 1;
                for e in errors {
                    self.report(e.clone());
                }
                return RowVerdict::Refused;
            }
        };
        let key = seen_key(&resident.id_number);
        if let Some(first) = self.seen.get(&key) {
            self.refused += 1;
            let message = format!("与第 {first} 行的身份证号重复，同一居民只能登记一次");
            self.report(CellError { row, column: COLUMNS[idx::ID_NUMBER].header, message });
            return RowVerdict::Refused;
        }
        self.seen.insert(key, row);
        if registered {
            self.updated += 1;
            RowVerdict::Update
        } else {
            self.new += 1;
            RowVerdict::New
        }
    }

    /// A problem of the file itself (wrong header, unreadable sheet).
    pub fn push_file_error(&mut self, error: CellError) {
        self.refused += 1;
        self.report(error);
    }

    fn report(&mut self, error: CellError) {
        if self.errors.len() < MAX_REPORTED {
            self.errors.push(error);
        } else {
            self.errors_not_listed += 1;
        }
    }

    pub fn is_clean(&self) -> bool {
        self.refused == 0 && self.errors.is_empty()
    }
}

/// Checks the header row against the template, so a sheet in another layout
/// is refused as a whole instead of being read into the wrong fields.
pub fn check_headers(headers: &[&str]) -> Result<(), CellError> {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (i, column) in COLUMNS.iter().enumerate() {
        let got = headers.get(i).map(|h| squeeze(h)).unwrap_or_default();
        if got != column.header {
            return Err(CellError {
                row: 1,
                column: "",
                message: format!("表头第 {} 列应为「{}」，实际为「{}」，请使用页面提供的导入模板", i + 1, column.header, got),
            });
        }
    }
    Ok(())
}

/// The outcome of an import, for the server and the report page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportDecision {
    /// Commit the rows written; `false` = roll everything back.
    pub commit: bool,
    pub inserted: usize,
    pub updated: usize,
    pub refused: usize,
    /// One sentence for the top of the report.
    pub summary: String,
}

/// Whether the rows of a finished tally are kept.
pub fn decide(tally: &ImportTally, mode: ImportMode) -> ImportDecision {
    let refused_rows = tally.refused;
    if tally.rows == 0 && tally.is_clean() {
        return ImportDecision { commit: false, inserted: 0, updated: 0, refused: 0, summary: "文件中没有数据行，未导入任何记录".into() };
    }
    if mode == ImportMode::AllOrNothing && !tally.is_clean() {
        return ImportDecision {
            commit: false,
            inserted: 0,
            updated: 0,
            refused: refused_rows,
            summary: format!("共 {} 行，其中 {} 行有误；已选择「全部正确才导入」，本次未导入任何记录，请修改后重新导入", tally.rows, refused_rows),
        };
    }
    let mut summary = format!("共 {} 行：新增 {} 人，更新 {} 人", tally.rows, tally.new, tally.updated);
    if refused_rows > 0 {
        summary.push_str(&format!("，{refused_rows} 行有误未导入"));
    }
    ImportDecision { commit: tally.new + tally.updated > 0, inserted: tally.new, updated: tally.updated, refused: refused_rows, summary }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::resident::validate_row;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn row(n: usize, seq: u16, name: &str) -> Result<ResidentRow, Vec<CellError>> {
        let id = IdNumber::synthesize("440203", d(1970, 1, 1), seq).as_str().to_string();
        let cells = ["", name, &id, "", "02", "户籍", "", "1栋", "101"];
        validate_row(n, &cells, d(2021, 6, 1))
    }

    #[test]
    fn duplicates_in_the_file_are_refused_with_the_first_row() {
        let mut t = ImportTally::new();
        assert_eq!(t.push(&row(2, 1, "甲"), 2, false), RowVerdict::New);
        assert_eq!(t.push(&row(3, 1, "乙"), 3, false), RowVerdict::Refused);
        assert_eq!(t.errors[0].to_string(), "第 3 行「身份证号」：与第 2 行的身份证号重复，同一居民只能登记一次");
        assert_eq!(t.push(&row(4, 2, ""), 4, false), RowVerdict::Refused);
        assert_eq!(t.push(&row(5, 3, "丙"), 5, true), RowVerdict::Update);
        assert_eq!((t.rows, t.new, t.updated, t.refused), (4, 1, 1, 2));
    }

    #[test]
    fn all_or_nothing_writes_nothing_when_one_row_is_bad() {
        let mut t = ImportTally::new();
        t.push(&row(2, 1, "甲"), 2, false);
        t.push(&row(3, 2, ""), 3, false);
        let all = decide(&t, ImportMode::AllOrNothing);
        assert!(!all.commit);
        assert_eq!((all.inserted, all.refused), (0, 1));
        let valid = decide(&t, ImportMode::ValidRowsOnly);
        assert!(valid.commit);
        assert_eq!(valid.summary, "共 2 行：新增 1 人，更新 0 人，1 行有误未导入");
    }

    #[test]
    fn a_reimport_only_updates() {
        let mut t = ImportTally::new();
        for seq in 1..=3 {
            t.push(&row(seq as usize + 1, seq, "甲"), seq as usize + 1, true);
        }
        let d = decide(&t, ImportMode::AllOrNothing);
        assert!(d.commit);
        assert_eq!((d.inserted, d.updated), (0, 3));
    }

    #[test]
    fn empty_files_and_wrong_headers() {
        assert!(!decide(&ImportTally::new(), ImportMode::ValidRowsOnly).commit);
        let headers: Vec<&str> = COLUMNS.iter().map(|c| c.header).collect();
        assert!(check_headers(&headers).is_ok());
        let mut wrong = headers.clone();
        wrong.swap(1, 2);
        let e = check_headers(&wrong).unwrap_err();
        assert_eq!(e.to_string(), "第 1 行：表头第 2 列应为「姓名」，实际为「身份证号」，请使用页面提供的导入模板");
        let mut t = ImportTally::new();
        t.push_file_error(e);
        assert!(!decide(&t, ImportMode::ValidRowsOnly).commit);
    }

    #[test]
    fn the_report_is_capped() {
        let mut t = ImportTally::new();
        for i in 0..MAX_REPORTED + 5 {
            t.push(&Err(vec![CellError { row: i, column: "姓名", message: "x".into() }]), i, false);
        }
        assert_eq!((t.errors.len(), t.errors_not_listed), (MAX_REPORTED, 5));
    }

    proptest! {
        /// Whatever the rows, all-or-nothing commits only a clean file, and
        /// the counts add up.
        #[test]
        fn counts_add_up(rows in proptest::collection::vec((0u16..20, any::<bool>(), any::<bool>()), 0..60)) {
            let mut t = ImportTally::new();
            for (i, (seq, valid, registered)) in rows.iter().enumerate() {
                t.push(&row(i + 2, *seq, if *valid { "甲" } else { "" }), i + 2, *registered);
            }
            prop_assert_eq!(t.new + t.updated + t.refused, t.rows);
            let all = decide(&t, ImportMode::AllOrNothing);
            prop_assert_eq!(all.commit, t.refused == 0 && t.rows > 0);
            let distinct: std::collections::HashSet<_> = rows.iter().filter(|r| r.1).map(|r| r.0).collect();
            prop_assert_eq!(t.new + t.updated, distinct.len());
        }
    }
}
