//! The decision archive (决策档案, art.33): everything recorded about one
//! decision — every step with who and when, every material, the comments and
//! their moderation, the legality review, and the audit trail — on one page,
//! and as one ZIP: a DOCX index (GB/T 9704 layout) + every attachment + a
//! manifest of SM3 hashes. The ZIP is written to a temporary file in
//! constant memory; each stored file is re-hashed while it is copied and a
//! mismatch with the hash recorded at upload aborts the export.
use std::io::{Read, Write as _};

use chrono::{Datelike, Timelike};

use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::major_decision::{self as rules, Entry, Step};
use serde::Serialize;
use zip::write::SimpleFileOptions;

use super::comments::{self, CommentRow};
use super::store::{self, DecisionRow, StepRow};
use super::{ENTITY, gate};
use crate::db::col;
use crate::error::{AppError, AppResult};
use crate::kernel::{App, load_org};
use crate::platform::attachments;
use crate::platform::docx::{Block, Doc};

/// One material of the archive.
#[derive(Debug, Clone, Serialize)]
pub struct Material {
    pub id: i64,
    pub sm3: String,
    pub size: i64,
    pub file_name: String,
    /// The step it belongs to, or None for general materials.
    pub step: Option<Step>,
    pub uploader: String,
    pub created_at: String,
}

impl Material {
    pub fn step_label(&self) -> &'static str {
        self.step.map(|s| s.label()).unwrap_or("综合材料")
    }
    pub fn size_label(&self) -> String {
        if self.size >= 1024 * 1024 {
            format!("{:.1} MB", self.size as f64 / 1048576.0)
        } else if self.size >= 1024 {
            format!("{:.1} KB", self.size as f64 / 1024.0)
        } else {
            format!("{} B", self.size)
        }
    }
    pub fn created_label(&self) -> String {
        crate::disclosure::local_label(&self.created_at)
    }
}

/// One line of the audit trail.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
}

impl History {
    pub fn at_label(&self) -> String {
        crate::disclosure::local_label(&self.at)
    }
    pub fn what(&self) -> String {
        let entity = match self.entity.as_str() {
            "major_decision" => "决策",
            "decision_step" => "程序记录",
            "decision_comment" => "公众意见",
            "attachment" => "材料",
            "legal_review" => "合法性审查",
            other => other,
        };
        let action = match self.action.as_str() {
            "create" => "新增",
            "update" => "修改",
            "delete" => "删除",
            "open_comment" => "发布征求意见",
            other => other,
        };
        format!("{action}{entity}")
    }
}

pub struct Archive {
    pub d: DecisionRow,
    pub catalogue_title: String,
    pub timeline: Vec<Entry>,
    pub steps: Vec<StepRow>,
    pub materials: Vec<Material>,
    pub comments: Vec<CommentRow>,
    pub history: Vec<History>,
    pub legality: Option<gate::ReviewView>,
}

/// Materials of a decision: attachments with entity `major_decision` and
/// entity_id `<id>` or `<id>-<step>`.
pub async fn materials(app: &App, decision_id: i64) -> AppResult<Vec<Material>> {
    let rows = sqlx::query(
        "SELECT a.id, a.sm3, a.size, a.file_name, a.entity_id, a.created_at, u.display_name AS uploader FROM attachment a LEFT JOIN app_user u ON u.id = a.uploaded_by
         WHERE a.entity = $1 AND (a.entity_id = $2 OR a.entity_id LIKE $3) ORDER BY a.id",
    )
    .bind(ENTITY)
    .bind(decision_id.to_string())
    .bind(format!("{decision_id}-%"))
    .fetch_all(&app.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let key: String = col(r, "entity_id")?;
            let step = key.split_once('-').and_then(|(_, s)| Step::parse(s));
            Ok(Material {
                id: col(r, "id")?,
                sm3: col(r, "sm3")?,
                size: col(r, "size")?,
                file_name: col(r, "file_name")?,
                step,
                uploader: col::<Option<String>>(r, "uploader")?.unwrap_or_default(),
                created_at: col(r, "created_at")?,
            })
        })
        .collect()
}

async fn history(app: &App, d: &DecisionRow, steps: &[StepRow], materials: &[Material], comments: &[CommentRow]) -> AppResult<Vec<History>> {
    let mut keys: Vec<(&str, String)> = vec![(ENTITY, d.id.to_string())];
    keys.extend(steps.iter().map(|s| ("decision_step", s.id.to_string())));
    keys.extend(materials.iter().map(|m| ("attachment", m.id.to_string())));
    keys.extend(comments.iter().map(|c| ("decision_comment", c.id.to_string())));
    // One query per entity kind, ids in the decision's own chain.
    let mut out = Vec::new();
    for kind in [ENTITY, "decision_step", "attachment", "decision_comment"] {
        let ids: Vec<&String> = keys.iter().filter(|(k, _)| *k == kind).map(|(_, id)| id).collect();
        for chunk in ids.chunks(200) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
            let sql = format!("SELECT at, actor_name, action, entity FROM audit_record WHERE org_id = $1 AND entity = $2 AND entity_id IN ({})", marks.join(", "));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(d.org_id).bind(kind);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            for r in q.fetch_all(&app.db.pool).await? {
                out.push(History { at: col(&r, "at")?, actor: col(&r, "actor_name")?, action: col(&r, "action")?, entity: col(&r, "entity")? });
            }
        }
    }
    out.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(out)
}

/// The archive of one decision, for staff with DecisionRead on its town.
pub async fn load(app: &App, actor: &Actor, decision_id: i64) -> AppResult<Archive> {
    let mut conn = app.db.pool.acquire().await?;
    let d = store::load_live(&mut conn, decision_id).await?;
    let org = load_org(app, d.org_id).await?;
    actor.require(Permission::DecisionRead, &org.path)?;
    let steps = store::steps(&mut conn, d.id).await?;
    let record = store::record(&mut conn, &d).await?;
    let legality = gate::latest_review(&mut conn, d.id).await?;
    let catalogue_title: String = sqlx::query_scalar("SELECT c.title FROM decision_catalogue c JOIN decision_catalogue_item i ON i.catalogue_id = c.id WHERE i.id = $1")
        .bind(d.catalogue_item_id)
        .fetch_one(&mut *conn)
        .await?;
    drop(conn);
    let materials = materials(app, d.id).await?;
    let comments = comments::of_decision(app, d.id).await?;
    let history = history(app, &d, &steps, &materials, &comments).await?;
    Ok(Archive { timeline: rules::timeline(&record), d, catalogue_title, steps, materials, comments, history, legality })
}

fn short(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// The DOCX index of the archive.
pub fn index_doc(a: &Archive) -> Doc {
    let d = &a.d;
    let mut doc = Doc::new();
    doc.push(Block::Title(format!("{}决策档案", d.title)));
    doc.push(Block::Subtitle(format!("{}　{}年度", d.org_name, d.year)));
    doc.push(Block::Heading1("一、基本情况".into()));
    let basic = vec![
        vec!["决策事项".into(), d.title.clone()],
        vec!["所属目录".into(), a.catalogue_title.clone()],
        vec!["承办单位".into(), d.lead_unit.clone()],
        vec!["适用程序".into(), d.attr_labels()],
        vec!["当前状态".into(), d.stage.clone()],
        vec!["文号".into(), d.doc_no.clone().unwrap_or_default()],
        vec!["决策日期".into(), d.decided_on.clone().unwrap_or_default()],
        vec!["公布日期".into(), d.published_on.clone().unwrap_or_default()],
    ];
    doc.push(Block::Table { header: vec!["项目".into(), "内容".into()], rows: basic });
    doc.push(Block::Para(d.summary.clone()));
    doc.push(Block::Heading1("二、程序记录".into()));
    let rows = a
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| vec![(i + 1).to_string(), s.step_label().into(), s.done_on.clone(), s.actor_name.clone(), s.recorded_label(), short(&s.summary, 80)])
        .collect();
    doc.push(Block::Table { header: ["序号", "程序", "办理日期", "办理人", "登记时间", "内容摘要"].map(String::from).to_vec(), rows });
    let missing: Vec<String> = a.timeline.iter().filter(|e| e.required && e.state != rules::EntryState::Done).map(|e| e.step.label().to_string()).collect();
    if !missing.is_empty() {
        doc.push(Block::Para(format!("尚未完成的必经程序：{}。", missing.join("、"))));
    }
    doc.push(Block::Heading1("三、合法性审查".into()));
    match &a.legality {
        Some(r) => doc.push(Block::Para(r.sentence())),
        None => doc.push(Block::Para("尚未提请合法性审查。".into())),
    };
    doc.push(Block::Heading1("四、公众参与".into()));
    let approved = a.comments.iter().filter(|c| c.status == "approved").count();
    let rejected = a.comments.iter().filter(|c| c.status == "rejected").count();
    doc.push(Block::Para(format!(
        "征求意见期间：{}。共收到公众意见 {} 条，经审核公开 {} 条，不予公开 {} 条。",
        match (&d.comment_start, &d.comment_end) {
            (Some(s), Some(e)) => format!("{s} 至 {e}"),
            _ => "未发布".into(),
        },
        a.comments.len(),
        approved,
        rejected
    )));
    if let Some(t) = &d.adoption_text {
        doc.push(Block::Heading2("（一）意见采纳情况说明".into()));
        doc.push(Block::Para(t.clone()));
    }
    if !a.comments.is_empty() {
        let rows = a.comments.iter().map(|c| vec![c.id.to_string(), c.created_label(), c.status_label().into(), short(&c.body, 60), c.reject_reason.clone().unwrap_or_default()]).collect();
        doc.push(Block::Table { header: ["编号", "提交时间", "审核", "意见摘要", "不予公开理由"].map(String::from).to_vec(), rows });
    }
    doc.push(Block::Heading1("五、材料清单".into()));
    let rows = a
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| vec![(i + 1).to_string(), entry_name(i, m), m.step_label().into(), m.size_label(), m.sm3.clone()])
        .collect();
    doc.push(Block::Table { header: ["序号", "档案内文件", "所属程序", "大小", "SM3 杂凑值"].map(String::from).to_vec(), rows });
    doc.push(Block::Heading1("六、操作记录".into()));
    let rows = a.history.iter().map(|h| vec![h.at_label(), h.actor.clone(), h.what()]).collect();
    doc.push(Block::Table { header: ["时间", "操作人", "操作"].map(String::from).to_vec(), rows });
    doc.push(Block::Right(format!("{}人民政府", d.org_name)));
    doc
}

/// The path of a material inside the ZIP: numbered so names never collide.
pub fn entry_name(i: usize, m: &Material) -> String {
    let step = m.step.map(|s| s.label()).unwrap_or("综合材料");
    let step: String = step.chars().filter(|c| !matches!(c, '（' | '）' | '、' | '，')).collect();
    format!("附件/{:03}_{}_{}", i + 1, step, m.file_name.replace(['/', '\\'], "_"))
}

/// A finished export: the ZIP in a temporary file (removed when dropped).
pub struct Export {
    pub path: tempfile::TempPath,
    pub file_name: String,
    pub files: usize,
    pub bytes: u64,
}

/// Writes the archive ZIP. Each stored attachment is hashed while it is
/// copied; a file whose SM3 differs from the hash recorded at upload (or that
/// is missing) aborts the export with an error naming it.
pub async fn export(app: &App, actor: &Actor, decision_id: i64) -> AppResult<Export> {
    let a = load(app, actor, decision_id).await?;
    let docx = index_doc(&a).to_bytes()?;
    let mut files: Vec<(String, std::path::PathBuf, String, i64, i64)> = Vec::new();
    for (i, m) in a.materials.iter().enumerate() {
        files.push((entry_name(i, m), attachments::stored_path(app, &m.sm3)?, m.sm3.clone(), m.size, m.id));
    }
    let file_name = format!("决策档案_{}_{}.zip", a.d.id, a.d.title);
    let index_name = format!("00_决策档案目录_{}.docx", a.d.id);
    let title = a.d.title.clone();
    let count = files.len() + 2;
    tokio::task::spawn_blocking(move || -> AppResult<Export> {
        let tmp = tempfile::NamedTempFile::new().map_err(AppError::internal)?;
        let (file, path) = tmp.into_parts();
        let mut z = zip::ZipWriter::new(std::io::BufWriter::new(file));
        // Entries carry the export time (China time), not the 1980 default.
        let t = chrono::Utc::now() + chrono::Duration::hours(8);
        let stamp = zip::DateTime::from_date_and_time(t.year() as u16, t.month() as u8, t.day() as u8, t.hour() as u8, t.minute() as u8, t.second() as u8).unwrap_or_default();
        let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).last_modified_time(stamp);
        let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).last_modified_time(stamp);
        let mut manifest = format!("{title} 决策档案文件清单\n算法: SM3 (GB/T 32905-2016)\n\nSM3 杂凑值\t字节数\t文件\n");
        z.start_file(&index_name, stored).map_err(AppError::internal)?;
        z.write_all(&docx).map_err(AppError::internal)?;
        manifest.push_str(&format!("{}\t{}\t{}\n", fazhi_crypto::sm3_hex(&docx), docx.len(), index_name));
        let mut buf = vec![0u8; 64 * 1024];
        for (name, src, sm3, size, id) in &files {
            let mut f = std::fs::File::open(src).map_err(|e| {
                tracing::error!("archive export: attachment {id} ({sm3}) missing: {e}");
                DomainError::refused("integrity", format!("材料「{name}」（附件编号 {id}）的存储文件缺失，档案导出已中止，请联系系统管理员核查"))
            })?;
            z.start_file(name, stored).map_err(AppError::internal)?;
            let mut h = fazhi_crypto::Sm3Hasher::new();
            let mut n: u64 = 0;
            loop {
                let k = f.read(&mut buf).map_err(AppError::internal)?;
                if k == 0 {
                    break;
                }
                h.update(&buf[..k]);
                z.write_all(&buf[..k]).map_err(AppError::internal)?;
                n += k as u64;
            }
            let actual = h.finalize_hex();
            if &actual != sm3 || n != *size as u64 {
                tracing::error!("archive export: attachment {id} hash mismatch: stored {sm3}, actual {actual}");
                return Err(DomainError::refused(
                    "integrity",
                    format!("材料「{name}」（附件编号 {id}）的 SM3 杂凑值与上传时登记的不一致，文件可能已被篡改，档案导出已中止"),
                )
                .into());
            }
            manifest.push_str(&format!("{actual}\t{n}\t{name}\n"));
        }
        z.start_file("manifest_SM3清单.txt", deflated).map_err(AppError::internal)?;
        z.write_all(manifest.as_bytes()).map_err(AppError::internal)?;
        let mut w = z.finish().map_err(AppError::internal)?;
        w.flush().map_err(AppError::internal)?;
        drop(w);
        let bytes = std::fs::metadata(&path).map_err(AppError::internal)?.len();
        Ok(Export { path, file_name, files: count, bytes })
    })
    .await
    .map_err(AppError::internal)?
}
