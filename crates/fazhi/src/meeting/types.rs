//! Meeting types (会议类型), their members and the recurring schedule.
use chrono::{Datelike, Duration, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use fazhi_core::meeting::{MemberRole, Quorum};
use fazhi_core::org::OrgKind;
use serde::{Deserialize, Serialize};

use super::When;
use crate::db::{col, flag};
use crate::error::AppResult;
use crate::kernel::{App, Change, Write, load_org};
use crate::platform::calendar;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TypeForm {
    #[serde(default)]
    pub name: String,
    /// Calendar days of notice (提前通知天数).
    #[serde(default)]
    pub notice_days: i64,
    #[serde(default)]
    pub quorum_num: i64,
    #[serde(default)]
    pub quorum_den: i64,
    /// true: more than the fraction (过半数); false: at least (三分之二以上).
    #[serde(default)]
    pub quorum_strict: bool,
    /// ISO weekday of the regular sitting (1 = Monday), None when convened as needed.
    #[serde(default)]
    pub weekday: Option<i64>,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub location: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeRow {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub notice_days: i64,
    pub quorum: Quorum,
    pub weekday: Option<i64>,
    pub start_time: String,
    pub location: String,
}

impl TypeRow {
    pub fn quorum_label(&self) -> String {
        format!("应到会表决成员{}到会", self.quorum.label())
    }
    pub fn schedule_label(&self) -> String {
        const W: [&str; 8] = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        match self.weekday {
            Some(d) if (1..=7).contains(&d) => format!("每{} {}", W[d as usize], self.start_time),
            _ => "根据工作需要召开".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberRow {
    pub user_id: i64,
    pub name: String,
    pub title: String,
    pub role: MemberRole,
    pub position: i64,
}

pub(crate) fn type_row(r: &sqlx::any::AnyRow) -> AppResult<TypeRow> {
    let (num, den): (i64, i64) = (col(r, "quorum_num")?, col(r, "quorum_den")?);
    Ok(TypeRow {
        id: col(r, "id")?,
        org_id: col(r, "org_id")?,
        name: col(r, "name")?,
        notice_days: col(r, "notice_days")?,
        quorum: Quorum::new(num as u32, den as u32, flag(r, "quorum_strict")?).unwrap_or_default(),
        weekday: col(r, "weekday")?,
        start_time: col(r, "start_time")?,
        location: col(r, "location")?,
    })
}

pub(crate) const TYPE_COLUMNS: &str = "id, org_id, name, notice_days, quorum_num, quorum_den, CASE WHEN quorum_strict THEN 1 ELSE 0 END AS quorum_strict, weekday, start_time, location";

pub async fn get_type(app: &App, id: i64) -> AppResult<TypeRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {TYPE_COLUMNS} FROM meeting_type WHERE id = $1")))
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("会议类型"))?;
    type_row(&r)
}

/// The meeting types of a town.
pub async fn types_of(app: &App, org_id: i64) -> AppResult<Vec<TypeRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {TYPE_COLUMNS} FROM meeting_type WHERE org_id = $1 ORDER BY id"))).bind(org_id).fetch_all(&app.db.pool).await?;
    rows.iter().map(type_row).collect()
}

pub async fn members(app: &App, type_id: i64) -> AppResult<Vec<MemberRow>> {
    let rows = sqlx::query(
        "SELECT m.user_id, u.display_name, m.title, m.role, m.position FROM meeting_member m JOIN app_user u ON u.id = m.user_id WHERE m.type_id = $1 ORDER BY m.position, m.id",
    )
    .bind(type_id)
    .fetch_all(&app.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = col(r, "role")?;
            Ok(MemberRow { user_id: col(r, "user_id")?, name: col(r, "display_name")?, title: col(r, "title")?, role: MemberRole::parse(&role)?, position: col(r, "position")? })
        })
        .collect()
}

fn check_type(f: &TypeForm) -> Result<(String, Quorum, Option<i64>, String), DomainError> {
    let name = form::required_text("name", "会议名称", &f.name, 60)?;
    if !(0..=30).contains(&f.notice_days) {
        return Err(DomainError::invalid("notice_days", "「提前通知天数」应在 0 至 30 天之间"));
    }
    let (num, den) = if f.quorum_num == 0 && f.quorum_den == 0 { (1, 2) } else { (f.quorum_num, f.quorum_den) };
    let quorum = Quorum::new(u32::try_from(num).unwrap_or(0), u32::try_from(den).unwrap_or(0), if f.quorum_num == 0 && f.quorum_den == 0 { true } else { f.quorum_strict })?;
    if let Some(d) = f.weekday
        && !(1..=7).contains(&d)
    {
        return Err(DomainError::invalid("weekday", "「例会时间」应为周一至周日"));
    }
    let time = if f.start_time.trim().is_empty() { "08:30".to_string() } else { f.start_time.trim().to_string() };
    if chrono::NaiveTime::parse_from_str(&time, "%H:%M").is_err() {
        return Err(DomainError::invalid("start_time", "「开始时间」格式应为 08:30"));
    }
    Ok((name, quorum, f.weekday, time))
}

/// Creates a meeting type of a town (MeetingManage).
pub async fn create_type(app: &App, actor: &Actor, org_id: i64, f: &TypeForm) -> AppResult<i64> {
    let (name, quorum, weekday, time) = check_type(f)?;
    let location = form::optional_text("location", "会议地点", &f.location, 60)?.unwrap_or_default();
    let org = load_org(app, org_id).await.map_err(|_| DomainError::invalid("org_id", "「所属单位」不存在"))?;
    if org.kind != OrgKind::Town {
        return Err(DomainError::invalid("org_id", "会议类型应属于镇（街道）").into());
    }
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meeting_type (org_id, name, notice_days, quorum_num, quorum_den, quorum_strict, weekday, start_time, location, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(org.id)
    .bind(&name)
    .bind(f.notice_days)
    .bind(i64::from(quorum.num))
    .bind(i64::from(quorum.den))
    .bind(quorum.strict)
    .bind(weekday)
    .bind(&time)
    .bind(&location)
    .bind(crate::db::now_text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create("meeting_type", id, &serde_json::json!({"name": name, "notice_days": f.notice_days, "quorum": quorum, "weekday": weekday, "start_time": time, "location": location})));
    w.commit().await?;
    Ok(id)
}

/// Adds or changes a member of a meeting type. One principal per type; the
/// member must belong to the town.
pub async fn set_member(app: &App, actor: &Actor, type_id: i64, user_id: i64, role: &str, title: &str) -> AppResult<()> {
    let t = get_type(app, type_id).await?;
    let role = MemberRole::parse(role)?;
    let title = form::optional_text("title", "职务", title, 40)?.unwrap_or_default();
    let org = load_org(app, t.org_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let user_path: Option<String> = sqlx::query_scalar("SELECT o.path FROM app_user u JOIN org_unit o ON o.id = u.org_id WHERE u.id = $1 AND u.active = TRUE").bind(user_id).fetch_optional(w.conn()).await?;
    match user_path {
        Some(p) if p.starts_with(org.path.as_str()) => {}
        _ => return Err(DomainError::invalid("user_id", format!("「成员」应为{}的在职用户", org.name)).into()),
    }
    if role == MemberRole::Principal {
        let other: Option<i64> = sqlx::query_scalar("SELECT user_id FROM meeting_member WHERE type_id = $1 AND role = 'principal' AND user_id <> $2").bind(type_id).bind(user_id).fetch_optional(w.conn()).await?;
        if other.is_some() {
            return Err(DomainError::conflict("该会议已有主持人（主要负责人），请先调整原主持人的角色").into());
        }
    }
    let position: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM meeting_member WHERE type_id = $1").bind(type_id).fetch_one(w.conn()).await?;
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM meeting_member WHERE type_id = $1 AND user_id = $2").bind(type_id).bind(user_id).fetch_optional(w.conn()).await?;
    match existing {
        Some(id) => {
            sqlx::query("UPDATE meeting_member SET role = $1, title = $2 WHERE id = $3").bind(role.code()).bind(&title).bind(id).execute(w.conn()).await?;
        }
        None => {
            sqlx::query("INSERT INTO meeting_member (type_id, user_id, role, title, position) VALUES ($1, $2, $3, $4, $5)")
                .bind(type_id)
                .bind(user_id)
                .bind(role.code())
                .bind(&title)
                .bind(position)
                .execute(w.conn())
                .await?;
        }
    }
    w.record(Change::action("member_set", "meeting_type", type_id, &serde_json::json!({"user_id": user_id, "role": role.code(), "title": title})));
    w.commit().await?;
    Ok(())
}

/// The sitting day of the week containing `monday_of_week` for a weekday, moved
/// to the next working day when it falls on a holiday (e.g. 国庆 Monday).
fn sitting_day(cal: &fazhi_core::calendar::Calendar, week_start: NaiveDate, weekday: u32) -> NaiveDate {
    let mut d = week_start + Duration::days(i64::from(weekday) - 1);
    for _ in 0..10 {
        if cal.is_workday(d).unwrap_or(true) {
            return d;
        }
        d += Duration::days(1);
    }
    d
}

/// Generates the regular meetings of a type for `weeks` weeks from `from`
/// (skipping dates that already have one). Returns the new meeting ids.
pub async fn generate_schedule(app: &App, actor: &Actor, type_id: i64, from: NaiveDate, weeks: u32, at: When) -> AppResult<Vec<i64>> {
    let t = get_type(app, type_id).await?;
    let Some(weekday) = t.weekday else {
        return Err(DomainError::refused("meeting_schedule", "该会议类型未设置例会时间，请逐次创建会议").into());
    };
    if weeks == 0 || weeks > 60 {
        return Err(DomainError::invalid("weeks", "「生成周数」应在 1 至 60 之间").into());
    }
    let cal = calendar::load(&app.db).await?;
    let org = load_org(app, t.org_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let week_start = from - Duration::days(i64::from(from.weekday().num_days_from_monday()));
    let mut ids = Vec::new();
    for k in 0..weeks {
        let d = sitting_day(&cal, week_start + Duration::weeks(i64::from(k)), weekday as u32);
        if d < from {
            continue;
        }
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM meeting WHERE type_id = $1 AND meeting_date = $2").bind(type_id).bind(d.to_string()).fetch_optional(w.conn()).await?;
        if exists.is_some() {
            continue;
        }
        ids.push(super::sitting::insert_meeting(&mut w, &t, d, &t.start_time, None, &at).await?);
    }
    if ids.is_empty() {
        return Err(DomainError::conflict("所选期间的例会均已生成").into());
    }
    w.commit().await?;
    Ok(ids)
}
