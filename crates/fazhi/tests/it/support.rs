use std::net::SocketAddr;

use fazhi::config::Config;
use fazhi::kernel::App;
use reqwest::{Client, StatusCode};
use serde_json::Value;

pub const PW: &str = "fazhi-demo";
pub const SECRET: &str = "8f3b0c6e2a4d4e1f9b7a5c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";

pub struct TestApp {
    pub base: String,
    pub app: App,
    pub dir: tempfile::TempDir,
    pub database_url: String,
}

fn unique() -> String {
    fazhi_crypto::random_token(8)
}

/// A running server with the demo loaded, on its own database.
pub async fn spawn() -> TestApp {
    spawn_with(|_| {}).await
}

/// As `spawn`, with the configuration adjusted first.
pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let schema = format!("t_{}", unique());
            let db = fazhi::db::Db::connect(&base, 1).await.expect("connect TEST_DATABASE_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&db.pool).await.unwrap();
            db.pool.close().await;
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-c%20search_path%3D{schema}")
        }
        _ => format!("sqlite://{}?mode=rwc", dir.path().join("fazhi.db").display()),
    };
    let mut cfg = Config { database_url: url.clone(), data_dir: dir.path().to_path_buf(), max_connections: 5, ..Config::default() };
    adjust(&mut cfg);
    std::fs::write(dir.path().join("secret.key"), SECRET).unwrap();
    let app = App::open(cfg, SECRET).await.expect("open app");
    fazhi::demo::load(&app, PW).await.expect("demo");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = fazhi::web::router(app.clone());
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { base: format!("http://{addr}"), app, dir, database_url: url }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// An HTTP client that keeps cookies and does not follow redirects.
    pub fn browser(&self) -> Client {
        Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    /// Logs in through the API; returns the bearer token.
    pub async fn token(&self, user: &str) -> String {
        let r = Client::new().post(self.url("/api/v1/auth/login")).json(&serde_json::json!({"username": user, "password": PW})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "login {user}");
        r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    pub async fn get_json(&self, token: &str, path: &str) -> (StatusCode, Value) {
        let r = Client::new().get(self.url(path)).bearer_auth(token).send().await.unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_json(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        let r = Client::new().post(self.url(path)).bearer_auth(token).json(&body).send().await.unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn org_id(&self, code: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1").bind(code).fetch_one(&self.app.db.pool).await.unwrap()
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.app.db.pool).await.unwrap()
    }

    /// Logs in through the form; returns the client (with its cookie) and the page's CSRF token.
    pub async fn console(&self, user: &str) -> (Client, String) {
        let c = self.browser();
        let r = c.post(self.url("/login")).form(&[("username", user), ("password", PW), ("next", "/console")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "form login {user}");
        let page = c.get(self.url("/console")).send().await.unwrap().text().await.unwrap();
        let csrf = page.split("name=\"_csrf\" value=\"").nth(1).expect("csrf field").split('"').next().unwrap().to_string();
        (c, csrf)
    }
}
