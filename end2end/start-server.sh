#!/usr/bin/env bash
# Starts the release build on a fresh SQLite database for the Playwright run.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf .tmp && mkdir -p .tmp
export DATABASE_URL="sqlite://$PWD/.tmp/e2e.db?mode=rwc"
export KINOGUARD_ADDR="127.0.0.1:${E2E_PORT:-3100}"
export LEPTOS_SITE_ROOT=../target/site
export KINOGUARD_GEOIP_DB="${KINOGUARD_GEOIP_DB:-../data/geoip}"
# One access-log line per request would bury the test run's output: warnings only,
# unless RUST_LOG says otherwise.
export RUST_LOG="${RUST_LOG:-warn}"
exec "${KINOGUARD_BIN:-../target/release/kinoguard}" serve
