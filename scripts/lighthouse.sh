#!/usr/bin/env bash
# Lighthouse (mobile preset, Debian's Chromium, headless) on /login, a signed-in /account
# and /tv of the release build, on a fresh demo database; prints one table, with what each
# page downloaded of the bundle (/pkg/: wasm chunks, JS, CSS; bytes on the wire).
#
#   make build && scripts/lighthouse.sh
#   LIGHTHOUSE_THEME=dark scripts/lighthouse.sh    # the dark theme (light by default)
#
# Loopback only. Installs Lighthouse into end2end/lighthouse/ from its lock file if needed.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${LIGHTHOUSE_PORT:-3970}
BIN=${KINOGUARD_BIN:-target/release/kinoguard}
CHROME=${CHROMIUM_PATH:-/usr/bin/chromium}
LH=end2end/lighthouse

[ -x "$BIN" ] || { echo "no release build at $BIN: run make build first" >&2; exit 1; }
[ -x "$CHROME" ] || { echo "no Chromium at $CHROME: run scripts/install-tools.sh --browser" >&2; exit 1; }
if [ ! -f "$LH/node_modules/.package-lock.json" ] || [ "$LH/package-lock.json" -nt "$LH/node_modules/.package-lock.json" ]; then
  (cd "$LH" && npm ci --no-audit --no-fund)
fi

work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite://$work/lighthouse.db?mode=rwc"
"$BIN" seed-demo >/dev/null
KINOGUARD_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site RUST_LOG=error "$BIN" serve >/dev/null &
server=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.2
done

# The demo account's session, for the signed-in page.
email=$(sed -n 's/^pub const DEMO_EMAIL: &str = "\(.*\)";/\1/p' domain/src/demo.rs)
password=$(sed -n 's/^pub const DEMO_PASSWORD: &str = "\(.*\)";/\1/p' domain/src/demo.rs)
cookie=$(curl -fs -o /dev/null -D - -X POST "http://127.0.0.1:$PORT/api/sign_in" \
  -H 'sec-fetch-site: same-origin' --data-urlencode "identifier=$email" --data-urlencode "password=$password" |
  sed -n 's/^set-cookie: \(kg_session=[^;]*\);.*/\1/Ip' | tr -d '\r')
[ -n "$cookie" ] || { echo "could not sign in as the demo account" >&2; exit 1; }

run() {
  local name=$1 path=$2 cookie=${3:-}
  CHROME_PATH="$CHROME" node "$LH/run.mjs" "http://127.0.0.1:$PORT$path" "$work/$name.json" $cookie
}
run login /login
run account /account "$cookie"
run tv /tv

echo "| page | performance | LCP | TBT | accessibility | best practices | bundle downloaded |"
echo "|---|---|---|---|---|---|---|"
for name in login account tv; do
  node -e '
    const r = require(process.argv[1]);
    const score = (c) => Math.round(r.categories[c].score * 100);
    const a = (id) => r.audits[id].displayValue.replace(/\u00a0/g, " ");
    const path = new URL(r.finalDisplayedUrl).pathname;
    const pkg = r.audits["network-requests"].details.items
      .filter((i) => new URL(i.url).pathname.startsWith("/pkg/"));
    const bytes = pkg.reduce((n, i) => n + i.transferSize, 0);
    const kb = `${(bytes / 1000).toFixed(0)} KB in ${pkg.length} files`;
    console.log(`| \`${path}\` | ${score("performance")} | ${a("largest-contentful-paint")} | ${a("total-blocking-time")} | ${score("accessibility")} | ${score("best-practices")} | ${kb} |`);
  ' "$work/$name.json"
done
