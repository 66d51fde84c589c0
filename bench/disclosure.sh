#!/usr/bin/env bash
# 政务公开 (M2) benchmark, issue 3 "Measure": seeds ITEMS published items and
# REQUESTS disclosure requests into a fresh SQLite database and a fresh
# PostgreSQL database, serves each, and measures with wrk (bounded: DURATION
# per URL, loopback only): /healthz, the portal catalogue page, an item page,
# search for a two- and a four-character word, the public items API; then the
# annual report generation (bench-report) and the server's peak RSS.
# Prints a Markdown table (SQLite vs PostgreSQL), ratios to /healthz included.
#
#   cargo build --release -p fazhi
#   FAZHI_BIN=target/release/fazhi bash bench/disclosure.sh
set -euo pipefail
# The seed's multi-row INSERTs can pass sqlx's 1 s slow-statement warning on a
# busy machine; that log line would print every bound placeholder.
export FAZHI_LOG="${FAZHI_LOG:-warn,sqlx=error}"

here="$(cd "$(dirname "$0")" && pwd)"
BIN="${FAZHI_BIN:-${CARGO_TARGET_DIR:-target}/release/fazhi}"
ITEMS="${ITEMS:-100000}"
REQUESTS="${REQUESTS:-20000}"
YEAR="${YEAR:-2025}"
DURATION="${DURATION:-8s}"
PG_ADMIN="${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}"
PG_DB="${PG_DB:-fazhi_bench_pg}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/$PG_DB}"
BACKENDS="${BACKENDS:-sqlite pg}"
TOWN=440203103
PORT="${PORT:-18431}"
WORK="$(mktemp -d /tmp/fazhi-bench.XXXXXX)"
[ -x "$BIN" ] || { echo "no binary at $BIN (build with cargo build --release -p fazhi)" >&2; exit 2; }
# A private copy: a shared target dir may get another branch's build mid-run.
cp "$BIN" "$WORK/fazhi"; BIN="$WORK/fazhi"
"$BIN" bench-seed --help >/dev/null || { echo "$BIN has no bench-seed command" >&2; exit 2; }

server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

declare -A R   # R[backend.figure] = value

# wrk one URL; stores rps/p95/p99 under R[backend.name.*].
measure() {
  local b="$1" name="$2" url="$3" line
  line="$(timeout 60 wrk -t2 -c32 -d"$DURATION" --latency -s "$here/wrk/report.lua" "$url" | grep '^BENCH')"
  echo "  $name: $line" >&2
  for kv in ${line#BENCH }; do R["$b.$name.${kv%%=*}"]="${kv#*=}"; done
}

run_backend() {
  local b="$1" dir="$WORK/$b" db=()
  mkdir -p "$dir"
  if [ "$b" = pg ]; then
    psql "$PG_ADMIN" -q -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null
    db=(--database-url "$PG_URL")
  fi
  echo "== $b: seeding $ITEMS items, $REQUESTS requests ($YEAR)" >&2
  local t0 t1
  t0=$(date +%s.%N)
  timeout 1800 "$BIN" --data-dir "$dir" "${db[@]}" bench-seed --items "$ITEMS" --requests "$REQUESTS" --year "$YEAR" >&2
  t1=$(date +%s.%N)
  R["$b.seed_s"]=$(printf '%.0f' "$(echo "$t1 - $t0" | bc)")
  if [ "$b" = pg ]; then psql "$PG_URL" -q -c "VACUUM ANALYZE" >/dev/null; fi

  "$BIN" --data-dir "$dir" "${db[@]}" demo --listen "127.0.0.1:$PORT" >"$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null
  local base="http://127.0.0.1:$PORT" item
  # An item from the middle of the catalogue (page 2 of the API), not the newest.
  item="$(curl -fsS "$base/api/v1/disclosure/items?town=$TOWN&limit=1&after=$YEAR-07-01_0" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')"
  curl -fsS "$base/portal/$TOWN/disclosure/catalogue" >/dev/null
  curl -fsS "$base/portal/$TOWN/disclosure/items/$item" >/dev/null

  measure "$b" healthz "$base/healthz"
  measure "$b" catalogue "$base/portal/$TOWN/disclosure/catalogue"
  measure "$b" catalogue_filtered "$base/portal/$TOWN/disclosure/catalogue?category=$(curl -fsS "$base/api/v1/disclosure/categories?town=$TOWN" | python3 -c 'import sys,json; print([c["id"] for c in json.load(sys.stdin)["items"] if c["code"]=="06"][0])')&year=$((YEAR-3))"
  measure "$b" item "$base/portal/$TOWN/disclosure/items/$item"
  measure "$b" search2 "$base/search?q=%E4%BD%8E%E4%BF%9D"
  measure "$b" search4 "$base/search?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB"
  measure "$b" api_items "$base/api/v1/disclosure/items?town=$TOWN&limit=50"
  R["$b.rss_peak_mb"]=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")
  R["$b.rss_mb"]=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

  local rep
  rep="$(timeout 600 "$BIN" --data-dir "$dir" "${db[@]}" bench-report --year "$YEAR" --runs 5)"
  echo "$rep" >&2
  R["$b.report_ms"]=$(echo "$rep" | sed -n 's/^report_ms median=\([0-9.]*\).*/\1/p')
  R["$b.report_requests"]=$(echo "$rep" | sed -n 's/.*表三计入申请 \([0-9]*\) 件.*/\1/p')
}

for b in $BACKENDS; do run_backend "$b"; done

v() { echo "${R[$1]:-—}"; }
ratio() { # figure rps / healthz rps
  local a="${R[$1.$2.rps]:-}" h="${R[$1.healthz.rps]:-}"
  [ -n "$a" ] && [ -n "$h" ] && python3 -c "print(f'{$a/$h:.3f}')" || echo —
}
row() { printf '| %s |' "$1"; shift; for b in $BACKENDS; do printf ' %s |' "$("$@" "$b")"; done; echo; }
fig() { local key="$1" b="$2"; v "$b.$key"; }
rps() { local n="$1" b="$2"; printf '%s (%s × healthz)' "$(v "$b.$n.rps")" "$(ratio "$b" "$n")"; }

echo
printf '| figure (%s items, %s requests) |' "$ITEMS" "$REQUESTS"; for b in $BACKENDS; do printf ' %s |' "$([ "$b" = pg ] && echo PostgreSQL || echo SQLite)"; done; echo
printf '|---|'; for _ in $BACKENDS; do printf -- '---|'; done; echo
row "seed (bench-seed) s" fig seed_s
row "\`/healthz\` req/s" fig healthz.rps
row "\`/healthz\` p99 ms" fig healthz.p99_ms
for n in catalogue catalogue_filtered item api_items search2 search4; do
  case $n in
    catalogue) label="catalogue page, first page";;
    catalogue_filtered) label="catalogue page, category 06 + year $((YEAR-3))";;
    item) label="item page";;
    api_items) label="\`GET /api/v1/disclosure/items\` (50)";;
    search2) label="search 低保";;
    search4) label="search 最低生活";;
  esac
  row "$label req/s" rps "$n"
  row "$label p95 ms" fig "$n.p95_ms"
  row "$label p99 ms" fig "$n.p99_ms"
done
row "annual report (Tables 二/三/四 + DOCX), median of 5, ms" fig report_ms
row "requests counted in Table 三" fig report_requests
row "server peak RSS (VmHWM) MB" fig rss_peak_mb
