//! The command line as an operator uses it.
use std::process::Command;

fn fazhi(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fazhi")).args(args).env_remove("FAZHI__SECRET_KEY").output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
}

#[test]
fn add_workdays_prints_the_due_date() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let (ok, out) = fazhi(&["--data-dir", d, "calendar", "add-workdays", "2024-02-08", "20"]);
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "2024-03-13");
    let (ok, out) = fazhi(&["--data-dir", d, "calendar", "add-workdays", "2026-12-20", "20"]);
    assert!(!ok);
    assert!(out.contains("日历未载入"), "{out}");
}

#[test]
fn migrate_then_serve_refuses_without_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("x.db").display());
    let (ok, out) = fazhi(&["--database-url", &url, "migrate"]);
    assert!(ok, "{out}");
    let (ok, out) = fazhi(&["--database-url", &url, "--data-dir", dir.path().to_str().unwrap(), "serve", "--listen", "127.0.0.1:0"]);
    assert!(!ok);
    assert!(out.contains("secret_key"), "{out}");
}
