//! Scenario tests of the request aggregate against the official calendar.
use chrono::NaiveDate;

use super::*;
use crate::calendar::{ClockStatus, add_working_days, compute, official_calendar};
use crate::disclosure::DisclosureError;
use crate::disclosure::model::{AnswerType, Outcome};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn due(request: &Request, today: NaiveDate) -> Option<NaiveDate> {
    compute(&request.deadline(), &official_calendar(), today)
        .unwrap()
        .due
}

/// An extension approved and notified on `on`.
fn extend(on: NaiveDate, days: u32) -> Action {
    Action::Extend {
        days,
        approver: "党政办主任 李某".into(),
        reason: "需调取历年档案".into(),
        notified_on: on,
    }
}

fn correction(reply_by: NaiveDate) -> Action {
    Action::RequestCorrection {
        items: vec!["请写明所需信息的名称或文号".into(), "请提供身份证明".into()],
        reply_by,
    }
}

fn respond(outcome: Outcome) -> Action {
    Action::Respond {
        response: Response::new(outcome).with_reason("理由"),
    }
}

/// Accepted for review on the day of receipt.
fn under_review(received: NaiveDate) -> Request {
    let mut request = Request::new(received);
    request
        .apply(received, Action::AcceptForReview, &official_calendar())
        .unwrap();
    request
}

#[test]
fn received_2024_02_08_is_due_2024_03_13() {
    let request = under_review(d(2024, 2, 8));
    assert_eq!(due(&request, d(2024, 2, 8)), Some(d(2024, 3, 13)));
    let lines = compute(&request.deadline(), &official_calendar(), d(2024, 2, 8))
        .unwrap()
        .explanation
        .to_chinese_lines();
    assert_eq!(
        lines.first().unwrap(),
        "收到日期 2024年2月8日（当日不计入）"
    );
    assert_eq!(lines.last().unwrap(), "答复期限：2024年3月13日");
}

#[test]
fn correction_waits_then_restarts_from_the_day_it_arrives() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 2, 8));
    request
        .apply(d(2024, 2, 19), correction(d(2024, 3, 8)), &cal)
        .unwrap();
    assert_eq!(request.state(), RequestState::CorrectionRequested);
    // Waiting for the applicant: no due date, never overdue.
    let waiting = compute(&request.deadline(), &cal, d(2024, 12, 31)).unwrap();
    assert_eq!(waiting.status, ClockStatus::Paused);

    let arrived = d(2024, 3, 1);
    request
        .apply(arrived, Action::CorrectionReceived, &cal)
        .unwrap();
    assert_eq!(request.state(), RequestState::UnderReview);
    let expected = add_working_days(&cal, arrived, 20).unwrap();
    assert_eq!(expected, d(2024, 3, 29));
    assert_eq!(due(&request, arrived), Some(expected));
    let lines = compute(&request.deadline(), &cal, arrived)
        .unwrap()
        .explanation
        .to_chinese_lines();
    assert!(
        lines.contains(&"收到申请人补正，于 2024年3月1日 重新起算（当日不计入）".to_string()),
        "{lines:?}"
    );
}

#[test]
fn an_approved_extension_adds_20_working_days() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 2, 8));
    request
        .apply(d(2024, 3, 12), extend(d(2024, 3, 12), 20), &cal)
        .unwrap();
    assert!(request.is_extended());
    assert_eq!(request.extension(), Some((d(2024, 3, 12), 20)));
    assert_eq!(due(&request, d(2024, 3, 12)), Some(d(2024, 4, 11)));
    assert_eq!(
        due(&request, d(2024, 3, 12)),
        Some(add_working_days(&cal, d(2024, 3, 13), 20).unwrap())
    );
}

#[test]
fn consultation_time_is_excluded() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 3, 1));
    assert_eq!(due(&request, d(2024, 3, 1)), Some(d(2024, 3, 29)));
    request
        .apply(
            d(2024, 3, 5),
            Action::StartThirdPartyConsultation {
                third_party: "某商贸有限公司".into(),
            },
            &cal,
        )
        .unwrap();
    assert_eq!(request.state(), RequestState::ThirdPartyConsultation);
    assert_eq!(
        compute(&request.deadline(), &cal, d(2025, 1, 1))
            .unwrap()
            .status,
        ClockStatus::Paused
    );
    request
        .apply(
            d(2024, 3, 7),
            Action::EndThirdPartyConsultation {
                reply: ConsultationReply::Consent,
            },
            &cal,
        )
        .unwrap();
    // 3/5–3/7 are three working days not counted: 3/29 → 4/3.
    assert_eq!(due(&request, d(2024, 3, 7)), Some(d(2024, 4, 3)));

    // A co-agency consultation and a fee wait are excluded the same way.
    let mut other = under_review(d(2024, 3, 1));
    other
        .apply(
            d(2024, 3, 5),
            Action::StartCoAgencyConsultation {
                agency: "区自然资源局".into(),
            },
            &cal,
        )
        .unwrap();
    other
        .apply(
            d(2024, 3, 7),
            Action::EndCoAgencyConsultation {
                reply: ConsultationReply::Consent,
            },
            &cal,
        )
        .unwrap();
    assert_eq!(due(&other, d(2024, 3, 7)), Some(d(2024, 4, 3)));
    let mut fee = under_review(d(2024, 3, 1));
    fee.apply(
        d(2024, 3, 5),
        Action::IssueFeeNotice { amount_fen: 30_000 },
        &cal,
    )
    .unwrap();
    fee.apply(d(2024, 3, 7), Action::FeePaid, &cal).unwrap();
    assert_eq!(due(&fee, d(2024, 3, 7)), Some(d(2024, 4, 3)));
}

#[test]
fn correction_is_once_only_and_within_7_working_days() {
    let cal = official_calendar();
    // 2024-02-08 + 7 WD: 2/9, (2/10–17 春节), 2/18 调休, 2/19–2/23 → 2/23.
    let mut late = under_review(d(2024, 2, 8));
    assert_eq!(
        late.apply(d(2024, 2, 26), correction(d(2024, 3, 11)), &cal)
            .unwrap_err(),
        DisclosureError::CorrectionTooLate {
            deadline: d(2024, 2, 23)
        }
    );
    assert!(
        late.apply(d(2024, 2, 23), correction(d(2024, 3, 11)), &cal)
            .is_ok()
    );

    let mut twice = Request::new(d(2024, 3, 1));
    twice
        .apply(d(2024, 3, 1), correction(d(2024, 3, 15)), &cal)
        .unwrap();
    twice
        .apply(d(2024, 3, 4), Action::CorrectionReceived, &cal)
        .unwrap();
    let err = twice
        .apply(d(2024, 3, 5), correction(d(2024, 3, 20)), &cal)
        .unwrap_err();
    assert_eq!(
        err,
        DisclosureError::CorrectionAlreadyRequested { on: d(2024, 3, 1) }
    );
    assert!(err.to_string().contains("一次性告知"), "{err}");
}

#[test]
fn correction_notice_needs_items_and_a_later_period() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 3, 1));
    let empty = Action::RequestCorrection {
        items: vec![],
        reply_by: d(2024, 3, 15),
    };
    assert_eq!(
        request.apply(d(2024, 3, 4), empty, &cal).unwrap_err(),
        DisclosureError::missing("items", "补正事项")
    );
    let err = request
        .apply(d(2024, 3, 4), correction(d(2024, 3, 4)), &cal)
        .unwrap_err();
    assert_eq!(err.field(), Some("reply_by"));
}

#[test]
fn abandonment_only_after_the_period_the_notice_gave() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 3, 1));
    request
        .apply(d(2024, 3, 4), correction(d(2024, 3, 18)), &cal)
        .unwrap();
    assert_eq!(
        request
            .apply(d(2024, 3, 18), Action::MarkAbandoned, &cal)
            .unwrap_err(),
        DisclosureError::CorrectionPeriodRunning {
            until: d(2024, 3, 18)
        }
    );
    assert_eq!(
        request
            .apply(d(2024, 3, 19), Action::MarkAbandoned, &cal)
            .unwrap(),
        RequestState::Abandoned
    );
    assert_eq!(request.outcome(), Some(Outcome::OtherCorrectionOverdue));
    assert_eq!(request.closed_on(), Some(d(2024, 3, 19)));
    let status = compute(&request.deadline(), &cal, d(2024, 6, 1))
        .unwrap()
        .status;
    assert_eq!(
        status,
        ClockStatus::Completed {
            on: d(2024, 3, 19),
            on_time: true
        }
    );
    assert_eq!(
        request
            .apply(d(2024, 3, 20), Action::Archive, &cal)
            .unwrap(),
        RequestState::Archived
    );
}

#[test]
fn extension_rules() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 2, 8));
    let err = request
        .apply(d(2024, 3, 1), extend(d(2024, 3, 1), 21), &cal)
        .unwrap_err();
    assert_eq!(err.field(), Some("days"));
    assert!(err.to_string().contains("20 个工作日"), "{err}");
    let no_approver = Action::Extend {
        days: 10,
        approver: " ".into(),
        reason: "理由".into(),
        notified_on: d(2024, 3, 1),
    };
    assert_eq!(
        request
            .apply(d(2024, 3, 1), no_approver, &cal)
            .unwrap_err()
            .field(),
        Some("approver")
    );
    let notified_before = Action::Extend {
        days: 10,
        approver: "李某".into(),
        reason: "理由".into(),
        notified_on: d(2024, 2, 29),
    };
    assert_eq!(
        request
            .apply(d(2024, 3, 1), notified_before, &cal)
            .unwrap_err()
            .field(),
        Some("notified_on")
    );
    // After the due date (3/13) it is too late.
    assert_eq!(
        request
            .apply(d(2024, 3, 14), extend(d(2024, 3, 14), 20), &cal)
            .unwrap_err(),
        DisclosureError::ExtensionAfterDue {
            due: d(2024, 3, 13)
        }
    );
    request
        .apply(d(2024, 3, 13), extend(d(2024, 3, 13), 5), &cal)
        .unwrap();
    assert_eq!(
        request
            .apply(d(2024, 3, 14), extend(d(2024, 3, 14), 5), &cal)
            .unwrap_err(),
        DisclosureError::ExtensionAlreadyGranted { on: d(2024, 3, 13) }
    );
}

#[test]
fn silence_is_recorded_only_after_15_working_days() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 3, 1));
    request
        .apply(
            d(2024, 3, 5),
            Action::StartCoAgencyConsultation {
                agency: "区民政局".into(),
            },
            &cal,
        )
        .unwrap();
    let silent = || Action::EndCoAgencyConsultation {
        reply: ConsultationReply::NoReply,
    };
    // 3/5 + 15 WD = 3/26.
    assert_eq!(
        request.apply(d(2024, 3, 26), silent(), &cal).unwrap_err(),
        DisclosureError::ConsultationPeriodRunning {
            until: d(2024, 3, 26)
        }
    );
    request.apply(d(2024, 3, 27), silent(), &cal).unwrap();
    let consultation = request.consultation_deadline().unwrap();
    assert_eq!(consultation.stopped_on, Some(d(2024, 3, 27)));
    // An actual reply may come any day.
    let mut replied = under_review(d(2024, 3, 1));
    replied
        .apply(
            d(2024, 3, 5),
            Action::StartThirdPartyConsultation {
                third_party: "王某".into(),
            },
            &cal,
        )
        .unwrap();
    replied
        .apply(
            d(2024, 3, 6),
            Action::EndThirdPartyConsultation {
                reply: ConsultationReply::Objection { reasonable: false },
            },
            &cal,
        )
        .unwrap();
}

#[test]
fn fee_not_paid_only_after_the_window_and_only_one_notice() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 3, 1));
    request
        .apply(
            d(2024, 3, 5),
            Action::IssueFeeNotice { amount_fen: 10_000 },
            &cal,
        )
        .unwrap();
    // 3/5 + 20 WD = 4/2.
    assert_eq!(
        request
            .apply(d(2024, 4, 2), Action::FeeNotPaid, &cal)
            .unwrap_err(),
        DisclosureError::FeeWindowRunning {
            until: d(2024, 4, 2)
        }
    );
    assert_eq!(
        request
            .apply(d(2024, 4, 3), Action::FeeNotPaid, &cal)
            .unwrap(),
        RequestState::Abandoned
    );
    assert_eq!(request.outcome(), Some(Outcome::OtherFeeUnpaid));

    let mut paid = under_review(d(2024, 3, 1));
    paid.apply(
        d(2024, 3, 5),
        Action::IssueFeeNotice { amount_fen: 10_000 },
        &cal,
    )
    .unwrap();
    paid.apply(d(2024, 3, 6), Action::FeePaid, &cal).unwrap();
    assert_eq!(
        paid.apply(
            d(2024, 3, 7),
            Action::IssueFeeNotice { amount_fen: 10_000 },
            &cal
        )
        .unwrap_err(),
        DisclosureError::FeeNoticeAlreadyIssued { on: d(2024, 3, 5) }
    );
    assert_eq!(
        under_review(d(2024, 3, 1))
            .apply(
                d(2024, 3, 5),
                Action::IssueFeeNotice { amount_fen: 0 },
                &cal
            )
            .unwrap_err()
            .field(),
        Some("amount_fen")
    );
}

#[test]
fn response_rules_that_need_history() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 3, 1));
    assert_eq!(
        request
            .apply(
                d(2024, 3, 4),
                respond(Outcome::OtherCorrectionOverdue),
                &cal
            )
            .unwrap_err(),
        DisclosureError::OutcomeNeedsStep {
            outcome: Outcome::OtherCorrectionOverdue,
            via: ActionKind::MarkAbandoned
        }
    );
    assert!(matches!(
        request.apply(d(2024, 3, 4), respond(Outcome::OtherFeeUnpaid), &cal),
        Err(DisclosureError::OutcomeNeedsStep {
            via: ActionKind::FeeNotPaid,
            ..
        })
    ));
    assert_eq!(
        request
            .apply(
                d(2024, 3, 4),
                respond(Outcome::UnavailableStillUnclear),
                &cal
            )
            .unwrap_err(),
        DisclosureError::NoCorrectionReceived
    );
    // Non-本机关 must name the responsible agency.
    let elsewhere = Response::new(Outcome::UnavailableNotHeld)
        .with_answer(AnswerType::NotThisAgency)
        .with_reason("该信息由区自然资源局制作并保存");
    assert_eq!(
        request
            .apply(
                d(2024, 3, 4),
                Action::Respond {
                    response: elsewhere.clone()
                },
                &cal
            )
            .unwrap_err()
            .field(),
        Some("responsible_agency")
    );
    let named = elsewhere.with_responsible_agency("区自然资源局，0751-8888888");
    assert_eq!(
        request
            .apply(d(2024, 3, 4), Action::Respond { response: named }, &cal)
            .unwrap(),
        RequestState::Responded
    );
    assert_eq!(request.outcome(), Some(Outcome::UnavailableNotHeld));
    let status = compute(&request.deadline(), &cal, d(2024, 6, 1))
        .unwrap()
        .status;
    assert_eq!(
        status,
        ClockStatus::Completed {
            on: d(2024, 3, 4),
            on_time: true
        }
    );
}

#[test]
fn full_disclosure_over_a_reasoned_objection_needs_the_public_interest() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 3, 1));
    request
        .apply(
            d(2024, 3, 4),
            Action::StartThirdPartyConsultation {
                third_party: "某公司".into(),
            },
            &cal,
        )
        .unwrap();
    request
        .apply(
            d(2024, 3, 8),
            Action::EndThirdPartyConsultation {
                reply: ConsultationReply::Objection { reasonable: true },
            },
            &cal,
        )
        .unwrap();
    let err = request
        .apply(
            d(2024, 3, 11),
            Action::Respond {
                response: Response::new(Outcome::Disclosed),
            },
            &cal,
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("public_interest"));
    assert!(err.to_string().contains("第三十二条"), "{err}");
    // Partial disclosure or withholding needs no such statement.
    assert!(
        request
            .check(d(2024, 3, 11), &respond(Outcome::PartlyDisclosed), &cal)
            .is_ok()
    );
    assert!(
        request
            .check(
                d(2024, 3, 11),
                &respond(Outcome::WithheldThirdPartyRights),
                &cal
            )
            .is_ok()
    );
    let response = Response::new(Outcome::Disclosed)
        .with_public_interest("涉及公共安全，不公开将对公共利益造成重大影响");
    request
        .apply(d(2024, 3, 11), Action::Respond { response }, &cal)
        .unwrap();
}

#[test]
fn on_spot_answers_are_same_day_and_after_correction_still_unclear_is_allowed() {
    let cal = official_calendar();
    let answer = || Action::AnswerOnSpot {
        response: Response::new(Outcome::Disclosed).with_answer(AnswerType::AlreadyPublic),
    };
    let mut late = Request::new(d(2024, 3, 1));
    assert_eq!(
        late.apply(d(2024, 3, 4), answer(), &cal).unwrap_err(),
        DisclosureError::OnSpotNotSameDay {
            received_on: d(2024, 3, 1)
        }
    );
    let mut on_spot = Request::new(d(2024, 3, 1));
    assert_eq!(
        on_spot.apply(d(2024, 3, 1), answer(), &cal).unwrap(),
        RequestState::OnSpotAnswered
    );
    assert_eq!(on_spot.outcome(), Some(Outcome::Disclosed));
    assert_eq!(
        on_spot.response().unwrap().answer,
        AnswerType::AlreadyPublic
    );

    let mut unclear = Request::new(d(2024, 3, 1));
    unclear
        .apply(d(2024, 3, 1), correction(d(2024, 3, 15)), &cal)
        .unwrap();
    unclear
        .apply(d(2024, 3, 8), Action::CorrectionReceived, &cal)
        .unwrap();
    unclear
        .apply(
            d(2024, 3, 11),
            respond(Outcome::UnavailableStillUnclear),
            &cal,
        )
        .unwrap();
    assert_eq!(unclear.outcome(), Some(Outcome::UnavailableStillUnclear));
}

#[test]
fn steps_are_dated_in_order_and_the_table_refuses_with_a_hint() {
    let cal = official_calendar();
    let mut request = Request::new(d(2024, 3, 5));
    assert_eq!(
        request
            .apply(d(2024, 3, 4), Action::AcceptForReview, &cal)
            .unwrap_err(),
        DisclosureError::OutOfOrder {
            on: d(2024, 3, 4),
            previous: d(2024, 3, 5)
        }
    );
    let err = request
        .apply(d(2024, 3, 6), respond(Outcome::Disclosed), &cal)
        .unwrap_err();
    assert!(matches!(err, DisclosureError::NotAllowed { .. }));
    assert!(err.to_string().contains("请先受理审查"), "{err}");
    // A refused step changes nothing.
    assert_eq!(request.state(), RequestState::Received);
    assert!(request.events().is_empty());
}

#[test]
fn late_answer_is_completed_but_not_on_time() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 2, 8));
    request
        .apply(d(2024, 3, 14), respond(Outcome::Disclosed), &cal)
        .unwrap();
    let status = compute(&request.deadline(), &cal, d(2024, 3, 20))
        .unwrap()
        .status;
    assert_eq!(
        status,
        ClockStatus::Completed {
            on: d(2024, 3, 14),
            on_time: false
        }
    );
}

#[test]
fn restore_replays_stored_events_and_refuses_broken_histories() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 3, 1));
    request
        .apply(d(2024, 3, 4), correction(d(2024, 3, 15)), &cal)
        .unwrap();
    request
        .apply(d(2024, 3, 8), Action::CorrectionReceived, &cal)
        .unwrap();
    request
        .apply(d(2024, 3, 11), extend(d(2024, 3, 11), 10), &cal)
        .unwrap();
    request
        .apply(
            d(2024, 3, 12),
            respond(Outcome::WithheldInternalAffairs),
            &cal,
        )
        .unwrap();
    let json = serde_json::to_string(request.events()).unwrap();
    let events: Vec<Event> = serde_json::from_str(&json).unwrap();
    let restored = Request::restore(d(2024, 3, 1), events.clone()).unwrap();
    assert_eq!(restored, request);
    assert_eq!(restored.deadline(), request.deadline());

    let mut broken = events;
    broken.swap(0, 1);
    assert!(Request::restore(d(2024, 3, 1), broken).is_err());
}

#[test]
fn correction_deadline_stops_when_the_notice_is_sent() {
    let cal = official_calendar();
    let mut request = Request::new(d(2024, 2, 8));
    let clock = compute(&request.correction_deadline(), &cal, d(2024, 2, 8)).unwrap();
    assert_eq!(clock.due, Some(d(2024, 2, 23)));
    request
        .apply(d(2024, 2, 19), correction(d(2024, 3, 1)), &cal)
        .unwrap();
    assert_eq!(
        request.correction_deadline().stopped_on,
        Some(d(2024, 2, 19))
    );
    assert_eq!(
        request.correction_request(),
        Some((d(2024, 2, 19), d(2024, 3, 1)))
    );
}

#[test]
fn a_consultation_opened_after_the_due_date_does_not_hide_the_delay() {
    let cal = official_calendar();
    let mut request = under_review(d(2024, 2, 8));
    request
        .apply(
            d(2024, 3, 20),
            Action::StartThirdPartyConsultation {
                third_party: "某公司".into(),
            },
            &cal,
        )
        .unwrap();
    let status = compute(&request.deadline(), &cal, d(2024, 3, 25))
        .unwrap()
        .status;
    assert!(matches!(status, ClockStatus::Overdue { .. }), "{status:?}");
}
