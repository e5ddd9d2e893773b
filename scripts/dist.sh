#!/usr/bin/env bash
# Packs the release build (`make build`) into target/dist/kinoguard-VERSION-ARCH-linux.tar.gz:
# the binary and its asset list, site/, the geo-IP data with its credit, and the docs and
# deployment files. The binary finds site/ and geoip/ beside itself, so it runs from any
# directory.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name="kinoguard-$version-$(uname -m)-linux"
out=target/dist/kinoguard
rm -rf "$out"
mkdir -p "$out/geoip" "$out/docs"
cp target/release/kinoguard "$out/"
# The hashed asset names (cargo-leptos `hash-files`), read from beside the binary.
cp target/release/hash.txt "$out/"
cp -r target/site "$out/site"
cp data/geoip/*.mmdb data/geoip/LICENSE-DBIP.txt "$out/geoip/"
cp README.md "$out/"
cp docs/deploy.md docs/security.md "$out/docs/"
cp -r deploy "$out/deploy"
tar -C target/dist -czf "target/dist/$name.tar.gz" kinoguard
echo "target/dist/$name.tar.gz ($(du -h "target/dist/$name.tar.gz" | cut -f1))"
