//! 合法性审查意见书: the opinion as a DOCX in the official-document layout
//! (`platform::docx`), written from the review's own record, with the
//! requester's response to each point once it is given.
use chrono::{Datelike, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::Actor;

use super::store;
use crate::error::AppResult;
use crate::kernel::App;
use crate::platform::docx::{Block, Doc};

fn chinese_date(s: &str) -> String {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| format!("{}年{}月{}日", d.year(), d.month(), d.day())).unwrap_or_else(|_| s.to_string())
}

/// The opinion letter as DOCX bytes and a file name (only once an opinion is given).
pub async fn opinion_docx(app: &App, actor: &Actor, id: i64) -> AppResult<(Vec<u8>, String)> {
    let v = store::get(app, actor, id).await?;
    let Some(conclusion) = v.conclusion else {
        return Err(DomainError::refused("state", "审查意见尚未出具，暂无意见书").into());
    };
    let mut d = Doc::new();
    d.push(Block::Title("合法性审查意见书".into()));
    d.push(Block::Subtitle(format!("（{}合审〔{}〕{} 号）", v.org_name, &v.submitted_on[..4], v.id)));
    d.push(Block::Plain(format!("{}人民政府：", v.org_name)));
    d.push(Block::Para(format!(
        "{}提请对《{}》（{}）进行合法性审查，提请审查的问题为：{}经审查，现提出如下意见。",
        chinese_date(&v.submitted_on),
        v.subject_title,
        v.kind_label(),
        v.questions.trim().trim_end_matches(['。', '.']).to_string() + "。"
    )));
    d.push(Block::Heading1("一、审查结论".into()));
    d.push(Block::Para(format!("{}。", conclusion.label())));
    d.push(Block::Heading1("二、审查理由".into()));
    d.push(Block::Para(v.reasons_text().to_string()));
    d.push(Block::Heading1("三、法律依据".into()));
    d.push(Block::Para(v.articles_text().to_string()));
    if v.has_points() {
        d.push(Block::Heading1("四、修改意见及采纳情况".into()));
        let rows = v.points.iter().map(|p| vec![p.seq.to_string(), p.text.clone(), p.adoption_label().to_string(), p.note().to_string()]).collect();
        d.push(Block::Table { header: vec!["序号".into(), "修改意见".into(), "采纳情况".into(), "说明".into()], rows });
    }
    d.push(Block::Right(format!("审查人：{}", v.reviewer_label())));
    d.push(Block::Right(chinese_date(v.opined_on.as_deref().unwrap_or(""))));
    let name = format!("合法性审查意见书（{}）.docx", v.subject_title);
    Ok((d.to_bytes()?, name))
}
