//! One row of the resident table: raw cells in, a checked row or every
//! problem out, each naming the column.
use std::fmt;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::columns::{COLUMNS, idx};
use super::{HouseholdRelation, ItemEntry, ResidenceStatus, WorkItem, WorkItems};
use crate::DomainError;
use crate::form;
use crate::personal::{IdNumber, Phone, Sex};

/// Longest cell read at all; anything longer is junk, refused before parsing.
const MAX_CELL: usize = 1000;

/// One problem of one row, shown in the import report as
/// "第 12 行「身份证号」：身份证号码校验位错误，请核对号码".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    /// The sheet's row number (the header row is 1).
    pub row: usize,
    /// The column header; empty for a problem of the whole row.
    pub column: &'static str,
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "第 {} 行：{}", self.row, self.message)
        } else {
            write!(f, "第 {} 行「{}」：{}", self.row, self.column, self.message)
        }
    }
}

/// A checked row, ready to be encrypted and stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResidentRow {
    /// 姓名 (seed: 居民基础信息表).
    pub name: String,
    /// 身份证号, checksum-validated; the dedup key of the register.
    pub id_number: IdNumber,
    /// 联系电话.
    pub phone: Option<Phone>,
    /// 与户主关系 (GB/T 4761 code).
    pub relation: HouseholdRelation,
    /// 户籍/流动 (seed: 流动人口管理).
    pub residence: ResidenceStatus,
    /// 流入日期, required for floating residents (project's choice).
    pub floating_since: Option<NaiveDate>,
    /// 楼栋: with 门牌号 it identifies the household.
    pub building: String,
    /// 门牌号.
    pub door: String,
    /// The six work items (see `items`).
    pub items: WorkItems,
    pub note: Option<String>,
}

impl ResidentRow {
    /// Read from the ID number, never typed.
    pub fn sex(&self) -> Sex {
        self.id_number.sex()
    }

    /// Read from the ID number, never typed.
    pub fn birth_date(&self) -> NaiveDate {
        self.id_number.birth_date()
    }

    /// The household a row belongs to: (楼栋, 门牌号) as written, spaces removed.
    pub fn household_key(&self) -> (String, String) {
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        (squeeze(&self.building), squeeze(&self.door))
    }
}

/// Checks one row of raw cells (missing trailing cells read as empty; extra
/// cells are ignored). `row` is the sheet row number used in messages;
/// `today` bounds birth and arrival dates. Every problem is reported, not
/// only the first.
pub fn validate_row(row: usize, cells: &[&str], today: NaiveDate) -> Result<ResidentRow, Vec<CellError>> {
    let cell = |i: usize| cells.get(i).copied().unwrap_or("");
    let junk: Vec<CellError> = COLUMNS
        .iter()
        .enumerate()
        .filter(|(i, _)| cell(*i).chars().nth(MAX_CELL).is_some())
        .map(|(_, column)| CellError {
            row,
            column: column.header,
            message: format!("内容过长（超过{MAX_CELL}字），不是「{}」的有效内容", column.header),
        })
        .collect();
    if !junk.is_empty() {
        return Err(junk);
    }
    let mut errors = Vec::new();
    let mut err = |i: usize, message: String| errors.push(CellError { row, column: COLUMNS[i].header, message });
    let text = |i: usize, max: usize, err: &mut dyn FnMut(usize, String)| -> Option<String> {
        let header = COLUMNS[i].header;
        let result = if COLUMNS[i].required {
            form::required_text(header, header, cell(i), max).map(Some)
        } else {
            form::optional_text(header, header, cell(i), max)
        };
        result.unwrap_or_else(|e| {
            err(i, message(e));
            None
        })
    };
    let name = text(idx::NAME, 50, &mut err);
    let id_number = match IdNumber::parse_as_of(cell(idx::ID_NUMBER), today) {
        Ok(id) => Some(id),
        Err(_) if cell(idx::ID_NUMBER).trim().is_empty() => {
            err(idx::ID_NUMBER, "「身份证号」不能为空".into());
            None
        }
        Err(e) => {
            err(idx::ID_NUMBER, e.to_string());
            None
        }
    };
    let phone = match cell(idx::PHONE).trim() {
        "" => None,
        p => Phone::parse(p).map_err(|e| err(idx::PHONE, e.to_string())).ok(),
    };
    let relation = match cell(idx::RELATION).trim() {
        "" => {
            err(idx::RELATION, "「与户主关系」不能为空".into());
            None
        }
        r => HouseholdRelation::parse(r).or_else(|| {
            err(idx::RELATION, format!("「{r}」不是有效的与户主关系代码（GB/T 4761），如 02 户主、10 配偶、20 子、30 女"));
            None
        }),
    };
    let residence = match cell(idx::RESIDENCE).trim() {
        "" => {
            err(idx::RESIDENCE, "「户籍/流动」不能为空，请填写 户籍 或 流动".into());
            None
        }
        r => ResidenceStatus::parse(r).or_else(|| {
            err(idx::RESIDENCE, format!("「{r}」无法识别，请填写 户籍 或 流动"));
            None
        }),
    };
    let floating_since = match cell(idx::FLOATING_SINCE).trim() {
        "" => None,
        d => match parse_sheet_date(d) {
            Some(date) if date > today => {
                err(idx::FLOATING_SINCE, format!("流入日期 {date} 晚于今天"));
                None
            }
            Some(date) => Some(date),
            None => {
                err(idx::FLOATING_SINCE, format!("「{d}」不是有效日期，请按 2021-03-01 的格式填写"));
                None
            }
        },
    };
    match residence {
        Some(ResidenceStatus::Floating) if floating_since.is_none() && cell(idx::FLOATING_SINCE).trim().is_empty() => {
            err(idx::FLOATING_SINCE, "流动人口应填写流入日期".into());
        }
        Some(ResidenceStatus::Registered) if floating_since.is_some() => {
            err(idx::FLOATING_SINCE, "户籍人口不填流入日期；如为流动人口，请在「户籍/流动」填写 流动".into());
        }
        _ => {}
    }
    if let (Some(id), Some(since)) = (&id_number, floating_since)
        && since < id.birth_date()
    {
        err(idx::FLOATING_SINCE, "流入日期早于身份证号中的出生日期".into());
    }
    let building = text(idx::BUILDING, 30, &mut err);
    let door = text(idx::DOOR, 30, &mut err);
    let mut items = WorkItems::default();
    for (offset, item) in WorkItem::ALL.into_iter().enumerate() {
        match ItemEntry::parse(cell(idx::ITEMS + offset)) {
            Ok(entry) => *items.get_mut(item) = entry,
            Err(message) => err(idx::ITEMS + offset, message),
        }
    }
    let note = text(idx::NOTE, 200, &mut err);
    match (name, id_number, relation, residence, building, door) {
        (Some(name), Some(id_number), Some(relation), Some(residence), Some(building), Some(door)) if errors.is_empty() => {
            Ok(ResidentRow { name, id_number, phone, relation, residence, floating_since, building, door, items, note })
        }
        _ => Err(errors),
    }
}

fn message(e: DomainError) -> String {
    match e {
        DomainError::Invalid { message, .. } => message,
        other => other.to_string(),
    }
}

/// Dates as towns type them: 2021-03-01, 2021/3/1, 2021.3.1, 20210301,
/// 2021年3月1日, or an Excel date serial (a date cell read as its number).
pub(crate) fn parse_sheet_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.len() {
            8 => NaiveDate::parse_from_str(s, "%Y%m%d").ok(),
            1..=5 => excel_serial(s.parse().ok()?),
            _ => None,
        };
    }
    if let Some((whole, frac)) = s.split_once('.')
        && frac.bytes().all(|b| b == b'0')
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && whole.len() <= 5
    {
        return excel_serial(whole.parse().ok()?);
    }
    let unified: String = s
        .chars()
        .filter(|c| *c != '日')
        .map(|c| if matches!(c, '年' | '月' | '/' | '.') { '-' } else { c })
        .collect();
    NaiveDate::parse_from_str(&unified, "%Y-%m-%d").ok()
}

/// Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is the
/// non-existent 1900-02-29, so from 61 on the day is 1899-12-30 + serial.
/// Only serials after 1900-02-28 are accepted; no arrival is that old.
fn excel_serial(serial: u64) -> Option<NaiveDate> {
    if serial < 61 {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2021, 6, 1)
    }

    fn id() -> String {
        IdNumber::synthesize("440203", d(1985, 4, 12), 123).as_str().to_string()
    }

    fn good() -> Vec<String> {
        let mut cells = vec![String::new(); COLUMNS.len()];
        cells[0] = "1".into();
        cells[idx::NAME] = "张三丰".into();
        cells[idx::ID_NUMBER] = id();
        cells[idx::PHONE] = "13812345678".into();
        cells[idx::RELATION] = "02".into();
        cells[idx::RESIDENCE] = "户籍".into();
        cells[idx::BUILDING] = "3栋".into();
        cells[idx::DOOR] = "2单元301".into();
        cells[idx::ITEMS + 2] = "重点：电动车楼道充电".into();
        cells
    }

    fn check(cells: &[String]) -> Result<ResidentRow, Vec<CellError>> {
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        validate_row(5, &refs, today())
    }

    #[test]
    fn a_good_row_reads_with_derived_identity() {
        let row = check(&good()).unwrap();
        assert_eq!(row.name, "张三丰");
        assert_eq!(row.sex(), Sex::Male);
        assert_eq!(row.birth_date(), d(1985, 4, 12));
        assert!(row.relation.is_head());
        assert_eq!(row.items.key_items().collect::<Vec<_>>(), vec![WorkItem::FireSafety]);
        assert_eq!(row.household_key(), ("3栋".to_string(), "2单元301".to_string()));
    }

    #[test]
    fn every_problem_names_its_column() {
        let mut cells = good();
        cells[idx::NAME] = " ".into();
        let mut bad_id = id();
        let last = if bad_id.ends_with('0') { "1" } else { "0" };
        bad_id.replace_range(17.., last);
        cells[idx::ID_NUMBER] = bad_id;
        cells[idx::RELATION] = "04".into();
        cells[idx::RESIDENCE] = "流动".into();
        cells[idx::FLOATING_SINCE] = "2021-13-01".into();
        let errors = check(&cells).unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            vec![
                "第 5 行「姓名」：「姓名」不能为空",
                "第 5 行「身份证号」：身份证号码校验位错误，请核对号码",
                "第 5 行「与户主关系」：「04」不是有效的与户主关系代码（GB/T 4761），如 02 户主、10 配偶、20 子、30 女",
                "第 5 行「流入日期」：「2021-13-01」不是有效日期，请按 2021-03-01 的格式填写",
            ]
        );
    }

    #[test]
    fn floating_residents_need_an_arrival_date_and_registered_ones_none() {
        let mut cells = good();
        cells[idx::RESIDENCE] = "流动".into();
        let e = check(&cells).unwrap_err();
        assert_eq!(e[0].message, "流动人口应填写流入日期");
        cells[idx::FLOATING_SINCE] = "2020年3月1日".into();
        assert_eq!(check(&cells).unwrap().floating_since, Some(d(2020, 3, 1)));
        cells[idx::RESIDENCE] = "户籍".into();
        assert_eq!(check(&cells).unwrap_err()[0].column, "流入日期");
        cells[idx::RESIDENCE] = "流动".into();
        cells[idx::FLOATING_SINCE] = "2021-07-01".into();
        assert_eq!(check(&cells).unwrap_err()[0].message, "流入日期 2021-07-01 晚于今天");
        cells[idx::FLOATING_SINCE] = "1980-01-01".into();
        assert_eq!(check(&cells).unwrap_err()[0].message, "流入日期早于身份证号中的出生日期");
    }

    #[test]
    fn missing_id_and_short_rows() {
        let e = validate_row(9, &["", "李四"], today()).unwrap_err();
        let columns: Vec<_> = e.iter().map(|e| e.column).collect();
        assert_eq!(columns, vec!["身份证号", "与户主关系", "户籍/流动", "楼栋", "门牌号"]);
    }

    #[test]
    fn junk_cells_are_refused_before_parsing() {
        let mut cells = good();
        cells[idx::NOTE] = "x".repeat(1_000_000);
        let e = check(&cells).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].column, "备注");
    }

    #[test]
    fn bad_phone_is_reported() {
        let mut cells = good();
        cells[idx::PHONE] = "12345".into();
        assert_eq!(check(&cells).unwrap_err()[0].column, "联系电话");
    }

    #[test]
    fn sheet_dates() {
        for s in ["2021-03-01", "2021/3/1", "2021.3.1", "20210301", "2021年3月1日", "44256", "44256.0"] {
            assert_eq!(parse_sheet_date(s), Some(d(2021, 3, 1)), "{s}");
        }
        for s in ["2021-02-30", "3/1/2021", "abc", "60", "123456"] {
            assert_eq!(parse_sheet_date(s), None, "{s}");
        }
        assert_eq!(parse_sheet_date("61"), Some(d(1900, 3, 1)));
    }
}
