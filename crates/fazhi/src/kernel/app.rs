use std::sync::Arc;

use fazhi_crypto::{BlindIndex, FieldCipher};

use crate::config::Config;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};

/// Keys derived from the configured master secret. Never stored in the database.
pub struct Keys {
    pub audit: Vec<u8>,
    pub field: FieldCipher,
    pub index: BlindIndex,
}

impl Keys {
    pub fn from_master_hex(hex_key: &str) -> AppResult<Keys> {
        let master = fazhi_crypto::parse_key("secret_key", hex_key).map_err(|e| AppError::internal(format!("secret_key: {e}")))?;
        if master.len() < 32 {
            return Err(AppError::internal("secret_key 至少应为 32 字节（64 个十六进制字符）"));
        }
        let audit = fazhi_crypto::derive_subkey(&master, fazhi_crypto::LABEL_AUDIT_CHAIN).to_vec();
        let index = BlindIndex::new(fazhi_crypto::derive_subkey(&master, fazhi_crypto::LABEL_BLIND_INDEX));
        Ok(Keys { audit, field: FieldCipher::new(fazhi_crypto::derive_field_key(&master), 1), index })
    }

    /// HMAC-SM3 of an audit record's canonical bytes, hex.
    pub fn audit_mac(&self, data: &[u8]) -> String {
        fazhi_crypto::hmac_sm3_hex(&self.audit, data)
    }
}

/// Shared application state: cheap to clone, no node-local data that another
/// app server would need (sessions, jobs, audit heads all live in the database).
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub cfg: Arc<Config>,
    pub keys: Arc<Keys>,
    pub jieba: Arc<jieba_rs::Jieba>,
}

impl App {
    /// Connects, migrates and seeds the reference tables (calendar).
    pub async fn open(cfg: Config, secret_hex: &str) -> AppResult<App> {
        let db = Db::connect(&cfg.database_url(), cfg.max_connections).await?;
        db::migrate(&db).await?;
        let app = App { db, cfg: Arc::new(cfg), keys: Arc::new(Keys::from_master_hex(secret_hex)?), jieba: Arc::new(jieba_rs::Jieba::new()) };
        crate::platform::calendar::seed_official(&app).await?;
        Ok(app)
    }
}
