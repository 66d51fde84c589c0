#!/usr/bin/env bash
# 会议制度 (M6) benchmark, issue 4 "Measure": on SQLite and PostgreSQL, serves the demo,
# seeds one meeting with 30 agenda items, 50 material files, 120 named votes and 30
# decisions through the API (bench/meeting_seed.py), then measures
#   - minutes DOCX generation from the record (GET /console/meetings/{id}/minutes.docx,
#     RUNS sequential requests: median and max time, DOCX size, the server's RSS and peak
#     RSS (VmHWM) before and after);
#   - the meeting page with 30 agenda items (GET /console/meetings/{id}) under
#     wrk -t2 -c32 -d8s --latency: req/s and p99.
# Prints a Markdown table. Bounded: loopback only, 8 s of load per backend.
#
#   cargo build --release -p fazhi
#   FAZHI_BIN=target/release/fazhi bash bench/meeting.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
BIN="${FAZHI_BIN:-${CARGO_TARGET_DIR:-$here/../target}/release/fazhi}"
DURATION="${DURATION:-8s}"
RUNS="${RUNS:-50}"
PG_ADMIN="${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}"
PG_DB="${PG_DB:-fazhi_bench_meeting}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/$PG_DB}"
BACKENDS="${BACKENDS:-sqlite pg}"
PORT="${PORT:-18461}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d /tmp/fazhi-bench-meeting.XXXXXX)"
[ -x "$BIN" ] || { echo "no binary at $BIN (build with cargo build --release -p fazhi)" >&2; exit 2; }

server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

declare -A R

kb() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$server_pid/status"; }

run_backend() {
  local b="$1" dir="$WORK/$b" db=()
  mkdir -p "$dir"
  if [ "$b" = pg ]; then
    psql "$PG_ADMIN" -q -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null
    db=(--database-url "$PG_URL")
  fi
  "$BIN" --data-dir "$dir" "${db[@]}" demo --listen "127.0.0.1:$PORT" >"$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.5; done
  curl -sf "$BASE/healthz" >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "== $b: seeding a meeting with 30 items, 50 files" >&2
  local mid token
  mid="$(python3 "$here/meeting_seed.py" "$BASE")"
  token="$(curl -sf -XPOST "$BASE/api/v1/auth/login" -H 'content-type: application/json' -d '{"username":"xilian-office","password":"fazhi-demo"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')"
  local auth="Authorization: Bearer $token"
  R[$b.rss0]=$(kb VmRSS); R[$b.hwm0]=$(kb VmHWM)
  local times="$dir/times"
  : >"$times"
  for _ in $(seq 1 "$RUNS"); do
    curl -sf -H "$auth" -o "$dir/minutes.docx" -w '%{time_total}\n' "$BASE/console/meetings/$mid/minutes.docx" >>"$times"
  done
  R[$b.rss1]=$(kb VmRSS); R[$b.hwm1]=$(kb VmHWM)
  R[$b.size]=$(stat -c %s "$dir/minutes.docx")
  R[$b.median]=$(sort -n "$times" | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}')
  R[$b.max]=$(sort -n "$times" | tail -1 | awk '{printf "%.1f", $1*1000}')
  echo "== $b: wrk on the meeting page" >&2
  local out
  out="$(timeout 60 wrk -t2 -c32 -d"$DURATION" --latency -H "$auth" "$BASE/console/meetings/$mid")"
  echo "$out" >&2
  R[$b.rps]=$(awk '/^Requests\/sec:/ { printf "%d", $2 }' <<<"$out")
  R[$b.p99]=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  R[$b.non2xx]=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
  R[$b.hwm2]=$(kb VmHWM)
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

for b in $BACKENDS; do run_backend "$b"; done

mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
echo
echo "| figure |$(for b in $BACKENDS; do [ "$b" = pg ] && printf ' PostgreSQL |' || printf ' SQLite |'; done)"
echo "|---|$(for b in $BACKENDS; do printf -- '---|'; done)"
printf '| minutes DOCX, median of %s requests |' "$RUNS"; for b in $BACKENDS; do printf ' %s ms |' "${R[$b.median]}"; done; echo
printf '| minutes DOCX, slowest |'; for b in $BACKENDS; do printf ' %s ms |' "${R[$b.max]}"; done; echo
printf '| minutes DOCX size |'; for b in $BACKENDS; do printf ' %s KB |' "$(( ${R[$b.size]} / 1024 ))"; done; echo
printf '| server RSS before → after the minutes runs |'; for b in $BACKENDS; do printf ' %s → %s |' "$(mb "${R[$b.rss0]}")" "$(mb "${R[$b.rss1]}")"; done; echo
printf '| server peak RSS (VmHWM) before → after the minutes runs |'; for b in $BACKENDS; do printf ' %s → %s |' "$(mb "${R[$b.hwm0]}")" "$(mb "${R[$b.hwm1]}")"; done; echo
printf '| meeting page, 30 items: req/s |'; for b in $BACKENDS; do printf ' %s |' "${R[$b.rps]}"; done; echo
printf '| meeting page, 30 items: p99 |'; for b in $BACKENDS; do printf ' %s |' "${R[$b.p99]}"; done; echo
printf '| server peak RSS after the load |'; for b in $BACKENDS; do printf ' %s |' "$(mb "${R[$b.hwm2]}")"; done; echo
