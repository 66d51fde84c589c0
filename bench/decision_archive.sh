#!/usr/bin/env bash
# Benchmark: the decision-archive export (决策档案 ZIP) of a decision with 50 attachments.
#
#   bash bench/decision_archive.sh [sqlite|postgres|both]   (default: both)
#
# Builds the release binary into $CARGO_TARGET_DIR (default target/), starts `fazhi demo` on a fresh
# data dir (SQLite) or a fresh PostgreSQL database, uploads 50 attachments of 1 MiB each
# (distinct random content behind a %PDF- header) to the demo decision 西联圩镇停车管理方案
# through POST /api/v1/attachments, then exports the archive RUNS times through the console
# route GET /console/decisions/{id}/archive.zip. Reports the median and max wall time of an
# export and the server's peak RSS during the exports (VmHWM after resetting it through
# /proc/PID/clear_refs), next to its RSS before them. Loopback only; bounded in time.
set -euo pipefail

MODE="${1:-both}"
RUNS="${RUNS:-5}"
FILES="${FILES:-50}"
SIZE_KB="${SIZE_KB:-1024}"
PG_BASE="${PG_BASE:-postgres://postgres@127.0.0.1:5432}"
PG_DB="${PG_DB:-fazhi_decision_bench}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# BIN=path skips the build (the shared target dir is rebuilt by other worktrees; copy the binary out).
if [ -z "${BIN:-}" ]; then
  BIN="$CARGO_TARGET_DIR/release/fazhi"
  (cd "$ROOT" && cargo build --release -p fazhi >/dev/null 2>&1) || { echo "release build failed" >&2; exit 1; }
fi

WORK="$(mktemp -d /tmp/fazhi-bench-decision.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# The attachments, generated once: distinct content (attachments are content-addressed).
mkdir -p "$WORK/files"
for i in $(seq 1 "$FILES"); do
  { printf '%%PDF-1.4\n%% bench %s\n' "$i"; head -c $((SIZE_KB * 1024 - 24)) /dev/urandom; } > "$WORK/files/材料$(printf %02d "$i").pdf"
done

run() {
  local backend="$1" url_opt=() data="$WORK/data-$1" port base
  mkdir -p "$data"
  if [ "$backend" = postgres ]; then
    psql "$PG_BASE/test" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1
    psql "$PG_BASE/test" -qc "CREATE DATABASE $PG_DB" >/dev/null
    url_opt=(--database-url "$PG_BASE/$PG_DB")
  fi
  port="$(free_port)"; base="http://127.0.0.1:$port"
  "$BIN" --data-dir "$data" demo --listen "127.0.0.1:$port" "${url_opt[@]}" >"$WORK/server-$backend.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$base/healthz" >/dev/null || { echo "server did not start" >&2; cat "$WORK/server-$backend.log" >&2; exit 1; }

  local token org did jar="$WORK/cookies-$backend"
  token="$(curl -fs -H 'Content-Type: application/json' -d '{"username":"xilian-office","password":"fazhi-demo"}' "$base/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  org="$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/orgs" | python3 -c '
import json,sys
v=json.load(sys.stdin); items=v["items"] if isinstance(v,dict) else v
print(next(o["id"] for o in items if o.get("code")=="440203103"))')"
  # The demo's draft out for comment has no materials of its own.
  curl -fs -c "$jar" -b "$jar" -H "Origin: $base" -d "username=xilian-office&password=fazhi-demo" "$base/login" -o /dev/null
  did=""
  for id in $(seq 1 10); do
    if curl -fs -b "$jar" "$base/console/decisions/$id" 2>/dev/null | grep -q '<h1>西联圩镇停车管理方案'; then did=$id; break; fi
  done
  [ -n "$did" ] || { echo "demo decision not found" >&2; exit 1; }
  for f in "$WORK"/files/*.pdf; do
    curl -fs -H "Authorization: Bearer $token" -F "org_id=$org" -F entity=major_decision -F "entity_id=$did" -F "file=@$f" "$base/api/v1/attachments" -o /dev/null
  done

  # Warm-up export (also checks it works), then the measured runs.
  curl -fs -b "$jar" "$base/console/decisions/$did/archive.zip" -o "$WORK/archive.zip"
  local entries zip_bytes
  entries="$(python3 -c "import zipfile,sys; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))" "$WORK/archive.zip")"
  zip_bytes="$(stat -c %s "$WORK/archive.zip")"
  local before; before="$(rss_kb "$SERVER_PID")"
  echo 5 > "/proc/$SERVER_PID/clear_refs" 2>/dev/null || true
  local times=()
  for _ in $(seq 1 "$RUNS"); do
    times+=("$(curl -fs -b "$jar" -o /dev/null -w '%{time_total}' "$base/console/decisions/$did/archive.zip")")
  done
  local peak; peak="$(hwm_kb "$SERVER_PID")"
  python3 - "$backend" "$FILES" "$SIZE_KB" "$entries" "$zip_bytes" "$before" "$peak" "${times[@]}" <<'PY'
import statistics, sys
backend, files, size_kb, entries, zip_bytes, before, peak, *times = sys.argv[1:]
t = sorted(float(x) for x in times)
print(f"{backend}: {files} attachments x {size_kb} KiB, ZIP {int(zip_bytes)/1048576:.1f} MiB with {entries} entries; "
      f"export median {statistics.median(t)*1000:.0f} ms, max {t[-1]*1000:.0f} ms over {len(t)} runs; "
      f"server RSS before {int(before)/1024:.0f} MiB, peak during exports {int(peak)/1024:.0f} MiB")
PY
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

case "$MODE" in
  sqlite) run sqlite ;;
  postgres) run postgres ;;
  both) run sqlite; run postgres ;;
  *) echo "usage: $0 [sqlite|postgres|both]" >&2; exit 2 ;;
esac
