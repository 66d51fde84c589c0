//! 人民调解委员会 and mediators: created through the single write path, the
//! art.8/9/14 rules checked by `fazhi_core::mediation::committee`.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use fazhi_core::mediation::committee::{Committee, Mediator, MediatorKind, Member, Position, term_end};
use fazhi_core::personal::Sex;
use serde::{Deserialize, Serialize};

use crate::db::{col, flag, now_text};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, Write, load_org, scope_sql};

/// A committee as entered: members one per line, "姓名 性别 职务" (e.g. "李某某 女 主任").
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommitteeForm {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub members: String,
    #[serde(default)]
    pub term_start: String,
    #[serde(default)]
    pub term_end: String,
}

fn parse_members(text: &str) -> Result<Vec<Member>, DomainError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let parts: Vec<&str> = line.split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、').filter(|p| !p.is_empty()).collect();
        let bad = || DomainError::invalid("members", format!("第{}行「{line}」应写作“姓名 性别 职务”，如“李某某 女 主任”", i + 1));
        let [name, sex, position] = parts.as_slice() else { return Err(bad()) };
        let sex = match *sex {
            "男" => Sex::Male,
            "女" => Sex::Female,
            _ => return Err(bad()),
        };
        let position = match *position {
            "主任" => Position::Director,
            "副主任" => Position::DeputyDirector,
            "委员" => Position::Member,
            _ => return Err(bad()),
        };
        out.push(Member { name: name.to_string(), sex, position });
    }
    Ok(out)
}

/// Creates a committee on a town or community; every art.8/9 problem is refused with its article.
pub async fn create_committee(app: &App, actor: &Actor, f: &CommitteeForm) -> AppResult<i64> {
    let org_id = f.org_id.ok_or_else(|| DomainError::invalid("org_id", "请选择「所属镇（社区、村）」"))?;
    let org = load_org(app, org_id).await?;
    let name = form::required_text("name", "委员会名称", &f.name, 100)?;
    let term_start = form::date("term_start", "本届任期开始日期", &f.term_start)?;
    let term_end = match form::optional_date("term_end", "本届任期结束日期", &f.term_end)? {
        Some(d) => d,
        None => term_end(term_start).ok_or_else(|| DomainError::invalid("term_start", "任期开始日期有误"))?,
    };
    let committee = Committee { name: name.clone(), members: parse_members(&f.members)?, term_start, term_end };
    let problems = committee.problems();
    if !problems.is_empty() {
        return Err(DomainError::invalid("members", problems.join("；")).into());
    }
    let mut w = Write::begin(app, actor, Permission::MediationManage, &org).await?;
    let seal = format!("{name}（印章）");
    let t = now_text();
    let members = serde_json::to_string(&committee.members).map_err(AppError::internal)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO mediation_committee (org_id, name, members_json, term_start, term_end, seal_name, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(org.id)
    .bind(&name)
    .bind(&members)
    .bind(term_start.to_string())
    .bind(term_end.to_string())
    .bind(&seal)
    .bind((actor.user_id > 0).then_some(actor.user_id))
    .bind(&t)
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create("mediation_committee", id, &serde_json::json!({"name": name, "members": committee.members, "term_start": term_start, "term_end": term_end})));
    w.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MediatorForm {
    #[serde(default)]
    pub name: String,
    /// "member" (委员) or "appointed" (聘任).
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub birth_date: String,
    /// The platform account of the mediator, if any.
    #[serde(default)]
    pub user_id: Option<i64>,
}

/// Adds a mediator to a committee (art.13: a member or an appointed person; art.14: an adult).
pub async fn add_mediator(app: &App, actor: &Actor, committee_id: i64, f: &MediatorForm) -> AppResult<i64> {
    let org_id: i64 = sqlx::query_scalar("SELECT org_id FROM mediation_committee WHERE id = $1")
        .bind(committee_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("人民调解委员会"))?;
    let org = load_org(app, org_id).await?;
    let kind = match f.kind.trim() {
        "member" | "委员" => MediatorKind::Member,
        "appointed" | "聘任" | "" => MediatorKind::Appointed,
        _ => return Err(DomainError::invalid("kind", "请选择「调解员类别」").into()),
    };
    let birth_date = form::date("birth_date", "出生日期", &f.birth_date)?;
    let m = Mediator { name: f.name.trim().to_string(), kind, birth_date };
    let problems = m.problems(crate::web::pages::today());
    if !problems.is_empty() {
        return Err(DomainError::invalid(if m.name.is_empty() { "name" } else { "birth_date" }, problems.join("；")).into());
    }
    let mut w = Write::begin(app, actor, Permission::MediationManage, &org).await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO mediator (committee_id, name, kind, birth_date, user_id, active, created_at) VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id")
        .bind(committee_id)
        .bind(&m.name)
        .bind(if kind == MediatorKind::Member { "member" } else { "appointed" })
        .bind(birth_date.to_string())
        .bind(f.user_id)
        .bind(now_text())
        .fetch_one(w.conn())
        .await?;
    w.record(Change::create("mediator", id, &serde_json::json!({"committee_id": committee_id, "name": m.name, "kind": f.kind, "user_id": f.user_id})));
    w.commit().await?;
    Ok(id)
}

/// A committee as the console lists it, with its rule check.
#[derive(Debug, Clone, Serialize)]
pub struct CommitteeView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub members: Vec<(String, &'static str, &'static str)>,
    pub term_start: String,
    pub term_end: String,
    pub in_term: bool,
    pub problems: Vec<String>,
    pub mediators: Vec<(String, &'static str, bool)>,
}

/// Committees of the units the actor may read mediation in.
pub async fn committees_in_scope(app: &App, actor: &Actor, perm: Permission) -> AppResult<Vec<CommitteeView>> {
    let (cond, params) = scope_sql(&actor.scope(perm), "o.path", 1);
    let sql = format!(
        "SELECT m.id, m.org_id, o.name AS org_name, m.name, m.members_json, m.term_start, m.term_end FROM mediation_committee m JOIN org_unit o ON o.id = m.org_id WHERE {cond} ORDER BY o.path, m.id"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await?;
    let today = crate::web::pages::today();
    let mut out = Vec::new();
    for r in &rows {
        let id: i64 = col(r, "id")?;
        let members: Vec<Member> = serde_json::from_str(&col::<String>(r, "members_json")?).map_err(AppError::internal)?;
        let start: String = col(r, "term_start")?;
        let end: String = col(r, "term_end")?;
        let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(AppError::internal);
        let c = Committee { name: col(r, "name")?, members, term_start: parse(&start)?, term_end: parse(&end)? };
        let mrows = sqlx::query("SELECT name, kind, CASE WHEN active THEN 1 ELSE 0 END AS active FROM mediator WHERE committee_id = $1 ORDER BY id").bind(id).fetch_all(&app.db.pool).await?;
        let mediators = mrows
            .iter()
            .map(|m| {
                let kind: String = col(m, "kind")?;
                Ok((col(m, "name")?, if kind == "member" { "委员" } else { "聘任调解员" }, flag(m, "active")?))
            })
            .collect::<AppResult<Vec<_>>>()?;
        out.push(CommitteeView {
            id,
            org_id: col(r, "org_id")?,
            org_name: col(r, "org_name")?,
            in_term: c.in_term(today),
            problems: c.problems(),
            members: c.members.iter().map(|m| (m.name.clone(), m.sex.label(), m.position.label())).collect(),
            name: c.name,
            term_start: start,
            term_end: end,
            mediators,
        });
    }
    Ok(out)
}

/// The mediators' names of a committee (for the registration form).
pub(crate) async fn mediator_names(app: &App, committee_id: i64) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT name FROM mediator WHERE committee_id = $1 AND active = TRUE ORDER BY id").bind(committee_id).fetch_all(&app.db.pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_read_one_per_line() {
        let m = parse_members("李某某 女 主任\n\n王某，男，委员\n张某、男、副主任").unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!((m[0].sex, m[0].position), (Sex::Female, Position::Director));
        assert_eq!((m[1].name.as_str(), m[1].position), ("王某", Position::Member));
        assert_eq!(m[2].position, Position::DeputyDirector);
        let e = parse_members("李某某 女\n").unwrap_err().to_string();
        assert!(e.contains("第1行"), "{e}");
        assert!(parse_members("李某 未知 委员").is_err());
        assert!(parse_members("李某 女 书记").is_err());
    }
}
