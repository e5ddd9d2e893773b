#!/usr/bin/env bash
# Instructions the release server spends per page, counted by valgrind's callgrind (the
# same count whatever else the machine is doing), on a fresh demo database, loopback only.
#
#   scripts/profile-page.sh [PAGE ...]     default: /login /help /account
#   KINOGUARD_BIN=<binary> scripts/profile-page.sh …   another build, side by side
#
# Signed-in pages sign in as the demo account first. Each page: a server of its own under
# callgrind, 5 warm-up requests, the counters zeroed, 100 requests, then the total / 100.
# The profile of each stays in target/profile/ for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${KINOGUARD_BIN:-target/release/kinoguard}
ADDR=127.0.0.1:3951
N=100
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(/login /help /account)

out=target/profile
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/profile.db?mode=rwc" LEPTOS_SITE_ROOT=target/site \
  KINOGUARD_ADDR=$ADDR RUST_LOG=error
"$BIN" seed-demo >/dev/null

for page in "${pages[@]}"; do
  name=$(echo "$page" | tr -c 'a-z0-9\n' '_')
  valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$out/callgrind$name" \
    "$BIN" serve >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do curl -sf -o /dev/null "http://$ADDR/healthz" && break; sleep 1; done
  cookie=""
  if [ "$page" != /login ] && [ "$page" != / ]; then
    curl -sf -c "$work/jar" -o /dev/null -X POST -H 'sec-fetch-site: same-origin' \
      -H 'content-type: application/x-www-form-urlencoded' \
      --data 'identifier=demo%40kinoguard.test&password=watch-together-2026' \
      "http://$ADDR/api/sign_in"
    cookie=$(awk '$6 == "kg_session" {print $6 "=" $7}' "$work/jar")
  fi
  for _ in 1 2 3 4 5; do curl -sf -o /dev/null -H "cookie: $cookie" "http://$ADDR$page"; done
  callgrind_control -z "$server" >/dev/null 2>&1
  for _ in $(seq $N); do curl -sf -o /dev/null -H "cookie: $cookie" "http://$ADDR$page"; done
  kill -INT "$server"
  wait "$server" || true
  total=$(awk '/^totals:/ {print $2}' "$out/callgrind$name")
  printf '%-12s %9d instructions per page (%d pages; %s)\n' "$page" $((total / N)) $N "$out/callgrind$name"
done
