#!/usr/bin/env bash
# Unpacks the tarball `make dist` made into a scratch folder and runs it from another
# directory: seeds the demo, serves, and checks a page, its assets, readiness and the
# geo-IP lookups come from the tarball alone.
set -euo pipefail
cd "$(dirname "$0")/.."

tarball=$(ls -t target/dist/kinoguard-*.tar.gz | head -1)
tmp=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
tar -C "$tmp" -xzf "$tarball"
port=$((20000 + RANDOM % 20000))
export DATABASE_URL="sqlite://$tmp/data/kinoguard.db?mode=rwc" KINOGUARD_ADDR="127.0.0.1:$port"
unset LEPTOS_SITE_ROOT KINOGUARD_GEOIP_DB LEPTOS_HASH_FILES
cd /
"$tmp/kinoguard/kinoguard" seed-demo >/dev/null 2>"$tmp/seed.log"
"$tmp/kinoguard/kinoguard" serve >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/readyz" | grep -qx ready
page=$(curl -fsS "http://127.0.0.1:$port/login")
wasm=$(grep -o '/pkg/kinoguard[^"]*\.wasm' <<<"$page" | head -1)
[ -n "$wasm" ] || { echo "no wasm named in /login" >&2; exit 1; }
curl -fsS -o /dev/null "http://127.0.0.1:$port$wasm"
# The geo-IP data came with the tarball: neither run warned that it found none.
if grep -h "geo-IP database" "$tmp/seed.log" "$tmp/serve.log" >&2; then
  exit 1
fi
echo "$(basename "$tarball") runs from / with its own site and data"
