#!/usr/bin/env bash
# Prints the size of the release hydrate bundle, raw and gzipped (the issue's budget: 600 KB gzip).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wasm="$ROOT/target/site/pkg/aitoolbox.wasm"
js="$ROOT/target/site/pkg/aitoolbox.js"
[ -f "$wasm" ] || { echo "no release build at $wasm (run cargo leptos build --release)"; exit 1; }
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
jsgz=$(gzip -9 -c "$js" | wc -c)
printf 'WASM size: %d KB raw, %d KB gzip (budget 600 KB gzip); JS glue %d KB gzip\n' \
  $((raw / 1024)) $((gz / 1024)) $((jsgz / 1024))
[ "$gz" -le $((600 * 1024)) ] || { echo "WASM bundle over budget"; exit 1; }
