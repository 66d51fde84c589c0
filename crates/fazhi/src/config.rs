//! Configuration: defaults give a zero-setup SQLite start; a TOML file and
//! `FAZHI__KEY` environment variables override them. Secrets (the master key)
//! come from here, never from the database.
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    pub database_url: String,
    pub listen: String,
    pub data_dir: PathBuf,
    /// Hex master secret (≥ 32 bytes); audit, field-encryption and blind-index
    /// keys are derived from it. Required for `serve`; `demo` creates one in the data dir.
    pub secret_key: Option<String>,
    pub attachment_dir: Option<PathBuf>,
    pub max_upload_mb: u64,
    pub session_hours: i64,
    /// Set when served over HTTPS so cookies carry `Secure`.
    pub cookie_secure: bool,
    pub max_connections: u32,
    /// Exports larger than this many rows run as a background job.
    pub export_inline_rows: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: String::new(),
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            secret_key: None,
            attachment_dir: None,
            max_upload_mb: 50,
            session_hours: 12,
            cookie_secure: false,
            max_connections: 16,
            export_inline_rows: 5000,
        }
    }
}

impl Config {
    /// File (if given) then environment. Env names: FAZHI__DATABASE_URL, FAZHI__SECRET_KEY, …
    pub fn load(file: Option<&Path>) -> Result<Config, String> {
        let mut table = match file {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| format!("无法读取配置文件 {}: {e}", p.display()))?;
                toml::from_str::<toml::Table>(&text).map_err(|e| format!("配置文件格式错误: {e}"))?
            }
            None => toml::Table::new(),
        };
        for (k, v) in std::env::vars() {
            if let Some(key) = k.strip_prefix("FAZHI__") {
                let key = key.to_ascii_lowercase();
                let value = match v.parse::<i64>() {
                    Ok(n) if key != "secret_key" && key != "listen" => toml::Value::Integer(n),
                    _ => match v.as_str() {
                        "true" => toml::Value::Boolean(true),
                        "false" => toml::Value::Boolean(false),
                        _ => toml::Value::String(v),
                    },
                };
                table.insert(key, value);
            }
        }
        toml::Value::Table(table).try_into().map_err(|e| format!("配置项错误: {e}"))
    }

    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}?mode=rwc", self.data_dir.join("fazhi.db").display())
        } else {
            self.database_url.clone()
        }
    }

    pub fn attachment_dir(&self) -> PathBuf {
        self.attachment_dir.clone().unwrap_or_else(|| self.data_dir.join("files"))
    }
}
