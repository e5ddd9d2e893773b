#!/usr/bin/env bash
# Memory and throughput of the release server on a fresh demo database (the figures in
# BENCHMARKS.md): resident memory after start-up, then its peak while signed-in clients
# load the account and browse pages.
#
#   scripts/bench-memory.sh [REQUESTS] [CONCURRENCY]     default 4000 requests, 8 at once
#
# Needs the release build (`make build`) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=${1:-4000}
concurrency=${2:-8}
port=${BENCH_PORT:-3900}
bin=${KINOGUARD_BIN:-target/release/kinoguard}
base="http://127.0.0.1:$port"

[ -x "$bin" ] || { echo "no release build at $bin: run make build first" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-target/site}
export KINOGUARD_ADDR="127.0.0.1:$port"
export RUST_LOG=warn
"$bin" seed-demo >/dev/null
"$bin" serve &
pid=$!
for _ in $(seq 100); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$pid/status"; }
idle_rss=$(kib VmRSS)

# Sign in as the demo account and pick its first profile, as a browser without JavaScript.
post() {
  curl -fs -o /dev/null -b "$work/cookies" -c "$work/cookies" -H 'Sec-Fetch-Site: same-origin' \
    -X POST "$base$1" "${@:2}"
}
post /api/sign_in --data-urlencode identifier=demo@kinoguard.test \
  --data-urlencode password=watch-together-2026
profile=$(curl -fs -b "$work/cookies" "$base/profiles" | grep -o 'name="profile_id" value="[0-9]*"' |
  head -1 | grep -o '[0-9]*')
post /api/select_profile --data-urlencode "profile_id=$profile"

pages=(/account /account/devices /account/streaming /account/security /browse)
for i in $(seq "$requests"); do echo "${pages[i % ${#pages[@]}]}"; done >"$work/urls"

start=$(date +%s.%N)
# Each request must answer 200 and be a whole page; xargs fails the run otherwise.
xargs -P "$concurrency" -I{} sh -c \
  'curl -fs -b "$0" "$1{}" | grep -q "</html>" || { echo "failed: {}" >&2; exit 255; }' \
  "$work/cookies" "$base" <"$work/urls"
elapsed=$(echo "$(date +%s.%N) - $start" | bc -l)

peak_rss=$(kib VmHWM)
after_rss=$(kib VmRSS)
printf 'pages:            %s\n' "${pages[*]}"
printf 'requests:         %d, %d at once, in %.1f s (%.0f pages/s)\n' \
  "$requests" "$concurrency" "$elapsed" "$(echo "$requests / $elapsed" | bc -l)"
printf 'resident memory:  %d MiB idle after start-up, %d MiB peak, %d MiB after the run\n' \
  $((idle_rss / 1024)) $((peak_rss / 1024)) $((after_rss / 1024))
