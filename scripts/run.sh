#!/usr/bin/env bash
# Installs what is missing, builds the release app and starts it at http://127.0.0.1:3000 on
# the embedded default: SQLite and local files under ./data, no configuration needed.
# Environment variables (see README) or a .env file change any of that.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
say "building (release)"
# --split: code behind #[lazy] (the cover editor's pixel engine) becomes its own WASM chunk.
cargo leptos build --release --split
node scripts/precompress.mjs target/site/pkg
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
say "starting AI Toolbox"
exec "$CARGO_TARGET_DIR/release/server" "$@"
