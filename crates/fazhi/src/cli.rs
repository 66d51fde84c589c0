//! The command line: `demo`, `serve`, `migrate`, `audit verify`, `calendar add-workdays`, `grid sample|import`.
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::db::{self, Db};
use crate::kernel::App;

#[derive(Parser)]
#[command(name = "fazhi", version, about = "法治政府建设工作平台")]
struct Cli {
    /// Configuration file (TOML); FAZHI__* environment variables override it.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// sqlite://… or postgres://…
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Start with the demo town (embedded SQLite under --data-dir unless --database-url is given).
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        #[arg(long, default_value = "fazhi-demo")]
        demo_password: String,
    },
    /// Serve (production): needs a secret key in the config or FAZHI__SECRET_KEY.
    Serve {
        #[arg(long)]
        listen: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Audit-chain tools.
    Audit {
        #[command(subcommand)]
        cmd: AuditCmd,
    },
    /// Working-day calendar tools.
    Calendar {
        #[command(subcommand)]
        cmd: CalendarCmd,
    },
    /// Benchmark data: N published items of 西联镇 and M disclosure requests of year Y (loads the demo first if needed).
    BenchSeed {
        #[arg(long, default_value_t = 10_000)]
        items: usize,
        #[arg(long, default_value_t = 2_000)]
        requests: usize,
        #[arg(long)]
        year: i32,
    },
    /// 网格化管理 tools: synthetic resident tables and imports.
    Grid {
        #[command(subcommand)]
        cmd: GridCmd,
    },
    /// Times the annual disclosure report of 西联镇 for a year (Tables 二/三/四 from the ledgers, then the DOCX).
    BenchReport {
        #[arg(long)]
        year: i32,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
}

#[derive(Subcommand)]
enum GridCmd {
    /// Writes a synthetic resident table (template layout) with N valid rows, BAD of them made wrong.
    Sample {
        #[arg(long, default_value_t = 1000)]
        rows: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 0)]
        bad: usize,
    },
    /// Imports a resident table into a grid now (the console's import, run synchronously); prints rows/s.
    Import {
        /// The grid's org code, e.g. 440203103-01-01.
        #[arg(long)]
        grid: String,
        #[arg(long)]
        file: PathBuf,
        /// all = 全部正确才导入, valid = 只导入正确的行.
        #[arg(long, default_value = "all")]
        mode: String,
        /// The user the import runs as (needs 登记、修改居民信息 on the grid).
        #[arg(long, default_value = "admin")]
        user: String,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Verify every chain; exit 0 when intact, 1 naming the first broken record.
    Verify,
}

#[derive(Subcommand)]
enum CalendarCmd {
    /// START + N working days (the start day is not counted).
    AddWorkdays { start: String, days: u32 },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_env("FAZHI_LOG").unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}

fn config(cli: &Cli) -> Result<Config, String> {
    let mut cfg = Config::load(cli.config.as_deref())?;
    if let Some(u) = &cli.database_url {
        cfg.database_url = u.clone();
    }
    if let Some(d) = &cli.data_dir {
        cfg.data_dir = d.clone();
    }
    Ok(cfg)
}

/// The demo keeps its generated secret next to its database (mode 0600).
fn demo_secret(dir: &Path) -> Result<String, String> {
    let p = dir.join("secret.key");
    if let Ok(s) = std::fs::read_to_string(&p) {
        return Ok(s.trim().to_string());
    }
    let key = hex::encode(fazhi_crypto::random_bytes::<32>());
    std::fs::write(&p, &key).map_err(|e| format!("无法写入 {}: {e}", p.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600));
    }
    Ok(key)
}

fn secret(cfg: &Config) -> Result<String, String> {
    match &cfg.secret_key {
        Some(k) => Ok(k.clone()),
        None if cfg.data_dir.join("secret.key").exists() => demo_secret(&cfg.data_dir),
        None => Err("缺少 secret_key：请在配置文件或环境变量 FAZHI__SECRET_KEY 中设置（64 位十六进制）".into()),
    }
}

async fn run(cli: Cli) -> Result<ExitCode, String> {
    let mut cfg = config(&cli)?;
    match cli.cmd {
        Cmd::Demo { listen, demo_password } => {
            std::fs::create_dir_all(&cfg.data_dir).map_err(|e| format!("无法创建数据目录: {e}"))?;
            cfg.listen = listen;
            let key = match &cfg.secret_key {
                Some(k) => k.clone(),
                None => demo_secret(&cfg.data_dir)?,
            };
            let started = std::time::Instant::now();
            let app = App::open(cfg, &key).await.map_err(|e| e.to_string())?;
            let loaded = crate::demo::load(&app, &demo_password).await.map_err(|e| e.to_string())?;
            println!("{}（用时 {:.1} 秒）", if loaded { "演示数据已载入" } else { "沿用已有数据库" }, started.elapsed().as_secs_f64());
            print_accounts(&demo_password, loaded);
            serve(app).await
        }
        Cmd::Serve { listen } => {
            if let Some(l) = listen {
                cfg.listen = l;
            }
            let key = secret(&cfg)?;
            let app = App::open(cfg, &key).await.map_err(|e| e.to_string())?;
            serve(app).await
        }
        Cmd::Migrate => {
            let db = Db::connect(&cfg.database_url(), 2).await.map_err(|e| e.to_string())?;
            let applied = db::migrate(&db).await.map_err(|e| e.to_string())?;
            crate::platform::calendar::seed_official_db(&db).await.map_err(|e| e.to_string())?;
            println!("已执行迁移：{applied:?}");
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Audit { cmd: AuditCmd::Verify } => {
            let key = secret(&cfg)?;
            let app = App::open(cfg, &key).await.map_err(|e| e.to_string())?;
            let r = crate::kernel::audit::verify_all(&app).await.map_err(|e| e.to_string())?;
            match r.first_break {
                None => {
                    println!("审计链完整：{} 条链，{} 条记录", r.chains, r.records);
                    Ok(ExitCode::SUCCESS)
                }
                Some(b) => {
                    println!("审计链校验失败：{b}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Cmd::Calendar { cmd: CalendarCmd::AddWorkdays { start, days } } => {
            let start = NaiveDate::parse_from_str(&start, "%Y-%m-%d").map_err(|_| "起算日期格式应为 YYYY-MM-DD".to_string())?;
            let due = if cfg.database_url.is_empty() && !cfg.data_dir.join("fazhi.db").exists() {
                // No database yet: the official calendar is the same data a new database is seeded with.
                fazhi_core::calendar::add_working_days(&fazhi_core::calendar::official_calendar(), start, days).map_err(|e| e.to_string())?
            } else {
                let db = Db::connect(&cfg.database_url(), 2).await.map_err(|e| e.to_string())?;
                db::migrate(&db).await.map_err(|e| e.to_string())?;
                crate::platform::calendar::seed_official_db(&db).await.map_err(|e| e.to_string())?;
                crate::platform::calendar::add_workdays_db(&db, start, days).await.map_err(|e| e.to_string())?
            };
            println!("{due}");
            Ok(ExitCode::SUCCESS)
        }
        Cmd::BenchSeed { items, requests, year } => {
            let app = bench_app(cfg).await?;
            let s = crate::bench_seed::seed(&app, items, requests, year).await.map_err(|e| e.to_string())?;
            println!(
                "已写入基准数据：西联镇已发布政务公开信息 {} 条（{:.1} 秒），{} 年政府信息公开申请 {} 件（{:.1} 秒）；申请查询密码 {}",
                s.items,
                s.items_secs,
                year,
                s.requests,
                s.requests_secs,
                crate::bench_seed::SECRET
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Grid { cmd: GridCmd::Sample { rows, out, bad } } => {
            let t = std::time::Instant::now();
            let s = crate::grid::import::write_sample(&out, rows, bad)?;
            println!("已生成 {}：{} 行（其中错误行 {} 行），用时 {:.1} 秒", out.display(), s.rows, s.bad, t.elapsed().as_secs_f64());
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Grid { cmd: GridCmd::Import { grid, file, mode, user } } => {
            let mode = crate::grid::import::parse_mode(&mode).ok_or("--mode 应为 all 或 valid")?;
            let app = bench_app(cfg).await?;
            let grid_id: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1 AND kind = 'grid'")
                .bind(&grid)
                .fetch_optional(&app.db.pool)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("没有代码为 {grid} 的网格"))?;
            let user_id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1")
                .bind(&user)
                .fetch_optional(&app.db.pool)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("没有用户 {user}"))?;
            let actor = crate::kernel::load_actor(&app, user_id).await.map_err(|e| e.to_string())?.ok_or("用户已停用")?;
            let file = std::fs::canonicalize(&file).map_err(|e| format!("无法读取 {}: {e}", file.display()))?;
            let t = std::time::Instant::now();
            let sm3 = fazhi_crypto::sm3_reader_hex(std::fs::File::open(&file).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
            let hash_secs = t.elapsed().as_secs_f64();
            let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let new = crate::grid::import::NewImport { grid_id, mode, file_name: &name, file_path: &file, file_sm3: &sm3, enqueue: false };
            let id = crate::grid::import::create(&app, &actor, new).await.map_err(|e| e.to_string())?;
            let o = crate::grid::import::run(&app, id).await.map_err(|e| e.to_string())?;
            println!("导入记录 {id}（{}）：{}", mode.label(), o.summary);
            println!(
                "import rows={} inserted={} registered={} bad={} seconds={:.2} rows_per_s={:.0} sm3_seconds={:.2} status={}",
                o.rows,
                o.inserted,
                o.registered,
                o.bad,
                o.seconds,
                o.rows_per_second(),
                hash_secs,
                o.status
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::BenchReport { year, runs } => {
            let app = bench_app(cfg).await?;
            let r = crate::bench_seed::report(&app, year, runs).await.map_err(|e| e.to_string())?;
            println!("西联镇 {} 年政府信息公开工作年度报告（表三计入申请 {} 件）", r.year, r.requests);
            for (i, run) in r.runs.iter().enumerate() {
                println!("  第 {} 次：表二/三/四 {:.1} ms，DOCX {:.1} ms（{} 字节），合计 {:.1} ms", i + 1, ms(run.tables), ms(run.docx), run.docx_bytes, ms(run.tables + run.docx));
            }
            let mut totals: Vec<f64> = r.runs.iter().map(|x| ms(x.tables + x.docx)).collect();
            totals.sort_by(|a, b| a.total_cmp(b));
            println!("report_ms median={:.1} min={:.1} max={:.1} runs={}", totals[totals.len() / 2], totals[0], totals[totals.len() - 1], totals.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Opens the app like `demo` does (same data dir, same generated secret) and makes sure the demo is loaded.
async fn bench_app(mut cfg: Config) -> Result<App, String> {
    std::fs::create_dir_all(&cfg.data_dir).map_err(|e| format!("无法创建数据目录: {e}"))?;
    let key = match cfg.secret_key.take() {
        Some(k) => k,
        None => demo_secret(&cfg.data_dir)?,
    };
    let app = App::open(cfg, &key).await.map_err(|e| e.to_string())?;
    crate::demo::load(&app, "fazhi-demo").await.map_err(|e| e.to_string())?;
    Ok(app)
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn print_accounts(password: &str, loaded: bool) {
    println!("演示账号（密码均为 {password}{}）：", if loaded { "" } else { "，若已修改以修改后为准" });
    for a in crate::demo::ACCOUNTS {
        println!("  {:<20} {}  {}", a.username, a.role.label(), a.name);
    }
}

async fn serve(app: App) -> Result<ExitCode, String> {
    let addr = app.cfg.listen.clone();
    let listener = tokio::net::TcpListener::bind(&addr).await.map_err(|e| format!("无法监听 {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    crate::platform::jobs::spawn_worker(app.clone());
    println!("法治政府建设工作平台已启动：http://{local}/  （工作台 http://{local}/console ，接口文档 http://{local}/api/docs ）");
    let router = crate::web::router(app);
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
