#!/usr/bin/env bash
# 网格化管理 (M10) benchmark, issue 5 "Measure": importing ROWS residents from
# XLSX on SQLite and on PostgreSQL (rows/s and peak RSS of the importing
# process, /usr/bin/time -v), then, with those residents in the deployment,
# a grid worker's resident list and search by 身份证号 (req/s, p99; wrk,
# bounded: DURATION per URL, loopback only) when the server has them.
# Prints a Markdown table (SQLite vs PostgreSQL).
#
#   cargo build --release -p fazhi
#   bash bench/grid.sh                 # ROWS=1000000 BACKENDS="sqlite pg"
set -euo pipefail
export FAZHI_LOG="${FAZHI_LOG:-warn,sqlx=error}"

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
BIN="${FAZHI_BIN:-$repo/target/release/fazhi}"
ROWS="${ROWS:-1000000}"
GRID="${GRID:-440203103-01-01}"
WORKER="${WORKER:-xilian-grid}"
DURATION="${DURATION:-8s}"
PG_ADMIN="${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}"
PG_DB="${PG_DB:-fazhi_bench_grid}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/$PG_DB}"
BACKENDS="${BACKENDS:-sqlite pg}"
PORT="${PORT:-18432}"
# The resident list and the search by ID number (grid worker's API).
LIST_PATH="${LIST_PATH:-/api/v1/grid/residents?limit=50}"
SEARCH_PATH="${SEARCH_PATH:-/api/v1/grid/residents?f_id_number=}"
WORK="$(mktemp -d /tmp/fazhi-bench-grid.XXXXXX)"
[ -x "$BIN" ] || { echo "no binary at $BIN (build with cargo build --release -p fazhi)" >&2; exit 2; }
cp "$BIN" "$WORK/fazhi"; BIN="$WORK/fazhi"
"$BIN" grid --help >/dev/null || { echo "$BIN has no grid command" >&2; exit 2; }

server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
declare -A R

echo "== sample: $ROWS rows" >&2
"$BIN" grid sample --rows "$ROWS" --out "$WORK/residents.xlsx" >&2
R[file_mb]=$(du -m "$WORK/residents.xlsx" | cut -f1)
# The sample's middle row's ID number (same rule as grid sample: 440203, 1950-01-01 + i/1000 days, seq i%1000).
MID_ID="$(python3 - "$ROWS" <<'PY'
import sys, datetime
i = int(sys.argv[1]) // 2
body = "440203" + (datetime.date(1950, 1, 1) + datetime.timedelta(days=i // 1000)).strftime("%Y%m%d") + f"{i % 1000:03d}"
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
print(body + "10X98765432"[sum(int(c) * x for c, x in zip(body, w)) % 11])
PY
)"

measure() {
  local b="$1" name="$2" url="$3" tok="$4" line
  line="$(timeout 60 wrk -t2 -c32 -d"$DURATION" --latency -H "Authorization: Bearer $tok" -s "$here/wrk/report.lua" "$url" | grep '^BENCH')"
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
  echo "== $b: import $ROWS rows into $GRID" >&2
  # The import command loads the demo first (grids, users); rows/s counts the import alone.
  /usr/bin/time -v -o "$dir/time.txt" timeout 3600 "$BIN" --data-dir "$dir" "${db[@]}" grid import --grid "$GRID" --file "$WORK/residents.xlsx" --mode all --user admin | tee "$dir/import.txt" >&2
  local line; line="$(grep '^import ' "$dir/import.txt")"
  for kv in ${line#import }; do R["$b.import.${kv%%=*}"]="${kv#*=}"; done
  R["$b.import.rss_mb"]=$(awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$dir/time.txt")
  if [ "$b" = pg ]; then psql "$PG_URL" -q -c "VACUUM ANALYZE" >/dev/null; fi

  "$BIN" --data-dir "$dir" "${db[@]}" demo --listen "127.0.0.1:$PORT" >"$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  local base="http://127.0.0.1:$PORT" tok
  tok="$(curl -fsS "$base/api/v1/auth/login" -H 'content-type: application/json' -d "{\"username\":\"$WORKER\",\"password\":\"fazhi-demo\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')"
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$base$LIST_PATH")" = 200 ]; then
    measure "$b" list "$base$LIST_PATH" "$tok"
    measure "$b" search "$base$SEARCH_PATH$MID_ID" "$tok"
  else
    echo "  $LIST_PATH not served by this build: list/search not measured" >&2
  fi
  R["$b.server_rss_mb"]=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

for b in $BACKENDS; do run_backend "$b"; done

v() { echo "${R[$1]:-—}"; }
row() { printf '| %s |' "$1"; for b in $BACKENDS; do printf ' %s |' "$(v "$b.$2")"; done; echo; }
echo
printf '| figure (%s rows, file %s MB) |' "$ROWS" "${R[file_mb]}"; for b in $BACKENDS; do printf ' %s |' "$([ "$b" = pg ] && echo PostgreSQL || echo SQLite)"; done; echo
printf '|---|'; for _ in $BACKENDS; do printf -- '---|'; done; echo
row "import rows/s" import.rows_per_s
row "import seconds" import.seconds
row "rows inserted" import.inserted
row "import peak RSS (MB)" import.rss_mb
row "resident list req/s" list.rps
row "resident list p99 ms" list.p99_ms
row "search by 身份证号 req/s" search.rps
row "search by 身份证号 p99 ms" search.p99_ms
row "server peak RSS (MB)" server_rss_mb
