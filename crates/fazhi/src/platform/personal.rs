//! Protected personal fields (身份证号、电话): how every module stores, shows,
//! finds and reveals them.
//!
//! - Stored as two columns: `<x>_enc`, the SM4-GCM ciphertext of the normalized
//!   value (`app.keys.field`), and `<x>_idx`, its HMAC-SM3 blind index
//!   (`app.keys.index`, domain per kind) for exact look-up. The plaintext is
//!   never written to the database or the audit trail.
//! - Shown masked (`440203********1234`, `138****5678`).
//! - Revealed only inside a write that began with
//!   `Permission::PersonalDataUnmask` on the record's unit; [`reveal_in`] records
//!   an audited `unmask` action naming the record and field, not the value.
use fazhi_core::DomainError;
use fazhi_core::access::Permission;
use fazhi_core::personal::{IdNumber, Phone, mask_address, mask_id_number, mask_phone};

use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, Write};

/// The kinds of protected personal values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Phone,
    IdNumber,
    /// A household's door number (门牌号, e.g. "2单元301"): stored with the
    /// grid's `door` blind-index domain, masked like "2单元****".
    Door,
}

impl Kind {
    /// The blind-index domain: one per kind, so the same phone is found across tables.
    pub fn domain(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::IdNumber => "id_number",
            Kind::Door => "door",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Phone => "联系电话",
            Kind::IdNumber => "身份证号码",
            Kind::Door => "门牌号",
        }
    }

    /// Validates user input into the one normalized spelling that is encrypted
    /// and indexed. The error names `field`.
    pub fn parse(self, field: &str, input: &str) -> Result<String, DomainError> {
        match self {
            Kind::Phone => Phone::parse(input).map(|p| p.as_str().to_string()).map_err(|e| e.for_field(field)),
            Kind::IdNumber => IdNumber::parse(input).map(|p| p.as_str().to_string()).map_err(|e| e.for_field(field)),
            // Spaces removed, so "2单元 301" and "2单元301" are one household.
            Kind::Door => {
                let squeezed: String = input.chars().filter(|c| !c.is_whitespace()).collect();
                if squeezed.is_empty() {
                    Err(DomainError::invalid(field, "「门牌号」不能为空"))
                } else if squeezed.chars().count() > 30 {
                    Err(DomainError::invalid(field, "「门牌号」不能超过30字"))
                } else {
                    Ok(squeezed)
                }
            }
        }
    }

    /// The masked form of a (normalized) value.
    pub fn mask(self, plain: &str) -> String {
        match self {
            Kind::Phone => mask_phone(plain),
            Kind::IdNumber => mask_id_number(plain),
            Kind::Door => mask_address(plain),
        }
    }

    fn normalize(self, value: &str) -> String {
        self.parse("value", value).unwrap_or_else(|_| value.trim().to_string())
    }
}

/// Encrypts a value and computes its blind index: `(ciphertext, blind_index)`.
/// Validate with [`Kind::parse`] first; the value is normalized again here so
/// that storing and finding always index the same spelling.
pub fn protect(app: &App, kind: Kind, value: &str) -> (String, String) {
    let normalized = kind.normalize(value);
    (app.keys.field.encrypt(&normalized), app.keys.index.index(kind.domain(), &normalized))
}

/// The blind index of a value typed into a search box, `None` when the value is
/// not a valid value of the kind (nothing can match it).
pub fn index_of(app: &App, kind: Kind, input: &str) -> Option<String> {
    kind.parse("value", input).ok().map(|n| app.keys.index.index(kind.domain(), &n))
}

fn decrypt(app: &App, ciphertext: &str) -> AppResult<String> {
    app.keys.field.decrypt(ciphertext).map_err(|e| AppError::internal(format!("personal field: {e}")))
}

/// The masked display of a stored ciphertext (`None` stays `None`). Masking
/// needs the digits, so this decrypts in memory; nothing is revealed or logged.
pub fn masked(app: &App, kind: Kind, ciphertext: Option<&str>) -> Option<String> {
    let c = ciphertext.filter(|c| !c.is_empty())?;
    Some(match decrypt(app, c) {
        Ok(plain) => kind.mask(&plain),
        Err(e) => {
            tracing::error!("{e}");
            "（无法解密）".to_string()
        }
    })
}

/// Decrypts a protected value for showing it in full and records the audited
/// `unmask` action (record, field; never the value) in the caller's write. The
/// write must have begun with `PersonalDataUnmask` on the record's unit.
pub async fn reveal_in(w: &mut Write<'_>, entity: &str, entity_id: &str, field: &str, ciphertext: &str) -> AppResult<String> {
    w.actor().require(Permission::PersonalDataUnmask, &w.org().path)?;
    let plain = decrypt(w.app(), ciphertext)?;
    w.record(Change::action("unmask", entity, entity_id, &serde_json::json!({"field": field})));
    Ok(plain)
}

/// Ids of the rows whose blind-index column equals the index of `input`.
/// `table`, `id_column` and `index_column` are code constants, never user input.
pub async fn find_by_index(app: &App, table: &'static str, id_column: &'static str, index_column: &'static str, kind: Kind, input: &str) -> AppResult<Vec<i64>> {
    let Some(idx) = index_of(app, kind, input) else {
        return Ok(Vec::new());
    };
    let sql = format!("SELECT {id_column} FROM {table} WHERE {index_column} = $1 ORDER BY {id_column}");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(idx).fetch_all(&app.db.pool).await?)
}
