//! 告知书 in the official-document layout (`platform::docx`), written from the
//! request's own data: the answer (答复告知书) with the outcome, the standard
//! notice text of its answer type, the reason, the legal basis and the
//! remedies; the correction notice (补正告知书); the extension notice
//! (延期答复告知书). The applicant's name is printed in full only for someone
//! who may unmask personal data, and that printing is audited.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::disclosure::model::REMEDIES_NOTICE;
use fazhi_core::disclosure::{Action, AnswerType};
use fazhi_core::personal::mask_name;

use super::service;
use super::store;
use super::text::chinese_date;
use super::ENTITY;
use crate::error::AppResult;
use crate::kernel::{App, Write, load_org};
use crate::platform::docx::{Block, Doc};
use crate::platform::personal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterKind {
    /// 政府信息公开申请答复告知书.
    Answer,
    /// 补正告知书 (art.30).
    Correction,
    /// 延期答复告知书 (art.33).
    Extension,
}

impl LetterKind {
    pub fn parse(s: &str) -> Option<LetterKind> {
        Some(match s {
            "letter" | "answer" => LetterKind::Answer,
            "correction" => LetterKind::Correction,
            "extension" => LetterKind::Extension,
            _ => return None,
        })
    }

    pub fn title(self) -> &'static str {
        match self {
            LetterKind::Answer => "政府信息公开申请答复告知书",
            LetterKind::Correction => "政府信息公开申请补正告知书",
            LetterKind::Extension => "政府信息公开申请延期答复告知书",
        }
    }
}

/// The letter as DOCX bytes and a file name.
pub async fn letter(app: &App, actor: &Actor, id: i64, kind: LetterKind) -> AppResult<(Vec<u8>, String)> {
    let mut conn = app.db.pool.acquire().await?;
    let row = store::load(&mut conn, id).await?;
    let events = store::events(&mut conn, id).await?;
    drop(conn);
    let org = load_org(app, row.org_id).await?;
    actor.require(Permission::DisclosureRead, &org.path)?;
    let request = store::aggregate(&row, &events)?;
    let settings = service::settings(app, &org).await?;
    let issuer = format!("{}人民政府", org.name);

    // The addressee: in full for someone who may unmask (audited), masked otherwise.
    let name = if actor.can(Permission::PersonalDataUnmask, &org.path) {
        let mut w = Write::begin(app, actor, Permission::PersonalDataUnmask, &org).await?;
        let name = personal::reveal_in(&mut w, ENTITY, &id.to_string(), "name", &row.name_enc).await?;
        w.commit().await?;
        name
    } else {
        let name = service::decrypt(app, &row.name_enc)?;
        if row.applicant_type.is_organization() { name } else { mask_name(&name) }
    };

    let mut d = Doc::new();
    d.push(Block::Title(format!("{issuer}\n{}", kind.title())));
    d.push(Block::Subtitle(format!("（受理编号：{}）", row.code)));
    d.push(Block::Plain(format!("{name}：")));
    let received = chinese_date(row.received_on);
    let asked = format!("本机关于{received}收到您提出的政府信息公开申请，申请获取“{}”。", row.description.trim());
    let date;
    match kind {
        LetterKind::Answer => {
            let (Some(outcome), Some(on)) = (request.outcome(), request.closed_on()) else {
                return Err(DomainError::refused("disclosure.letter", "申请尚未答复，不能生成答复告知书").into());
            };
            date = on;
            let response = request.response();
            let answer = response.map_or(outcome.default_answer(), |r| r.answer);
            d.push(Block::Para(format!("{asked}现答复如下：")));
            if answer != AnswerType::Other {
                d.push(Block::Para(answer.notice_text().to_string()));
            }
            if let Some(r) = response {
                if let Some(reason) = r.reason.as_deref().filter(|t| !t.trim().is_empty()) {
                    d.push(Block::Para(reason.trim().to_string()));
                }
                if let Some(agency) = r.responsible_agency.as_deref().filter(|t| !t.trim().is_empty()) {
                    d.push(Block::Para(format!("负责公开该政府信息的机关及联系方式：{}。", agency.trim())));
                }
            }
            let basis = response.map_or_else(|| outcome.legal_basis(answer), |r| r.legal_basis());
            let result = match basis {
                Some(b) => format!("依据{b}的规定，本申请的办理结果为“{}”。", outcome.full_label()),
                None => format!("本申请的办理结果为“{}”。", outcome.full_label()),
            };
            d.push(Block::Para(result));
            let mut remedies = format!("{REMEDIES_NOTICE}行政复议机关为{}", settings.review_body);
            if let Some(court) = settings.court.as_deref().filter(|c| !c.trim().is_empty()) {
                remedies.push_str(&format!("；提起行政诉讼的，可向{court}提起"));
            }
            remedies.push('。');
            d.push(Block::Para(remedies));
        }
        LetterKind::Correction => {
            let Some(event) = request.events().iter().find(|e| matches!(e.action, Action::RequestCorrection { .. })) else {
                return Err(DomainError::refused("disclosure.letter", "本申请没有发出补正通知").into());
            };
            let Action::RequestCorrection { items, reply_by } = &event.action else { unreachable!() };
            date = event.on;
            d.push(Block::Para(format!("{asked}经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下事项一并作出补正：")));
            for (i, item) in items.iter().enumerate() {
                d.push(Block::Para(format!("{}. {item}", i + 1)));
            }
            d.push(Block::Para(format!(
                "请于{}前将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
                chinese_date(*reply_by)
            )));
        }
        LetterKind::Extension => {
            let Some(index) = request.events().iter().position(|e| matches!(e.action, Action::Extend { .. })) else {
                return Err(DomainError::refused("disclosure.letter", "本申请没有延长答复期限").into());
            };
            let event = &request.events()[index];
            let Action::Extend { days, reason, .. } = &event.action else { unreachable!() };
            date = event.on;
            // The due date as it stood when the applicant was told (later steps may move it).
            let then = fazhi_core::disclosure::Request::restore(row.received_on, request.events()[..=index].iter().cloned()).map_err(|e| store::bad("events", e))?;
            let cal = crate::platform::calendar::load(&app.db).await?;
            let due = fazhi_core::calendar::compute(&then.deadline(), &cal, event.on).ok().and_then(|c| c.due);
            d.push(Block::Para(format!(
                "{asked}因{}，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经政府信息公开工作机构负责人同意，答复期限延长{}个工作日{}。",
                reason.trim().trim_end_matches('。'),
                days,
                due.map(|d| format!("，本机关将于{}前作出答复", chinese_date(d))).unwrap_or_default()
            )));
        }
    }
    d.push(Block::Right(format!("{issuer}\n{}", chinese_date(date))));
    let bytes = d.to_bytes()?;
    Ok((bytes, format!("{}-{}.docx", kind.title(), row.code)))
}
