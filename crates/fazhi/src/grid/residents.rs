//! The resident basic information table (居民基础信息表) in storage.
//!
//! [`seal`] is the one conversion from a checked [`ResidentRow`] to the stored
//! columns of `grid_resident`: the register's form, its API and the bulk XLSX
//! import all store through it, so a row means the same whichever way it came.
use fazhi_core::grid::resident::ResidentRow;
use fazhi_core::personal::Sex;

use crate::kernel::App;
use crate::platform::personal::{self, Kind};

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

/// Demo data of this part (see `grid::demo`).
pub async fn demo(_app: &crate::kernel::App) -> crate::error::AppResult<()> {
    Ok(())
}
