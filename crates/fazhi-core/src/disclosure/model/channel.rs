//! How a request arrived, and the art.31 rule that turns that into 收到日期 —
//! the trigger of every deadline of the request.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::disclosure::DisclosureError;

/// The submission channel (条例 arts.29 and 31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 当面提交 (including an oral request written down by staff, art.29).
    InPerson,
    /// 邮寄 with a signature on receipt (挂号信、快递).
    SignedPost,
    /// 平常信函 and other post that is not signed for.
    OrdinaryLetter,
    /// 互联网渠道: the online application platform.
    Online,
    /// The 公开工作机构's fax.
    Fax,
    /// E-mail; the 条例 counts it among 互联网渠道 (art.31(三)).
    Email,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::InPerson,
        Channel::SignedPost,
        Channel::OrdinaryLetter,
        Channel::Online,
        Channel::Fax,
        Channel::Email,
    ];

    /// Stable storage code.
    pub fn code(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::SignedPost => "signed_post",
            Channel::OrdinaryLetter => "ordinary_letter",
            Channel::Online => "online",
            Channel::Fax => "fax",
            Channel::Email => "email",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交",
            Channel::SignedPost => "邮寄（挂号信、快递等需签收）",
            Channel::OrdinaryLetter => "平常信函",
            Channel::Online => "互联网（在线申请）",
            Channel::Fax => "传真",
            Channel::Email => "电子邮件",
        }
    }

    /// The art.31 sentence shown next to the date field, so staff enter the
    /// date the law means.
    pub fn receipt_rule(self) -> &'static str {
        match self {
            Channel::InPerson => "以提交之日为收到申请之日（条例第三十一条第（一）项）",
            Channel::SignedPost => "以本机关签收之日为收到申请之日（条例第三十一条第（二）项）",
            Channel::OrdinaryLetter => {
                "应于收到当日与申请人确认，以确认之日为收到申请之日（条例第三十一条第（二）项）"
            }
            Channel::Online | Channel::Fax | Channel::Email => {
                "以双方确认之日为收到申请之日（条例第三十一条第（三）项）"
            }
        }
    }

    /// The fact this channel's 收到日期 is taken from: (field, label).
    pub fn receipt_fact(self) -> (&'static str, &'static str) {
        match self {
            Channel::InPerson => ("submitted_on", "提交日期"),
            Channel::SignedPost => ("signed_for_on", "签收日期"),
            Channel::OrdinaryLetter => ("confirmed_on", "与申请人确认日期"),
            Channel::Online | Channel::Fax | Channel::Email => ("confirmed_on", "双方确认日期"),
        }
    }

    pub fn parse(code: &str) -> Result<Channel, DisclosureError> {
        Channel::ALL
            .into_iter()
            .find(|c| c.code() == code.trim())
            .ok_or_else(|| DisclosureError::UnknownCode {
                field: "channel",
                what: "申请方式",
                code: code.to_string(),
            })
    }
}

/// The dates staff entered about the arrival of a request. Only the one the
/// channel needs is required ([`Channel::receipt_fact`]); the others may be
/// left empty and are then ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptFacts {
    /// 当面提交: the day the applicant handed the request in.
    #[serde(default)]
    pub submitted_on: Option<NaiveDate>,
    /// 邮寄: the day the office signed for the item.
    #[serde(default)]
    pub signed_for_on: Option<NaiveDate>,
    /// When the letter, fax, e-mail or online form actually arrived; only
    /// used to check that a confirmation is not dated before it.
    #[serde(default)]
    pub arrived_on: Option<NaiveDate>,
    /// 平常信函: the day the office confirmed with the applicant; online, fax
    /// and e-mail: the day both sides confirmed (an online platform's
    /// automatic acknowledgement counts as that day).
    #[serde(default)]
    pub confirmed_on: Option<NaiveDate>,
}

/// 收到日期 per art.31: in person = submission day; signed-for post = the day
/// signed for; ordinary letter = the day confirmed with the applicant;
/// online, fax, e-mail = the day both sides confirmed.
///
/// A confirmation is the legal date even when it came later than the arrival
/// (the office should have confirmed the same day, but the 条例 fixes the
/// confirmed day); one dated before the arrival is a typing error.
pub fn receipt_date(channel: Channel, facts: &ReceiptFacts) -> Result<NaiveDate, DisclosureError> {
    let (field, label) = channel.receipt_fact();
    let date = match channel {
        Channel::InPerson => facts.submitted_on,
        Channel::SignedPost => facts.signed_for_on,
        Channel::OrdinaryLetter | Channel::Online | Channel::Fax | Channel::Email => {
            facts.confirmed_on
        }
    }
    .ok_or(DisclosureError::missing(field, label))?;
    if field == "confirmed_on"
        && let Some(arrived) = facts.arrived_on
        && date < arrived
    {
        return Err(DisclosureError::invalid(
            "confirmed_on",
            format!("「{label}」{date} 不能早于申请到达日期 {arrived}"),
        ));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    fn all_facts() -> ReceiptFacts {
        ReceiptFacts {
            submitted_on: Some(d(3, 1)),
            signed_for_on: Some(d(3, 2)),
            arrived_on: Some(d(3, 3)),
            confirmed_on: Some(d(3, 4)),
        }
    }

    #[test]
    fn each_channel_takes_its_own_fact() {
        let facts = all_facts();
        let expect = [
            (Channel::InPerson, d(3, 1)),
            (Channel::SignedPost, d(3, 2)),
            (Channel::OrdinaryLetter, d(3, 4)),
            (Channel::Online, d(3, 4)),
            (Channel::Fax, d(3, 4)),
            (Channel::Email, d(3, 4)),
        ];
        for (channel, date) in expect {
            assert_eq!(receipt_date(channel, &facts).unwrap(), date, "{channel:?}");
        }
    }

    #[test]
    fn a_missing_fact_is_named() {
        let facts = ReceiptFacts {
            arrived_on: Some(d(3, 3)),
            ..ReceiptFacts::default()
        };
        let err = receipt_date(Channel::OrdinaryLetter, &facts).unwrap_err();
        assert_eq!(
            err,
            DisclosureError::missing("confirmed_on", "与申请人确认日期")
        );
        assert_eq!(err.to_string(), "「与申请人确认日期」不能为空");
        assert_eq!(
            receipt_date(Channel::SignedPost, &facts)
                .unwrap_err()
                .to_string(),
            "「签收日期」不能为空"
        );
        // The arrival alone never decides for a channel that needs a confirmation.
        assert!(receipt_date(Channel::Fax, &facts).is_err());
    }

    #[test]
    fn confirmation_before_arrival_is_refused_but_a_late_one_counts() {
        let mut facts = ReceiptFacts {
            arrived_on: Some(d(3, 5)),
            confirmed_on: Some(d(3, 4)),
            ..ReceiptFacts::default()
        };
        let err = receipt_date(Channel::Online, &facts).unwrap_err();
        assert_eq!(err.field(), Some("confirmed_on"));
        assert!(err.to_string().contains("双方确认日期"), "{err}");
        facts.confirmed_on = Some(d(3, 8));
        assert_eq!(receipt_date(Channel::Online, &facts).unwrap(), d(3, 8));
    }

    #[test]
    fn codes_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()).unwrap(), c);
            assert!(c.receipt_rule().contains("第三十一条"));
        }
        assert!(Channel::parse("pigeon").is_err());
    }
}
