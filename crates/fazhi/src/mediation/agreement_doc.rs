//! 人民调解协议书 (人民调解法 art.29) as DOCX in the standard layout: 编号;
//! the parties with their basic data; 纠纷主要事实、争议事项; 各方权利义务;
//! 履行方式、期限; 一式X份; the parties', the mediator's signatures and the
//! committee's seal; the date. The law wants the parties' full data in the
//! document: it is printed in full only for someone who may unmask personal
//! data, and every field printed is audited; otherwise masked.
use chrono::Datelike;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::mediation::agreement::{AgreementForm, Execution};
use fazhi_core::mediation::case::Action;
use fazhi_core::personal::{IdNumber, mask_address, mask_name};

use super::service::{Revealed, reveal_in};
use super::store;
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Write, load_org};
use crate::platform::docx::{Block, Doc};
use crate::platform::personal::{self, Kind};

fn chinese_date(d: chrono::NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The agreement as DOCX bytes and a file name.
pub async fn agreement_docx(app: &App, actor: &Actor, id: i64) -> AppResult<(Vec<u8>, String)> {
    let mut conn = app.db.pool.acquire().await?;
    let row = store::load(&mut conn, id).await?;
    let org = load_org(app, row.org_id).await?;
    actor.require(Permission::MediationRead, &org.path)?;
    let events = store::events(&mut conn, id).await?;
    let stored = store::parties(&mut conn, id).await?;
    drop(conn);
    let case = store::aggregate(&row, &events)?;
    let agreement = case.agreement().ok_or_else(|| DomainError::refused("mediation_case", "尚未达成调解协议，不能生成调解协议书"))?;
    if agreement.form != AgreementForm::Written {
        return Err(DomainError::refused("mediation_case", "口头调解协议由人民调解员记录，不制作调解协议书").into());
    }
    let (content, detail) = events
        .iter()
        .find_map(|e| match &e.entry.action {
            Action::ReachAgreement { content, .. } => Some((content.clone(), e.detail.clone())),
            _ => None,
        })
        .unwrap_or_default();
    let performance = detail.as_ref().and_then(|d| d.get("performance")).and_then(|v| v.as_str()).unwrap_or("按本协议约定履行").to_string();
    let copies = detail.as_ref().and_then(|d| d.get("copies")).and_then(|v| v.as_i64()).unwrap_or(3);

    let full = actor.can(Permission::PersonalDataUnmask, &org.path);
    let parties: Vec<Revealed> = if full {
        let mut w = Write::begin(app, actor, Permission::PersonalDataUnmask, &org).await?;
        let out = reveal_in(&mut w, id).await?;
        w.commit().await?;
        out
    } else {
        let dec = |c: &str| app.keys.field.decrypt(c).map_err(|e| AppError::internal(format!("personal field: {e}")));
        stored
            .iter()
            .map(|p| {
                Ok(Revealed {
                    designation: p.designation.clone(),
                    name: mask_name(&dec(&p.name_enc)?),
                    id_number: personal::masked(app, Kind::IdNumber, p.id_enc.as_deref()),
                    phone: personal::masked(app, Kind::Phone, p.phone_enc.as_deref()),
                    address: p.address_enc.as_deref().map(|c| dec(c).map(|a| mask_address(&a))).transpose()?,
                })
            })
            .collect::<AppResult<_>>()?
    };

    let mut d = Doc::new();
    d.push(Block::Title("人民调解协议书".into()));
    d.push(Block::Right(format!("编号：{}", row.code)));
    for p in &parties {
        let mut facts = vec![p.name.clone()];
        if let Some(idn) = p.id_number.as_deref() {
            if let Ok(parsed) = IdNumber::parse(idn) {
                facts.push(parsed.sex().label().to_string());
                facts.push(format!("{}出生", chinese_date(parsed.birth_date())));
            }
            facts.push(format!("公民身份号码：{idn}"));
        }
        if let Some(a) = &p.address {
            facts.push(format!("住址：{a}"));
        }
        if let Some(ph) = &p.phone {
            facts.push(format!("联系电话：{ph}"));
        }
        d.push(Block::Plain(format!("当事人（{}）：{}。", p.designation, facts.join("，"))));
    }
    d.push(Block::Heading1("纠纷主要事实、争议事项".into()));
    d.push(Block::Para(row.facts.trim().to_string()));
    d.push(Block::Para(format!("争议事项：{}", row.issues.trim())));
    d.push(Block::Heading1("经调解，当事人自愿达成如下协议".into()));
    for line in content.lines().map(str::trim).filter(|l| !l.is_empty()) {
        d.push(Block::Para(line.to_string()));
    }
    d.push(Block::Heading1("履行方式、期限".into()));
    d.push(Block::Para(performance));
    d.push(Block::Para(format!(
        "本协议一式{copies}份，当事人、人民调解委员会各持一份，自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行（人民调解法第三十一条）。双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认（人民调解法第三十三条）。"
    )));
    let signed_on = |pred: &dyn Fn(&Execution) -> bool| agreement.executions.iter().find(|(_, e)| pred(e)).map(|(on, _)| format!("（已于 {on} 签署）")).unwrap_or_default();
    let mut rows = Vec::new();
    for p in &parties {
        let des = p.designation.clone();
        rows.push(vec![format!("当事人（{des}）"), format!("（签名、盖章或者按指印）{}", signed_on(&|e| matches!(e, Execution::Party { party, .. } if *party == des)))]);
    }
    rows.push(vec!["人民调解员".into(), format!("（签名）{}", signed_on(&|e| matches!(e, Execution::Mediator { .. })))]);
    d.push(Block::Table { header: vec!["签署人".into(), "签名、盖章或者按指印".into()], rows });
    d.push(Block::Right(format!("{}（印）{}", row.committee_name, signed_on(&|e| matches!(e, Execution::CommitteeSeal)))));
    d.push(Block::Right(chinese_date(agreement.reached_on)));
    if !full {
        d.push(Block::Plain("（本件当事人信息已脱敏；具有查看个人信息权限的人员可生成完整文本。）".into()));
    }
    let bytes = d.to_bytes()?;
    Ok((bytes, format!("人民调解协议书-{}.docx", row.code)))
}
