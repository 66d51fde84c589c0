//! Table 三 for a small set of requests, counted by hand.
use chrono::NaiveDate;

use super::*;
use crate::calendar::official_calendar;
use crate::disclosure::model::{ApplicantType as A, Outcome};
use crate::disclosure::request::{Action, Request, Response};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn closed(applicant: A, received: NaiveDate, outcome: Outcome, on: NaiveDate) -> RequestSummary {
    RequestSummary {
        applicant,
        received_on: received,
        closed: Some(Closure { outcome, on }),
    }
}

fn open(applicant: A, received: NaiveDate) -> RequestSummary {
    RequestSummary {
        applicant,
        received_on: received,
        closed: None,
    }
}

fn requests() -> Vec<RequestSummary> {
    vec![
        closed(
            A::NaturalPerson,
            d(2024, 1, 10),
            Outcome::Disclosed,
            d(2024, 2, 1),
        ),
        closed(
            A::NaturalPerson,
            d(2024, 3, 1),
            Outcome::WithheldThirdPartyRights,
            d(2024, 3, 20),
        ),
        // Received last year, answered this year: 上年结转 + a result.
        closed(
            A::NaturalPerson,
            d(2023, 12, 20),
            Outcome::Disclosed,
            d(2024, 1, 15),
        ),
        // Received this year, still open: 新收 + 结转下年度.
        open(A::NaturalPerson, d(2024, 12, 20)),
        closed(
            A::CommercialEnterprise,
            d(2024, 5, 6),
            Outcome::UnavailableNotHeld,
            d(2024, 5, 20),
        ),
        // Answered only next year: still 结转下年度 this year.
        closed(
            A::CommercialEnterprise,
            d(2024, 12, 25),
            Outcome::Disclosed,
            d(2025, 1, 10),
        ),
        // Open since the year before: 上年结转 and 结转下年度.
        open(A::LegalServiceInstitution, d(2023, 11, 1)),
        closed(
            A::OtherOrganization,
            d(2024, 6, 3),
            Outcome::OtherCorrectionOverdue,
            d(2024, 7, 1),
        ),
        // Not in 2024 at all.
        closed(
            A::NaturalPerson,
            d(2023, 5, 4),
            Outcome::Disclosed,
            d(2023, 6, 1),
        ),
        open(A::ResearchInstitution, d(2025, 1, 6)),
    ]
}

fn col(applicant: A) -> Column {
    Column::Applicant(applicant)
}

#[test]
fn hand_counted_table_3() {
    let table = Table3::compute(2024, &requests());
    //          自然人 商业 科研 公益 法律 其他 总计
    let expected: [(Table3Row, [u32; 7]); 8] = [
        (Table3Row::NewlyReceived, [3, 2, 0, 0, 0, 1, 6]),
        (Table3Row::CarriedOver, [1, 0, 0, 0, 1, 0, 2]),
        (Table3Row::Result(Outcome::Disclosed), [2, 0, 0, 0, 0, 0, 2]),
        (
            Table3Row::Result(Outcome::WithheldThirdPartyRights),
            [1, 0, 0, 0, 0, 0, 1],
        ),
        (
            Table3Row::Result(Outcome::UnavailableNotHeld),
            [0, 1, 0, 0, 0, 0, 1],
        ),
        (
            Table3Row::Result(Outcome::OtherCorrectionOverdue),
            [0, 0, 0, 0, 0, 1, 1],
        ),
        (Table3Row::ResultTotal, [3, 1, 0, 0, 0, 1, 5]),
        (Table3Row::CarriedForward, [1, 1, 0, 0, 1, 0, 3]),
    ];
    for (row, cells) in expected {
        assert_eq!(table.row(row), cells, "{}", row.label());
    }
    // Every other row is zero.
    let listed: Vec<_> = expected.iter().map(|(row, _)| *row).collect();
    for (row, cells) in table.rows() {
        if !listed.contains(&row) {
            assert_eq!(cells, [0; 7], "{}", row.label());
        }
    }
    assert_eq!(check(&table), vec![]);
    // Next year carries over exactly what this year carried forward.
    let next = Table3::compute(2025, &requests());
    assert_eq!(
        next.row(Table3Row::CarriedOver),
        table.row(Table3Row::CarriedForward)
    );
}

#[test]
fn check_names_the_failing_cells() {
    let mut table = Table3::compute(2024, &requests());
    table.set(Table3Row::NewlyReceived, col(A::NaturalPerson), 4);
    let breaks = check(&table);
    assert_eq!(breaks.len(), 2, "{breaks:?}");
    assert_eq!(
        breaks[0].to_string(),
        "表三「自然人」列：一、本年新收（4）与二、上年结转（1）之和为 5，不等于三、本年度办理结果（七）总计（3）与四、结转下年度继续办理（1）之和 4"
    );
    assert_eq!(
        breaks[1].to_string(),
        "表三「一、本年新收政府信息公开申请数量」行「总计」为 6，但自然人与法人或其他组织各列之和为 7"
    );

    let mut table = Table3::compute(2024, &requests());
    let row = Table3Row::Result(Outcome::WithheldStateSecret);
    table.set(row, col(A::OtherOrganization), 1);
    table.set(row, Column::Total, 1);
    let breaks = check(&table);
    assert_eq!(breaks.len(), 2, "{breaks:?}");
    assert_eq!(
        breaks[0].to_string(),
        "表三「法人或其他组织（其他）」列「（七）总计」为 1，但各项办理结果之和为 2"
    );
    assert!(matches!(
        breaks[1],
        InvariantBreak::ResultTotal {
            column: Column::Total,
            total: 5,
            sum: 6
        }
    ));

    let mut table = Table3::compute(2024, &requests());
    table.set(row, col(A::ResearchInstitution), 1);
    assert_eq!(
        check(&table).last().unwrap().to_string(),
        "表三「（三）不予公开 1.属于国家秘密」行「总计」为 0，但自然人与法人或其他组织各列之和为 1"
    );
}

#[test]
fn a_record_closed_before_it_was_received_shows_as_an_imbalance() {
    let bad = closed(
        A::NaturalPerson,
        d(2024, 3, 1),
        Outcome::Disclosed,
        d(2023, 12, 1),
    );
    let breaks = check(&Table3::compute(2024, &[bad]));
    assert!(matches!(
        breaks[0],
        InvariantBreak::Balance {
            received: 1,
            results: 0,
            ..
        }
    ));
}

#[test]
fn summaries_come_from_request_aggregates() {
    let cal = official_calendar();
    let mut request = Request::new(d(2024, 3, 1));
    request
        .apply(d(2024, 3, 1), Action::AcceptForReview, &cal)
        .unwrap();
    let summary = RequestSummary::of(A::NaturalPerson, &request);
    assert_eq!(summary.closed, None);
    request
        .apply(
            d(2024, 3, 5),
            Action::Respond {
                response: Response::new(Outcome::NotProcessedRepeated).with_reason("已于2月答复"),
            },
            &cal,
        )
        .unwrap();
    let summary = RequestSummary::of(A::NaturalPerson, &request);
    assert_eq!(
        summary.closed,
        Some(Closure {
            outcome: Outcome::NotProcessedRepeated,
            on: d(2024, 3, 5)
        })
    );
}
