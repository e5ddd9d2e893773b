#!/usr/bin/env bash
# Installs what building and testing Kinoguard needs, skipping whatever is already there
# at the right version. Safe to run any number of times.
#
#   scripts/install-tools.sh            build tools: wasm target, cargo-leptos, wasm-bindgen,
#                                       npm packages (wasm-opt from binaryen, Playwright)
#   scripts/install-tools.sh --browser  also Debian's Chromium (and psql) for the Playwright tests
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
CARGO_NEXTEST_VERSION=0.9.143
# Must equal the wasm-bindgen version pinned in Cargo.toml and locked in Cargo.lock.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')

log() { printf '==> %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes on 2 cores)"
  # no_downloads: cargo-leptos must not fetch tools from GitHub at run time.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Not --locked: its lockfile names a webpki-roots release the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The Rust tests run under cargo-nextest, which bounds each test's time.
if ! cargo nextest --version >/dev/null 2>&1; then
  log "installing cargo-nextest $CARGO_NEXTEST_VERSION (about 5 minutes)"
  cargo install cargo-nextest --version "$CARGO_NEXTEST_VERSION" --locked
fi

# binaryen (wasm-opt for release builds; Debian's is too old) and Playwright come from npm.
stamp=end2end/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ end2end/package-lock.json -nt "$stamp" ]; then
  log "installing npm packages in end2end/"
  (cd end2end && npm ci --no-audit --no-fund)
fi

# The browser tests drive Debian's Chromium.
if [ "${1:-}" = "--browser" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # The two-instance test makes a database of its own with psql.
  command -v psql >/dev/null || missing+=(postgresql-client)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} for the browser tests"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}"
  fi
fi
