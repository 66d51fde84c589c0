//! What people read about a request: the public wording of each step, the
//! choices of the forms, the state names in SQL for the list. The words of the
//! 条例 come from `fazhi_core::disclosure` (labels, notice texts); this file only
//! arranges them.
use fazhi_core::disclosure::fees::format_yuan;
use fazhi_core::disclosure::{Action, ConsultationReply, Outcome, OutcomeGroup, RequestState};

/// The step as the applicant reads it on the tracking page (no internal
/// names: the third party and the consulted agency are not named).
pub fn public_text(action: &Action) -> String {
    match action {
        Action::AcceptForReview => "受理，进入审查办理".into(),
        Action::AnswerOnSpot { response } => format!("当场答复：{}", response.outcome.full_label()),
        Action::RequestCorrection { items, reply_by } => {
            format!("发出补正通知，请于 {reply_by} 前补正：{}。答复期限自收到补正之日起重新计算", items.join("；"))
        }
        Action::CorrectionReceived => "收到补正后的申请，答复期限自当日起重新计算".into(),
        Action::MarkAbandoned => "申请人逾期未补正，视为放弃申请".into(),
        Action::Extend { days, notified_on, .. } => {
            format!("经政府信息公开工作机构负责人同意，答复期限延长 {days} 个工作日（已于 {notified_on} 告知申请人）")
        }
        Action::StartThirdPartyConsultation { .. } => "书面征求第三方意见，征求意见期间不计入答复期限".into(),
        Action::EndThirdPartyConsultation { .. } => "征求第三方意见结束，恢复计算答复期限".into(),
        Action::StartCoAgencyConsultation { .. } => "征求其他机关意见，征求意见期间不计入答复期限".into(),
        Action::EndCoAgencyConsultation { .. } => "征求其他机关意见结束，恢复计算答复期限".into(),
        Action::IssueFeeNotice { amount_fen } => {
            format!("发出收费通知：应缴纳信息处理费 {}，缴费期间不计入答复期限", format_yuan(*amount_fen))
        }
        Action::FeePaid => "已缴纳信息处理费，恢复计算答复期限".into(),
        Action::FeeNotPaid => "申请人逾期未缴纳信息处理费，视为放弃申请".into(),
        Action::Respond { response } => format!("作出书面答复：{}", response.outcome.full_label()),
        Action::Archive => "办结归档".into(),
    }
}

/// The step as staff read it in the history (names included).
pub fn staff_text(action: &Action) -> String {
    match action {
        Action::Extend { days, approver, reason, notified_on } => {
            format!("延长答复期限 {days} 个工作日（批准人：{approver}；理由：{reason}；{notified_on} 告知申请人）")
        }
        Action::StartThirdPartyConsultation { third_party } => format!("书面征求第三方意见：{third_party}"),
        Action::EndThirdPartyConsultation { reply } => format!("登记第三方意见：{}", reply.label()),
        Action::StartCoAgencyConsultation { agency } => format!("征求其他机关意见：{agency}"),
        Action::EndCoAgencyConsultation { reply } => format!("登记其他机关意见：{}", reply.label()),
        Action::AnswerOnSpot { response } | Action::Respond { response } => {
            let mut s = format!("{}：{}", action.kind().label(), response.outcome.full_label());
            if response.answer != response.outcome.default_answer() {
                s.push_str(&format!("（{}）", response.answer.label()));
            }
            if let Some(r) = response.reason.as_deref().filter(|r| !r.trim().is_empty()) {
                s.push_str(&format!("。理由：{r}"));
            }
            s
        }
        other => public_text(other),
    }
}

/// "计时暂停（征求第三方意见中）" for a waiting state.
pub fn paused_text(state: RequestState) -> String {
    format!("计时暂停（{}）", state.label())
}

/// The results staff may choose when answering, grouped as in Table 三 (6.1 and
/// 6.2 are left out: they come from the abandonment steps).
pub fn outcome_choices() -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    OutcomeGroup::ALL
        .into_iter()
        .map(|g| {
            let rows = g
                .outcomes()
                .filter(|o| !matches!(o, Outcome::OtherCorrectionOverdue | Outcome::OtherFeeUnpaid))
                .map(|o| (o.code(), if o.code().contains('.') { format!("{} {}", o.code(), o.label()) } else { o.full_label() }))
                .collect();
            (g.label(), rows)
        })
        .collect()
}

/// The replies a third party or another agency may give (form codes).
pub fn reply_choices() -> [(&'static str, &'static str); 4] {
    [
        ("consent", ConsultationReply::Consent.label()),
        ("objection_reasonable", ConsultationReply::Objection { reasonable: true }.label()),
        ("objection", ConsultationReply::Objection { reasonable: false }.label()),
        ("no_reply", ConsultationReply::NoReply.label()),
    ]
}

pub fn parse_reply(code: &str) -> Option<ConsultationReply> {
    Some(match code {
        "consent" => ConsultationReply::Consent,
        "objection_reasonable" => ConsultationReply::Objection { reasonable: true },
        "objection" => ConsultationReply::Objection { reasonable: false },
        "no_reply" => ConsultationReply::NoReply,
        _ => return None,
    })
}

/// The state's Chinese name as a SQL expression over `r.state`, for lists.
pub fn state_sql() -> String {
    let mut s = String::from("CASE r.state");
    for st in RequestState::ALL {
        s.push_str(&format!(" WHEN '{}' THEN '{}'", st.code(), st.label()));
    }
    s.push_str(" ELSE r.state END");
    s
}

pub use fazhi_core::tracking::{format_secret, normalize_code, normalize_secret};

/// A date as written in a letter: 2024年2月8日.
pub fn chinese_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_sql_names_every_state() {
        let sql = state_sql();
        for st in RequestState::ALL {
            assert!(sql.contains(st.label()) && sql.contains(st.code()), "{st:?}");
        }
        assert_eq!(state_sql(), crate::platform::lists::DISCLOSURE_REQUEST_STATE, "the list's state column must follow the core labels");
    }

    #[test]
    fn secrets_are_grouped_and_read_back() {
        assert_eq!(format_secret("abcdefghijklmnop"), "abcd-efgh-ijkl-mnop");
        assert_eq!(normalize_secret(" ABCD-efgh ijkl-mnop "), "abcdefghijklmnop");
        assert_eq!(normalize_code(" xl2026-000123 "), "XL2026-000123");
    }

    #[test]
    fn outcome_choices_leave_out_the_abandonment_rows() {
        let all: Vec<_> = outcome_choices().into_iter().flat_map(|(_, rows)| rows).map(|(c, _)| c).collect();
        assert_eq!(all.len(), Outcome::ALL.len() - 2);
        assert!(!all.contains(&"6.1") && !all.contains(&"6.2") && all.contains(&"6.3"));
    }

    #[test]
    fn the_ledger_list_uses_the_core_codes_and_names() {
        use fazhi_core::disclosure::ApplicantType;
        let spec = crate::platform::lists::spec("disclosure_requests").expect("registered");
        let column = |key: &str| spec.columns.iter().find(|c| c.key == key).expect(key).sql;
        for t in ApplicantType::ALL {
            assert!(column("applicant_type").contains(&format!("'{}'", t.code())) || t == ApplicantType::OtherOrganization, "{t:?}");
        }
        for g in OutcomeGroup::ALL {
            assert!(column("outcome").contains(g.name()), "{g:?}");
        }
        let states = spec.filters.iter().find(|f| f.key == "state").expect("state filter").options;
        assert_eq!(states.len(), RequestState::ALL.len());
        for st in RequestState::ALL {
            assert!(states.contains(&(st.code(), st.label())), "{st:?}");
        }
    }

    #[test]
    fn every_reply_code_parses() {
        for (code, _) in reply_choices() {
            assert!(parse_reply(code).is_some(), "{code}");
        }
    }
}
