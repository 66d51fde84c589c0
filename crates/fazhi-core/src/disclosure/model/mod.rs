//! The vocabulary of 政府信息公开 shared by storage, pages and the annual
//! report. Each type has a stable `code()` for storage and URLs and a Chinese
//! `label()` in the 条例's or the report format's own words.
mod answer;
mod applicant;
mod channel;
mod delivery;
mod outcome;
mod publicity;

pub use answer::{AnswerType, REMEDIES_NOTICE};
pub use applicant::ApplicantType;
pub use channel::{Channel, ReceiptFacts, receipt_date};
pub use delivery::{Delivery, Form};
pub use outcome::{Outcome, OutcomeGroup};
pub use publicity::{Publicity, WithholdGround};

/// Trimmed text, or `None` when blank: the one rule for "was this filled in".
pub(crate) fn filled(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}
