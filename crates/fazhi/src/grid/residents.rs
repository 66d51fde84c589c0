//! The resident basic information table (居民基础信息表) in storage.
//!
//! [`seal`] is the one conversion from a checked [`ResidentRow`] to the stored
//! columns of `grid_resident`: the register's form, its API and the bulk XLSX
//! import all store through it, so a row means the same whichever way it came.
//!
//! The services here: [`register`] and [`edit`] (through the one validator
//! `fazhi_core::grid::resident::validate_row`), [`move_to`] (history kept in
//! `grid_residence`, rule `plan_move`), [`view`] (masked) and [`reveal`]
//! (audited unmask). Every read and write checks the grid scope
//! (`grid::scope::require_place`), so a 楼栋长 reaches only their buildings
//! and a grid worker only their grid. The audit trail never holds a
//! plaintext 身份证号, phone or door number: only masked forms.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::grid::Place;
use fazhi_core::grid::resident::{Attention, COLUMNS, CellError, HouseholdRelation, ItemEntry, Residence, ResidenceStatus, ResidentRow, WorkItem, WorkItems, plan_move, validate_row};
use fazhi_core::org::OrgPath;
use fazhi_core::personal::{IdNumber, Sex};
use serde::{Deserialize, Serialize};

use crate::db::{col, flag, now_text};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, OrgRef, Write, load_org};
use crate::platform::personal::{self, Kind};

use super::{RESIDENT, places, scope};

/// Blind-index domain of door numbers (household addresses).
pub const DOOR_DOMAIN: &str = "door";

/// A row's stored form: personal fields encrypted and indexed, codes for enums.
#[derive(Debug, Clone)]
pub struct Sealed {
    pub name: String,
    pub id_enc: String,
    pub id_idx: String,
    pub sex: &'static str,
    pub birth_date: String,
    pub phone_enc: Option<String>,
    pub phone_idx: Option<String>,
    pub relation: &'static str,
    pub residence: &'static str,
    pub floating_since: Option<String>,
    pub items_json: String,
    /// Some work item is marked 重点 (key follow-up).
    pub attention: bool,
    pub note: Option<String>,
}

/// Encrypts and indexes one checked row (the building and door are stored on
/// the household: see [`seal_door`]).
pub fn seal(app: &App, row: &ResidentRow) -> Sealed {
    let (id_enc, id_idx) = personal::protect(app, Kind::IdNumber, row.id_number.as_str());
    let (phone_enc, phone_idx) = match &row.phone {
        Some(p) => {
            let (e, i) = personal::protect(app, Kind::Phone, p.as_str());
            (Some(e), Some(i))
        }
        None => (None, None),
    };
    Sealed {
        name: row.name.clone(),
        id_enc,
        id_idx,
        sex: match row.sex() {
            Sex::Male => "male",
            Sex::Female => "female",
        },
        birth_date: row.birth_date().format("%Y-%m-%d").to_string(),
        phone_enc,
        phone_idx,
        relation: row.relation.code(),
        residence: row.residence.code(),
        floating_since: row.floating_since.map(|d| d.format("%Y-%m-%d").to_string()),
        items_json: serde_json::to_string(&row.items).unwrap_or_else(|_| "{}".into()),
        attention: row.items.key_items().next().is_some(),
        note: row.note.clone(),
    }
}

/// A door number's stored form `(door_enc, door_idx)`: spaces removed, so
/// "2单元 301" and "2单元301" are one household.
pub fn seal_door(app: &App, door: &str) -> (String, String) {
    let squeezed: String = door.chars().filter(|c| !c.is_whitespace()).collect();
    (app.keys.field.encrypt(&squeezed), app.keys.index.index(DOOR_DOMAIN, &squeezed))
}


// ───────────────────────────── input ─────────────────────────────

/// A resident as typed into the register's form or posted to the API. Every
/// field is text, as in the town's sheet; the one validator reads it.
/// Deliberately not `Serialize`: it holds the plaintext 身份证号 and phone.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResidentInput {
    /// The grid (org unit id); ignored on edit.
    pub grid_id: Option<i64>,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    /// 与户主关系: code (02) or name (户主).
    pub relation: String,
    /// 户籍 / 流动 (or registered / floating).
    pub residence: String,
    pub floating_since: String,
    /// Ignored on edit (use move).
    pub building: String,
    /// Ignored on edit (use move).
    pub door: String,
    /// The six work items as sheet cells: "" / "无", a note, or "重点：…".
    pub family_planning: String,
    pub sanitation: String,
    pub fire_safety: String,
    pub services_needed: String,
    pub public_security: String,
    pub disputes: String,
    pub note: String,
}

/// The form / JSON field of a sheet column.
pub fn field_of(header: &str) -> &'static str {
    match header {
        "姓名" => "name",
        "身份证号" => "id_number",
        "联系电话" => "phone",
        "与户主关系" => "relation",
        "户籍/流动" => "residence",
        "流入日期" => "floating_since",
        "楼栋" => "building",
        "门牌号" => "door",
        "计划生育/流动人口管理" => "family_planning",
        "环境卫生" => "sanitation",
        "消防安全" => "fire_safety",
        "便民服务需求" => "services_needed",
        "治安联防" => "public_security",
        "矛盾纠纷记录" => "disputes",
        "备注" => "note",
        _ => "",
    }
}

/// The form field of a work item.
pub fn item_field(item: WorkItem) -> &'static str {
    field_of(item.label())
}

impl ResidentInput {
    fn get(&self, field: &str) -> &str {
        match field {
            "name" => &self.name,
            "id_number" => &self.id_number,
            "phone" => &self.phone,
            "relation" => &self.relation,
            "residence" => &self.residence,
            "floating_since" => &self.floating_since,
            "building" => &self.building,
            "door" => &self.door,
            "family_planning" => &self.family_planning,
            "sanitation" => &self.sanitation,
            "fire_safety" => &self.fire_safety,
            "services_needed" => &self.services_needed,
            "public_security" => &self.public_security,
            "disputes" => &self.disputes,
            "note" => &self.note,
            _ => "",
        }
    }

    /// The row's cells in `COLUMNS` order (序号 empty).
    pub fn cells(&self) -> Vec<String> {
        COLUMNS.iter().map(|c| self.get(field_of(c.header)).to_string()).collect()
    }

    /// Checks the input with the register's one validator.
    pub fn validate(&self, today: NaiveDate) -> AppResult<ResidentRow> {
        let cells = self.cells();
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        validate_row(1, &refs, today).map_err(|errors| cell_errors(&errors).into())
    }
}

/// One error naming the first bad field, with every problem of the row in the message.
fn cell_errors(errors: &[CellError]) -> DomainError {
    let field = errors.first().map(|e| field_of(e.column)).unwrap_or("");
    let message = errors
        .iter()
        .map(|e| if e.column.is_empty() || e.message.contains(e.column) { e.message.clone() } else { format!("「{}」{}", e.column, e.message) })
        .collect::<Vec<_>>()
        .join("；");
    DomainError::invalid(field, message)
}

// ───────────────────────────── stored rows ─────────────────────────────

/// A resident row as stored, with its place.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: i64,
    pub grid: OrgRef,
    pub building_id: i64,
    pub building: String,
    pub household_id: i64,
    pub door_enc: String,
    pub name: String,
    pub id_enc: String,
    pub sex: String,
    pub birth_date: String,
    pub phone_enc: Option<String>,
    pub relation: String,
    pub residence: String,
    pub floating_since: Option<String>,
    pub items: WorkItems,
    pub attention: bool,
    pub note: Option<String>,
}

impl Stored {
    pub fn place(&self) -> Place {
        Place { grid: self.grid.path.clone(), building_id: Some(self.building_id) }
    }
}

async fn load_stored(app: &App, id: i64) -> AppResult<Stored> {
    let r = sqlx::query(
        "SELECT r.id, r.grid_id, r.building_id, b.name AS building, r.household_id, h.door_enc, r.name, r.id_enc, r.sex, r.birth_date, r.phone_enc, \
         r.relation, r.residence, r.floating_since, r.items_json, CASE WHEN r.attention THEN 1 ELSE 0 END AS attention, r.note \
         FROM grid_resident r JOIN grid_building b ON b.id = r.building_id JOIN grid_household h ON h.id = r.household_id WHERE r.id = $1 AND r.active = TRUE",
    )
    .bind(id)
    .fetch_optional(&app.db.pool)
    .await?
    .ok_or_else(|| DomainError::not_found("居民"))?;
    let items_json: String = col(&r, "items_json")?;
    Ok(Stored {
        id,
        grid: load_org(app, col(&r, "grid_id")?).await?,
        building_id: col(&r, "building_id")?,
        building: col(&r, "building")?,
        household_id: col(&r, "household_id")?,
        door_enc: col(&r, "door_enc")?,
        name: col(&r, "name")?,
        id_enc: col(&r, "id_enc")?,
        sex: col(&r, "sex")?,
        birth_date: col(&r, "birth_date")?,
        phone_enc: col(&r, "phone_enc")?,
        relation: col(&r, "relation")?,
        residence: col(&r, "residence")?,
        floating_since: col(&r, "floating_since")?,
        items: serde_json::from_str(&items_json).unwrap_or_default(),
        attention: flag(&r, "attention")?,
        note: col(&r, "note")?,
    })
}

/// Loads a resident the actor may reach with `perm` (403 outside the grid scope).
pub async fn load_for(app: &App, actor: &Actor, perm: Permission, id: i64) -> AppResult<Stored> {
    let s = load_stored(app, id).await?;
    scope::require_place(app, actor, perm, &s.place()).await?;
    Ok(s)
}

fn decrypt(app: &App, c: &str) -> AppResult<String> {
    app.keys.field.decrypt(c).map_err(|e| AppError::internal(format!("personal field: {e}")))
}

/// What the audit trail keeps of a resident: protected values masked only.
fn audit_view(app: &App, s: &Sealed, building: &str, door_enc: &str) -> serde_json::Value {
    serde_json::json!({
        "name": s.name,
        "id_number": personal::masked(app, Kind::IdNumber, Some(&s.id_enc)),
        "phone": personal::masked(app, Kind::Phone, s.phone_enc.as_deref()),
        "relation": s.relation,
        "residence": s.residence,
        "floating_since": s.floating_since,
        "building": building,
        "door": personal::masked(app, Kind::Door, Some(door_enc)),
        "items": serde_json::from_str::<serde_json::Value>(&s.items_json).unwrap_or_default(),
        "attention": s.attention,
        "note": s.note,
    })
}

fn duplicate() -> AppError {
    DomainError::conflict("该「身份证号」已登记在居民基础信息表中，同一居民只能登记一次；如已搬迁，请在原记录中办理迁移").into()
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    let m = e.to_string().to_lowercase();
    m.contains("unique") || m.contains("duplicate key")
}

// ───────────────────────────── register, edit ─────────────────────────────

/// Registers a resident (登记): the grid worker, director or town with
/// `ResidentEdit` on the grid. Returns the new id.
pub async fn register(app: &App, actor: &Actor, input: &ResidentInput) -> AppResult<i64> {
    let today = crate::web::pages::today();
    let grid_id = input.grid_id.ok_or_else(|| DomainError::invalid("grid_id", "请选择「网格」"))?;
    let grid = places::grid_org(app, grid_id).await?;
    scope::require_place(app, actor, Permission::ResidentEdit, &Place { grid: grid.path.clone(), building_id: None }).await?;
    let row = input.validate(today)?;
    let sealed = seal(app, &row);
    let mut w = Write::begin(app, actor, Permission::ResidentEdit, &grid).await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM grid_resident WHERE id_idx = $1").bind(&sealed.id_idx).fetch_optional(w.conn()).await?;
    if exists.is_some() {
        return Err(duplicate());
    }
    let (building, door) = row.household_key();
    let building_id = places::building_in(&mut w, grid.id, &building).await?;
    let household_id = places::household_in(app, w.conn(), building_id, &door).await?;
    let t = now_text();
    let id = insert_in(w.conn(), &sealed, grid.id, building_id, household_id, Some(actor.user_id), false, &t).await.map_err(|e| if is_unique_violation(&e) { duplicate() } else { e.into() })?;
    sqlx::query("INSERT INTO grid_residence (resident_id, grid_id, building_id, household_id, from_date, to_date, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6)")
        .bind(id)
        .bind(grid.id)
        .bind(building_id)
        .bind(household_id)
        .bind(today.to_string())
        .bind(&t)
        .execute(w.conn())
        .await?;
    let (door_enc, _) = seal_door(app, &door);
    w.record(Change::create(RESIDENT, id, &audit_view(app, &sealed, &building, &door_enc)));
    w.commit().await?;
    Ok(id)
}

/// Inserts one sealed row (shared by the form and the demo).
#[allow(clippy::too_many_arguments)]
async fn insert_in(conn: &mut sqlx::AnyConnection, s: &Sealed, grid_id: i64, building_id: i64, household_id: i64, by: Option<i64>, demo: bool, t: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO grid_resident (grid_id, building_id, household_id, name, id_enc, id_idx, sex, birth_date, phone_enc, phone_idx, relation, residence, \
         floating_since, items_json, attention, note, active, is_demo, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, TRUE, $17, $18, $19, $19) RETURNING id",
    )
    .bind(grid_id)
    .bind(building_id)
    .bind(household_id)
    .bind(&s.name)
    .bind(&s.id_enc)
    .bind(&s.id_idx)
    .bind(s.sex)
    .bind(&s.birth_date)
    .bind(s.phone_enc.as_deref())
    .bind(s.phone_idx.as_deref())
    .bind(s.relation)
    .bind(s.residence)
    .bind(s.floating_since.as_deref())
    .bind(&s.items_json)
    .bind(s.attention)
    .bind(s.note.as_deref())
    .bind(demo)
    .bind(by)
    .bind(t)
    .fetch_one(conn)
    .await
}

/// Edits a resident's table row (same validator as registering). A blank
/// 身份证号 or phone keeps the stored one (the form never shows them in
/// full); `remove_phone` clears the phone. The place changes only by
/// [`move_to`]. The audit keeps masked values only.
pub async fn edit(app: &App, actor: &Actor, id: i64, input: &ResidentInput, remove_phone: bool) -> AppResult<()> {
    let today = crate::web::pages::today();
    let s = load_for(app, actor, Permission::ResidentEdit, id).await?;
    let mut full = input.clone();
    if full.id_number.trim().is_empty() {
        full.id_number = decrypt(app, &s.id_enc)?;
    }
    if remove_phone {
        full.phone.clear();
    } else if full.phone.trim().is_empty()
        && let Some(p) = &s.phone_enc
    {
        full.phone = decrypt(app, p)?;
    }
    full.building = s.building.clone();
    full.door = decrypt(app, &s.door_enc)?;
    let row = full.validate(today)?;
    let sealed = seal(app, &row);
    let mut w = Write::begin(app, actor, Permission::ResidentEdit, &s.grid).await?;
    let other: Option<i64> = sqlx::query_scalar("SELECT id FROM grid_resident WHERE id_idx = $1 AND id <> $2").bind(&sealed.id_idx).bind(id).fetch_optional(w.conn()).await?;
    if other.is_some() {
        return Err(duplicate());
    }
    let before_sealed = Sealed {
        name: s.name.clone(),
        id_enc: s.id_enc.clone(),
        id_idx: String::new(),
        sex: "",
        birth_date: s.birth_date.clone(),
        phone_enc: s.phone_enc.clone(),
        phone_idx: None,
        relation: HouseholdRelation::parse(&s.relation).map_or("", |r| r.code()),
        residence: ResidenceStatus::parse(&s.residence).map_or("", |r| r.code()),
        floating_since: s.floating_since.clone(),
        items_json: serde_json::to_string(&s.items).unwrap_or_default(),
        attention: s.attention,
        note: s.note.clone(),
    };
    let mut before = audit_view(app, &before_sealed, &s.building, &s.door_enc);
    let mut after = audit_view(app, &sealed, &s.building, &s.door_enc);
    let id_changed = decrypt(app, &s.id_enc)? != row.id_number.as_str();
    let phone_before = s.phone_enc.as_deref().map(|p| decrypt(app, p)).transpose()?;
    let phone_changed = phone_before.as_deref() != row.phone.as_ref().map(|p| p.as_str());
    for (key, changed) in [("id_number", id_changed), ("phone", phone_changed)] {
        if changed {
            after[key] = serde_json::json!(format!("已修改（{}）", after[key].as_str().unwrap_or("已删除")));
        } else {
            before.as_object_mut().map(|o| o.remove(key));
            after.as_object_mut().map(|o| o.remove(key));
        }
    }
    sqlx::query(
        "UPDATE grid_resident SET name = $1, id_enc = $2, id_idx = $3, sex = $4, birth_date = $5, phone_enc = $6, phone_idx = $7, relation = $8, residence = $9, \
         floating_since = $10, items_json = $11, attention = $12, note = $13, updated_at = $14 WHERE id = $15",
    )
    .bind(&sealed.name)
    .bind(&sealed.id_enc)
    .bind(&sealed.id_idx)
    .bind(sealed.sex)
    .bind(&sealed.birth_date)
    .bind(sealed.phone_enc.as_deref())
    .bind(sealed.phone_idx.as_deref())
    .bind(sealed.relation)
    .bind(sealed.residence)
    .bind(sealed.floating_since.as_deref())
    .bind(&sealed.items_json)
    .bind(sealed.attention)
    .bind(sealed.note.as_deref())
    .bind(now_text())
    .bind(id)
    .execute(w.conn())
    .await
    .map_err(|e| if is_unique_violation(&e) { duplicate() } else { AppError::from(e) })?;
    w.record(Change::update(RESIDENT, id, &before, &after));
    w.commit().await
}

// ───────────────────────────── moves ─────────────────────────────

/// Where a resident moves to.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MoveInput {
    pub grid_id: Option<i64>,
    pub building: String,
    pub door: String,
    /// The day of the move (default today).
    pub on: String,
}

async fn history_rows(app: &App, id: i64) -> AppResult<Vec<(Residence, String, i64)>> {
    let rows = sqlx::query(
        "SELECT o.path, o.name AS grid_name, b.name AS building, h.door_enc, x.from_date, x.to_date, x.id FROM grid_residence x \
         JOIN org_unit o ON o.id = x.grid_id JOIN grid_building b ON b.id = x.building_id JOIN grid_household h ON h.id = x.household_id \
         WHERE x.resident_id = $1 ORDER BY x.from_date, x.id",
    )
    .bind(id)
    .fetch_all(&app.db.pool)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let path: String = col(r, "path")?;
        let from: String = col(r, "from_date")?;
        let to: Option<String> = col(r, "to_date")?;
        let door_enc: String = col(r, "door_enc")?;
        let parse = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| AppError::internal(format!("residence date {d}")));
        out.push((
            Residence {
                grid: OrgPath::parse(&path).ok_or_else(|| AppError::internal(format!("org path {path}")))?,
                building: col(r, "building")?,
                door: decrypt(app, &door_enc)?,
                from: parse(&from)?,
                until: to.as_deref().map(parse).transpose()?,
            },
            col(r, "grid_name")?,
            col(r, "id")?,
        ));
    }
    Ok(out)
}

/// Moves a resident to another household (same or another grid): the open
/// period is closed the day before and a new one opens (`plan_move`).
/// Needs `ResidentEdit` on both grids.
pub async fn move_to(app: &App, actor: &Actor, id: i64, m: &MoveInput) -> AppResult<()> {
    let s = load_for(app, actor, Permission::ResidentEdit, id).await?;
    let target = places::grid_org(app, m.grid_id.unwrap_or(s.grid.id)).await?;
    scope::require_place(app, actor, Permission::ResidentEdit, &Place { grid: target.path.clone(), building_id: None }).await?;
    let on = if m.on.trim().is_empty() { crate::web::pages::today() } else { fazhi_core::form::date("on", "迁移日期", &m.on)? };
    if on > crate::web::pages::today() {
        return Err(DomainError::invalid("on", "「迁移日期」不能晚于今天").into());
    }
    let building: String = m.building.chars().filter(|c| !c.is_whitespace()).collect();
    let door = Kind::Door.parse("door", &m.door)?;
    if building.is_empty() {
        return Err(DomainError::invalid("building", "「楼栋」不能为空").into());
    }
    let history: Vec<Residence> = history_rows(app, id).await?.into_iter().map(|h| h.0).collect();
    let planned = plan_move(&history, &target.path, &building, &door, on)?;
    let closed_until = planned.iter().rev().nth(1).and_then(|r| r.until);
    let mut w = Write::begin(app, actor, Permission::ResidentEdit, &target).await?;
    let building_id = places::building_in(&mut w, target.id, &building).await?;
    let household_id = places::household_in(app, w.conn(), building_id, &door).await?;
    let t = now_text();
    if let Some(until) = closed_until {
        sqlx::query("UPDATE grid_residence SET to_date = $1 WHERE resident_id = $2 AND to_date IS NULL").bind(until.to_string()).bind(id).execute(w.conn()).await?;
    }
    sqlx::query("INSERT INTO grid_residence (resident_id, grid_id, building_id, household_id, from_date, to_date, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6)")
        .bind(id)
        .bind(target.id)
        .bind(building_id)
        .bind(household_id)
        .bind(on.to_string())
        .bind(&t)
        .execute(w.conn())
        .await?;
    sqlx::query("UPDATE grid_resident SET grid_id = $1, building_id = $2, household_id = $3, updated_at = $4 WHERE id = $5")
        .bind(target.id)
        .bind(building_id)
        .bind(household_id)
        .bind(&t)
        .bind(id)
        .execute(w.conn())
        .await?;
    let detail = serde_json::json!({
        "on": on.to_string(),
        "from": {"grid": s.grid.name, "building": s.building, "door": personal::masked(app, Kind::Door, Some(&s.door_enc))},
        "to": {"grid": target.name, "building": building, "door": Kind::Door.mask(&door)},
    });
    if target.id != s.grid.id {
        w.record(Change::action("move_out", RESIDENT, id, &detail).in_org(&s.grid));
    }
    w.record(Change::action("move", RESIDENT, id, &detail));
    w.commit().await
}

// ───────────────────────────── views ─────────────────────────────

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub key: &'static str,
    pub label: &'static str,
    pub attention: &'static str,
    pub attention_label: &'static str,
    pub note: String,
    pub named_by_seed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResidenceView {
    pub grid: String,
    pub building: String,
    /// Masked.
    pub door: String,
    pub from: String,
    pub until: Option<String>,
}

/// A resident, masked (page and API).
#[derive(Debug, Clone, Serialize)]
pub struct ResidentView {
    pub id: i64,
    pub grid_id: i64,
    pub grid: String,
    pub building_id: i64,
    pub building: String,
    pub door: String,
    pub name: String,
    pub sex: &'static str,
    pub birth_date: String,
    pub id_number: String,
    pub phone: Option<String>,
    pub relation: String,
    pub relation_label: &'static str,
    pub residence: String,
    pub residence_label: &'static str,
    pub floating_since: Option<String>,
    pub attention: bool,
    pub items: Vec<ItemView>,
    pub note: Option<String>,
    pub history: Vec<ResidenceView>,
}

fn attention_code(a: Attention) -> &'static str {
    match a {
        Attention::None => "none",
        Attention::Noted => "noted",
        Attention::Key => "key",
    }
}

/// The sheet cell of a work item chosen on the form as attention + note.
pub fn item_cell(attention: &str, note: &str) -> String {
    let note = note.trim();
    match attention {
        "key" => format!("重点：{note}"),
        "none" if note.is_empty() => String::new(),
        _ => note.to_string(),
    }
}

/// The masked view of a resident the actor may read (`GridRead` in scope).
pub async fn view(app: &App, actor: &Actor, id: i64) -> AppResult<ResidentView> {
    let s = load_for(app, actor, Permission::GridRead, id).await?;
    let history = history_rows(app, id)
        .await?
        .into_iter()
        .map(|(r, grid, _)| ResidenceView { grid, building: r.building, door: Kind::Door.mask(&r.door), from: r.from.to_string(), until: r.until.map(|u| u.to_string()) })
        .collect();
    Ok(ResidentView {
        id,
        grid_id: s.grid.id,
        grid: s.grid.name.clone(),
        building_id: s.building_id,
        building: s.building.clone(),
        door: personal::masked(app, Kind::Door, Some(&s.door_enc)).unwrap_or_default(),
        name: s.name.clone(),
        sex: if s.sex == "female" { Sex::Female.label() } else { Sex::Male.label() },
        birth_date: s.birth_date.clone(),
        id_number: personal::masked(app, Kind::IdNumber, Some(&s.id_enc)).unwrap_or_default(),
        phone: personal::masked(app, Kind::Phone, s.phone_enc.as_deref()),
        relation_label: HouseholdRelation::parse(&s.relation).map_or("", |r| r.label()),
        relation: s.relation.clone(),
        residence_label: ResidenceStatus::parse(&s.residence).map_or("", |r| r.label()),
        residence: s.residence.clone(),
        floating_since: s.floating_since.clone(),
        attention: s.attention,
        items: WorkItem::ALL
            .into_iter()
            .map(|i| {
                let e: &ItemEntry = s.items.get(i);
                ItemView { key: item_field(i), label: i.label(), attention: attention_code(e.attention), attention_label: e.attention.label(), note: e.note.clone(), named_by_seed: i.named_by_seed() }
            })
            .collect(),
        note: s.note.clone(),
        history,
    })
}

/// The protected values in full.
#[derive(Debug, Clone, Serialize)]
pub struct Revealed {
    pub id: i64,
    pub name: String,
    pub id_number: String,
    pub phone: Option<String>,
    pub door: String,
}

/// 显示完整信息: decrypts the 身份证号, phone and door number, each viewing
/// audited (`unmask`, naming the field, never the value). Needs
/// `PersonalDataUnmask` on the resident's grid (a 楼栋长 has none).
pub async fn reveal(app: &App, actor: &Actor, id: i64) -> AppResult<Revealed> {
    let s = load_for(app, actor, Permission::GridRead, id).await?;
    let mut w = Write::begin(app, actor, Permission::PersonalDataUnmask, &s.grid).await?;
    let key = id.to_string();
    let id_number = personal::reveal_in(&mut w, RESIDENT, &key, "id_number", &s.id_enc).await?;
    let phone = match &s.phone_enc {
        Some(c) => Some(personal::reveal_in(&mut w, RESIDENT, &key, "phone", c).await?),
        None => None,
    };
    let door = personal::reveal_in(&mut w, RESIDENT, &key, "door", &s.door_enc).await?;
    w.commit().await?;
    Ok(Revealed { id, name: s.name, id_number, phone, door })
}

/// The edit form's prefill: everything but the protected values.
pub fn input_of(v: &ResidentView) -> ResidentInput {
    let cell = |k: &str| v.items.iter().find(|i| i.key == k).map(|i| item_cell(i.attention, &i.note)).unwrap_or_default();
    ResidentInput {
        grid_id: Some(v.grid_id),
        name: v.name.clone(),
        relation: v.relation.clone(),
        residence: v.residence.clone(),
        floating_since: v.floating_since.clone().unwrap_or_default(),
        building: v.building.clone(),
        family_planning: cell("family_planning"),
        sanitation: cell("sanitation"),
        fire_safety: cell("fire_safety"),
        services_needed: cell("services_needed"),
        public_security: cell("public_security"),
        disputes: cell("disputes"),
        note: v.note.clone().unwrap_or_default(),
        ..ResidentInput::default()
    }
}

// ───────────────────────────── demo ─────────────────────────────

const SURNAMES: &[&str] = &["张", "李", "王", "陈", "刘", "黄", "周", "吴", "邓", "曾", "罗", "谢"];
const GIVEN: &[&str] = &["晓一", "晓二", "晓三", "晓四", "晓五", "晓六", "晓七", "晓八", "晓九", "晓十"];

/// ~300 synthetic residents of 西联镇 in the demo buildings: valid 身份证号
/// checksums (area 440203, computed), names marked 演示·, some 流动 with
/// 流入日期, some work items marked 重点. Direct batch inserts in one
/// transaction (the demo runs in every integration test).
pub async fn demo(app: &App) -> AppResult<()> {
    let today = crate::web::pages::today();
    let mut tx = app.db.begin_write().await?;
    let t = now_text();
    let mut seq: u16 = 0;
    let mut household_no = 0usize;
    for (code, buildings) in places::DEMO_BUILDINGS {
        let grid_id: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1").bind(*code).fetch_one(&mut **tx).await?;
        let village = code.ends_with("-02-01") || code.ends_with("-03-01");
        for building in *buildings {
            let building_id: i64 = sqlx::query_scalar("SELECT id FROM grid_building WHERE grid_id = $1 AND name = $2").bind(grid_id).bind(*building).fetch_one(&mut **tx).await?;
            for h in 0..6usize {
                household_no += 1;
                let door = if village { format!("{}号", 3 + h * 2) } else { format!("{}单元{}0{}", h / 3 + 1, h % 3 + 1, h % 2 + 1) };
                let (door_enc, door_idx) = seal_door(app, &door);
                let household_id: i64 = sqlx::query_scalar("INSERT INTO grid_household (building_id, door_enc, door_idx, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(building_id)
                    .bind(door_enc)
                    .bind(door_idx)
                    .bind(&t)
                    .fetch_one(&mut **tx)
                    .await?;
                let surname = SURNAMES[household_no % SURNAMES.len()];
                let floating = household_no.is_multiple_of(5);
                let head_year = 1950 + (household_no * 7 % 40) as i32;
                // Members: head, spouse, children; an elderly parent in every fourth household.
                let mut members: Vec<(&str, i32, bool)> = vec![("02", head_year, true), ("10", head_year + 2, false)];
                members.push(("20", head_year + 26, true));
                if household_no.is_multiple_of(2) {
                    members.push(("30", head_year + 29, false));
                }
                if household_no % 4 == 1 && head_year > 1960 {
                    members.push(("52", head_year - 25, false));
                }
                for (k, (relation, year, male)) in members.into_iter().enumerate() {
                    let year = year.min(chrono::Datelike::year(&today) - 1);
                    let birth = NaiveDate::from_ymd_opt(year, (household_no % 12 + 1) as u32, (k * 5 + 3) as u32).unwrap_or(today);
                    seq += 1;
                    let s3 = seq * 2 + u16::from(male);
                    let id = IdNumber::synthesize("440203", birth, s3 % 1000);
                    let name = format!("演示·{surname}{}", GIVEN[(household_no + k) % GIVEN.len()]);
                    let phone = if k == 0 { format!("1390751{:04}", household_no) } else { String::new() };
                    let since = if floating { (today - chrono::Days::new(60 + (household_no as u64 * 37) % 1500)).max(birth).to_string() } else { String::new() };
                    let mut input = ResidentInput {
                        grid_id: Some(grid_id),
                        name,
                        id_number: id.as_str().to_string(),
                        phone,
                        relation: relation.into(),
                        residence: if floating { "流动".into() } else { "户籍".into() },
                        floating_since: since,
                        building: (*building).into(),
                        door: door.clone(),
                        ..ResidentInput::default()
                    };
                    if k == 0 {
                        match household_no % 9 {
                            0 => input.sanitation = "重点：门前堆放杂物，已多次劝导".into(),
                            3 => input.fire_safety = "重点：电动车在楼道充电".into(),
                            5 => input.services_needed = "独居老人，需定期上门".into(),
                            7 => input.disputes = "重点：与邻居因漏水问题有矛盾".into(),
                            _ => {}
                        }
                        if floating {
                            input.family_planning = "流动人口，已登记居住证".into();
                        }
                    }
                    let row = input.validate(today).map_err(|e| AppError::internal(format!("demo resident: {e}")))?;
                    let sealed = seal(app, &row);
                    let rid = insert_in(&mut tx, &sealed, grid_id, building_id, household_id, None, true, &t).await?;
                    sqlx::query("INSERT INTO grid_residence (resident_id, grid_id, building_id, household_id, from_date, to_date, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6)")
                        .bind(rid)
                        .bind(grid_id)
                        .bind(building_id)
                        .bind(household_id)
                        .bind(if floating { input.floating_since.clone() } else { row.birth_date().to_string() })
                        .bind(&t)
                        .execute(&mut **tx)
                        .await?;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
