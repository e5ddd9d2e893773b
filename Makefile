# Kinoguard: `make run` to try it, `make test` for everything CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
# wasm-opt (npm's binaryen) and the cargo-installed tools.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

RELEASE_BIN := target/release/kinoguard
SITE_ROOT := target/site
DEMO_DB ?= sqlite://data/kinoguard.db?mode=rwc

.PHONY: run build dist dist-check deploy-check setup test fmt-check lint unit e2e bench bench-live bench-pages bench-sign-out bench-lighthouse clean

## Build the release and serve the demo on http://127.0.0.1:3000
run: build
	DATABASE_URL='$(DEMO_DB)' $(RELEASE_BIN) seed-demo
	DATABASE_URL='$(DEMO_DB)' LEPTOS_SITE_ROOT=$(SITE_ROOT) $(RELEASE_BIN) serve

## Release build: target/release/kinoguard and the site in target/site, its assets named
## by their hash and compressed (brotli and gzip) beside the originals
build: setup
	cargo leptos build --release --precompress --split

## A tarball that runs from any directory: target/dist/kinoguard-VERSION-ARCH-linux.tar.gz
## (docs/deploy.md), checked by running it from /
dist: build
	scripts/dist.sh
	scripts/check-dist.sh

dist-check:
	scripts/check-dist.sh

## The systemd unit (systemd-analyze verify) and the Dockerfile (hadolint)
deploy-check:
	scripts/check-deploy.sh

setup:
	scripts/install-tools.sh
	scripts/fetch-geoip.sh

## Everything CI runs
test: setup fmt-check lint unit e2e dist

fmt-check:
	cargo fmt --all -- --check

# One crate (and feature set) at a time: `ssr` and `hydrate` never build together.
lint:
	cargo clippy --locked -p entity -p migration -p domain --all-targets -- -D warnings
	cargo clippy --locked -p app --features ssr --all-targets -- -D warnings
	cargo clippy --locked -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --locked -p server --all-targets -- -D warnings
	scripts/check-deploy.sh

# cargo-nextest: a test in a process of its own, killed and named when it hangs
# (limits in .config/nextest.toml).
unit:
	scripts/check-postgres.sh
	cargo nextest run --locked -p entity -p migration -p domain -p server
	cargo nextest run --locked -p app --features ssr

e2e: build
	scripts/install-tools.sh --browser
	cd end2end && npx playwright test

## The figures in BENCHMARKS.md
bench:
	cargo run --release --locked -p domain --features testing --example activity_bench -- 1000000 sqlite
	cargo run --release --locked -p domain --features testing --example activity_bench -- 1000000 postgres
	$(MAKE) bench-sign-out
	$(MAKE) bench-live
	$(MAKE) bench-pages
	$(MAKE) bench-lighthouse

## Lighthouse (mobile) on /login, a signed-in /account and /tv, with Debian's Chromium
bench-lighthouse: build
	scripts/install-tools.sh --browser
	scripts/lighthouse.sh

## Sign out of all devices on accounts holding 10 000 sessions each, both backends
bench-sign-out:
	cargo run --release --locked -p domain --features testing --example sign_out_bench -- 10000 sqlite
	cargo run --release --locked -p domain --features testing --example sign_out_bench -- 10000 postgres

## Page rates beside a bare axum page, and a signed-in page under a sign-in flood
bench-pages: build
	cargo run --release --locked -p server --example page_bench -- 5 sqlite
	cargo run --release --locked -p server --example page_bench -- 5 postgres

## The live channel: two instances on PostgreSQL, 5 000 channels, a sign-out touching 1 000
bench-live: build
	cargo run --release --locked -p server --example live_bench -- 5000 1000 5

clean:
	cargo clean
	rm -rf end2end/test-results end2end/playwright-report end2end/.tmp
