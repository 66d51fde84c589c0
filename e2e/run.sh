#!/usr/bin/env bash
# Browser tests: headless Debian chromium + playwright-core + axe-core, run by `node --test`.
# Usage: bash e2e/run.sh [test files...]      (from anywhere; CI-safe: no prompts, no stdin)
# Env:   FAZHI_BIN   server binary to test (default: builds ../target/debug/fazhi with cargo)
#        CHROMIUM_BIN chromium executable (default /usr/bin/chromium)
set -euo pipefail
exec </dev/null
cd "$(dirname "$0")"

CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
export CHROMIUM_BIN

# Debian's chromium and CJK fonts (the UI is Chinese); never a downloaded browser build.
missing=()
[ -x "$CHROMIUM_BIN" ] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "e2e: installing ${missing[*]} with apt-get"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold chromium fonts-noto-cjk
fi
[ -x "$CHROMIUM_BIN" ] || { echo "e2e: $CHROMIUM_BIN not found" >&2; exit 1; }

# The server under test: build it unless a binary was given.
if [ -z "${FAZHI_BIN:-}" ]; then
  (cd .. && cargo build -p fazhi)
  FAZHI_BIN="$(pwd)/../target/debug/fazhi"
fi
export FAZHI_BIN
[ -x "$FAZHI_BIN" ] || { echo "e2e: server binary $FAZHI_BIN not found" >&2; exit 1; }

# Node packages (playwright-core, axe-core) from the npm registry.
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=warn
else
  npm install --no-audit --no-fund --loglevel=warn
fi

rm -rf test-results
mkdir -p test-results
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=(tests/*.test.js)
fi
# One file at a time: each starts its own server and browser, and CI has 2 cores.
node --test --test-concurrency=1 "${files[@]}"
