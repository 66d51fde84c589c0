//! Table 三: 收到和处理政府信息公开申请情况.
use chrono::Datelike;

use super::RequestSummary;
use crate::disclosure::model::{ApplicantType, Outcome};

/// The caption printed under the table's title.
pub const TABLE3_CAPTION: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// The heading over the result rows (it carries no numbers itself).
pub const RESULTS_HEADING: &str = "三、本年度办理结果";

/// A column: one applicant type, or 总计.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Applicant(ApplicantType),
    Total,
}

impl Column {
    /// In print order: 自然人, the 5 法人或其他组织 columns, 总计.
    pub const ALL: [Column; 7] = [
        Column::Applicant(ApplicantType::NaturalPerson),
        Column::Applicant(ApplicantType::CommercialEnterprise),
        Column::Applicant(ApplicantType::ResearchInstitution),
        Column::Applicant(ApplicantType::PublicWelfareOrganization),
        Column::Applicant(ApplicantType::LegalServiceInstitution),
        Column::Applicant(ApplicantType::OtherOrganization),
        Column::Total,
    ];

    pub fn index(self) -> usize {
        match self {
            Column::Applicant(applicant) => applicant.column(),
            Column::Total => 6,
        }
    }

    /// The heading; organisation columns are named with their group so a
    /// message about "其他" is unambiguous.
    pub fn label(self) -> String {
        match self {
            Column::Applicant(applicant) => applicant.form_label(),
            Column::Total => "总计".to_string(),
        }
    }
}

/// A row that carries numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table3Row {
    /// 一、本年新收政府信息公开申请数量
    NewlyReceived,
    /// 二、上年结转政府信息公开申请数量
    CarriedOver,
    /// A leaf row of 三、本年度办理结果
    Result(Outcome),
    /// 三（七）总计
    ResultTotal,
    /// 四、结转下年度继续办理
    CarriedForward,
}

impl Table3Row {
    /// All 25 numbered rows in print order.
    pub fn all() -> impl Iterator<Item = Table3Row> {
        [Table3Row::NewlyReceived, Table3Row::CarriedOver]
            .into_iter()
            .chain(Outcome::ALL.into_iter().map(Table3Row::Result))
            .chain([Table3Row::ResultTotal, Table3Row::CarriedForward])
    }

    pub fn index(self) -> usize {
        match self {
            Table3Row::NewlyReceived => 0,
            Table3Row::CarriedOver => 1,
            Table3Row::Result(outcome) => 2 + outcome as usize,
            Table3Row::ResultTotal => 2 + Outcome::ALL.len(),
            Table3Row::CarriedForward => 3 + Outcome::ALL.len(),
        }
    }

    /// The row label exactly as printed.
    pub fn label(self) -> String {
        match self {
            Table3Row::NewlyReceived => "一、本年新收政府信息公开申请数量".to_string(),
            Table3Row::CarriedOver => "二、上年结转政府信息公开申请数量".to_string(),
            Table3Row::Result(outcome) => outcome.row_label(),
            Table3Row::ResultTotal => "（七）总计".to_string(),
            Table3Row::CarriedForward => "四、结转下年度继续办理".to_string(),
        }
    }

    /// The label with its group, for messages: "（三）不予公开 1.属于国家秘密".
    pub fn full_label(self) -> String {
        match self {
            Table3Row::Result(outcome) if outcome.code().contains('.') => {
                format!("{} {}", outcome.group().label(), self.label())
            }
            Table3Row::Result(_) | Table3Row::ResultTotal => {
                format!("{RESULTS_HEADING}{}", self.label())
            }
            _ => self.label(),
        }
    }
}

const ROWS: usize = 4 + Outcome::ALL.len();

/// The counts of Table 三 for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table3 {
    pub year: i32,
    cells: [[u32; 7]; ROWS],
}

impl Table3 {
    /// All zeros.
    pub fn empty(year: i32) -> Table3 {
        Table3 {
            year,
            cells: [[0; 7]; ROWS],
        }
    }

    /// Counts the requests of `year` (1/1–12/31). Each row is decided from the
    /// dates alone (see [`RequestSummary`]); totals are sums, so the table
    /// balances whenever no request closes before it was received — and if
    /// one does, [`check`](super::check) shows the imbalance rather than this
    /// function hiding the record.
    pub fn compute(year: i32, requests: &[RequestSummary]) -> Table3 {
        let mut table = Table3::empty(year);
        for request in requests {
            let received = request.received_on.year();
            let closed = request.closed.map(|c| (c.outcome, c.on.year()));
            let open_after = |y: i32| closed.is_none_or(|(_, c)| c > y);
            let mut rows = Vec::new();
            if received == year {
                rows.push(Table3Row::NewlyReceived);
            }
            if received < year && open_after(year - 1) {
                rows.push(Table3Row::CarriedOver);
            }
            if let Some((outcome, closed_year)) = closed
                && closed_year == year
                && received <= year
            {
                rows.push(Table3Row::Result(outcome));
                rows.push(Table3Row::ResultTotal);
            }
            if received <= year && open_after(year) {
                rows.push(Table3Row::CarriedForward);
            }
            for row in rows {
                table.add(row, request.applicant);
            }
        }
        table
    }

    fn add(&mut self, row: Table3Row, applicant: ApplicantType) {
        let cells = &mut self.cells[row.index()];
        cells[applicant.column()] += 1;
        cells[Column::Total.index()] += 1;
    }

    pub fn get(&self, row: Table3Row, column: Column) -> u32 {
        self.cells[row.index()][column.index()]
    }

    /// Overwrites one cell (hand correction, or loading a stored table).
    pub fn set(&mut self, row: Table3Row, column: Column, value: u32) {
        self.cells[row.index()][column.index()] = value;
    }

    /// The 7 cells of a row in column order.
    pub fn row(&self, row: Table3Row) -> [u32; 7] {
        self.cells[row.index()]
    }

    /// Every numbered row with its cells, in print order.
    pub fn rows(&self) -> impl Iterator<Item = (Table3Row, [u32; 7])> + '_ {
        Table3Row::all().map(|row| (row, self.row(row)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_columns_are_indexed_in_print_order() {
        let rows: Vec<_> = Table3Row::all().collect();
        assert_eq!(rows.len(), 25);
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row.index(), i);
        }
        for (i, column) in Column::ALL.iter().enumerate() {
            assert_eq!(column.index(), i);
        }
        let labels: Vec<_> = rows.iter().map(|r| r.label()).collect();
        assert_eq!(labels[0], "一、本年新收政府信息公开申请数量");
        assert_eq!(labels[1], "二、上年结转政府信息公开申请数量");
        assert_eq!(labels[2], "（一）予以公开");
        assert_eq!(labels[4], "1.属于国家秘密");
        assert_eq!(labels[23], "（七）总计");
        assert_eq!(labels[24], "四、结转下年度继续办理");
        assert_eq!(
            Table3Row::Result(Outcome::WithheldStateSecret).full_label(),
            "（三）不予公开 1.属于国家秘密"
        );
        assert_eq!(
            Table3Row::ResultTotal.full_label(),
            "三、本年度办理结果（七）总计"
        );
        assert_eq!(
            Column::Applicant(ApplicantType::OtherOrganization).label(),
            "法人或其他组织（其他）"
        );
    }
}
