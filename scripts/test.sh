#!/usr/bin/env bash
# Installs what is missing and runs every test: unit tests, integration tests over HTTP on SQLite
# and on PostgreSQL, the release WASM size check, and the browser tests in Chromium (with and
# without JavaScript). Under CI=true, PostgreSQL is mandatory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
# One-shot builds gain nothing from incremental caches, which grow to tens of GB here.
export CARGO_INCREMENTAL=0

# PostgreSQL: start the local cluster if it is installed but stopped.
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export TEST_POSTGRES_URL="$PG_URL"
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
fi
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  say "PostgreSQL reachable: the integration tests run on SQLite and PostgreSQL"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required under CI but not reachable at 127.0.0.1:5432" >&2
  exit 1
else
  say "PostgreSQL NOT reachable: its integration tests will be SKIPPED (SQLite still runs)"
fi

say "unit and integration tests"
cargo test --workspace --exclude frontend --no-run
# A hung test must fail the run, not stall CI until its deadline.
timeout --kill-after=30 1200 cargo test --workspace --exclude frontend 2>&1 | tee "$CARGO_TARGET_DIR/cargo-test.log"
rust_passed=$(grep -E '^test result:' "$CARGO_TARGET_DIR/cargo-test.log" | awk '{s+=$4} END {print s+0}')

say "shared core compiled to wasm32, in Node: same pixels as native"
cargo test -p shared --target wasm32-unknown-unknown --test determinism

say "release build for the browser tests"
# --split: code behind #[lazy] (the cover editor's pixel engine) becomes its own WASM chunk.
cargo leptos build --release --split
node scripts/precompress.mjs target/site/pkg
"$ROOT/scripts/wasm-size.sh"

say "browser tests (Chromium, with and without JavaScript)"
export E2E_SERVER_BIN="$CARGO_TARGET_DIR/release/server"
export LEPTOS_SITE_ROOT="$ROOT/target/site"
(cd end2end && npx playwright test)

echo "all tests passed: $rust_passed Rust tests and the browser suite"
