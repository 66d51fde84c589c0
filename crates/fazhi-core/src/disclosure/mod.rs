//! 政府信息公开 (module M2): the pure rules of 《中华人民共和国政府信息公开条例》
//! (2019, 国务院令第711号) as a township applies them.
//!
//! - [`model`]: the vocabulary shared by storage, pages and reports — applicant
//!   types (the Table 三 columns), channels and the art.31 收到日期 rule, forms
//!   of delivery, the Table 三 outcome rows and the art.36 answer types,
//!   公开属性.
//! - [`request`]: the request workflow as an explicit transition table plus an
//!   event-sourced [`Request`] whose answer deadline is built for the one
//!   deadline engine ([`crate::calendar::compute`]); nothing here counts days.
//! - [`fees`]: 信息处理费 (国办函〔2020〕109号) in fen.
//! - [`report`]: the annual report's Tables 二, 三, 四 computed from records, and
//!   the cross-footing checks.
//! - [`index_number`]: 索引号 schemes for proactive items.
//! - [`redaction`]: marking personal information before publication.
//!
//! Every refusal is a [`DisclosureError`] with a Chinese message naming what is
//! missing; it converts into [`crate::DomainError`].
pub mod error;
pub mod fees;
pub mod index_number;
pub mod model;
pub mod redaction;
pub mod report;
pub mod request;

pub use error::DisclosureError;
pub use model::{
    AnswerType, ApplicantType, Channel, Delivery, Form, Outcome, OutcomeGroup, Publicity,
    ReceiptFacts, WithholdGround, receipt_date,
};
pub use request::{
    Action, ActionKind, ConsultationReply, Event, Request, RequestState, Response, next,
};
