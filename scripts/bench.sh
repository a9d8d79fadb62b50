#!/usr/bin/env bash
# Benchmarks (figures printed, never gated): the shared core natively (criterion), the same
# cover job in Pillow on this machine in the same run, the ratios, the 1024 px preview render
# compiled to wasm32 in Node, the gallery page (1,000 and 10,000 images, before and after the list indexes) at 200 req/s and with 50 clients,
# chat's time to first token and memory while streaming, the conversation list,
# the job runner's throughput and database round trips per job, storage throughput and memory
# for a 1 GiB object on local files and S3 against cp, the live cover preview's
# frame time in Chromium, what a first visit to each page downloads, the hydrate bundle size,
# and Lighthouse on a simulated phone. Not part of test.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

say "criterion: shared core (native, release)"
cargo bench -p shared --bench core -- --noplot 2>&1 | grep -E 'time:|^[a-z].*/' || true

est() { # criterion id -> mean in ms
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['mean']['point_estimate']/1e6)" \
    "$CARGO_TARGET_DIR/criterion/$1/new/estimates.json"
}

say "Pillow: the same cover job"
pillow=$(python3 shared/benches/pillow_cover.py public/fonts/Anton-Regular.ttf)

say "wasm32 (Node): 1024 px preview render"
wasm_ms=$(cargo test --release -p shared --target wasm32-unknown-unknown --test wasm_preview_timing -- --nocapture 2>&1 \
  | grep -o 'WASM_PREVIEW_1024_MS [0-9.]*' | awk '{print $2}')

say "wasm32 (Node): the lyric studio's cleanup and gutter on 5 KB"
lyric_wasm=$(cargo test --release -p shared --target wasm32-unknown-unknown --test wasm_lyrics_timing -- --nocapture 2>&1 \
  | grep -o 'WASM_[A-Z_0-9]*_MS [0-9.]*' | awk '{print $2}' | paste -sd' ')
python3 - "$(est 'lyrics/cleanup default-rules 5KB')" "$(est 'lyrics/gutter 5KB')" $lyric_wasm <<'PY'
import sys
native_clean, native_gutter = float(sys.argv[1]), float(sys.argv[2])
wasm_clean, wasm_gutter = (float(x) for x in (sys.argv[3:5] + ['nan', 'nan'])[:2])
print(f"lyrics cleanup, 5 KB:  native {native_clean:7.3f} ms   wasm32 {wasm_clean:7.3f} ms   ratio {wasm_clean / native_clean:4.1f}x")
print(f"lyrics gutter, 5 KB:   native {native_gutter:7.3f} ms   wasm32 {wasm_gutter:7.3f} ms   ratio {wasm_gutter / native_gutter:4.1f}x")
PY

python3 - "$pillow" "$wasm_ms" \
  "$(est 'lyrics_parse+default-rules 5KB')" \
  "$(est 'overlay/render 1024px title+artist 3px outline')" \
  "$(est 'overlay/render 3000px title+artist 3px outline')" \
  "$(est 'overlay/png encode 1024px')" "$(est 'overlay/png encode 3000px')" <<'PY'
import json, sys
pillow = json.loads(sys.argv[1]); wasm = float(sys.argv[2] or 'nan')
lyr, r1, r3, e1, e3 = map(float, sys.argv[3:8])
print()
print(f"lyrics: parse + default rules, 5 KB          {lyr:8.3f} ms")
for side, ours, enc in (("1024", r1, e1), ("3000", r3, e3)):
    p = pillow[side]
    print(f"cover {side} px render: ours {ours:8.2f} ms   Pillow {p['render_ms']:8.2f} ms   "
          f"ratio {p['render_ms'] / ours:5.1f}x faster (target >= 3x)")
    print(f"cover {side} px PNG encode: ours {enc:8.2f} ms   Pillow {p['encode_ms']:8.2f} ms")
print(f"wasm32 1024 px preview render (Node): {wasm:.2f} ms (target < 16 ms)")
PY

say "gallery: server render, 1,000 and 10,000 images, before and after the list indexes (SQLite, PostgreSQL)"
cargo bench -p server --bench gallery 2>&1 | grep -E '^gallery/'

say "chat: first token through the server vs the mock, memory with 20 streams, 1,000 conversations listed"
cargo bench -p server --bench chat 2>&1 | grep -E '^chat/'

say "job runner: 1,000 songs against the mock with zero provider latency (SQLite, PostgreSQL)"
cargo bench -p server --bench runner 2>&1 | grep -E '^runner/'

say "storage: a 1 GiB object through the storage interface, local files and S3, against cp"
cargo bench -p server --bench storage 2>&1 | grep -E '^storage'
say "song projects: a 1 GiB file uploaded and downloaded over HTTP on each backend, against cp; a folder of 10,000 files listed"
cargo bench -p server --bench projects 2>&1 | grep -E '^projects'

say "sync client: 1 GiB and 10,000 files mirrored up, downloaded, mirrored unchanged and 1 % changed, against cp -r and rclone"
command -v rclone >/dev/null || { sudo -n apt-get install -y rclone >/dev/null 2>&1 || apt-get install -y rclone >/dev/null 2>&1 || say "rclone not installable here: no rclone figures"; }
cargo bench -p aitoolbox-cli --bench sync 2>&1 | grep -E '^sync'

say "release build: cover preview frame time and first-visit weight per page in Chromium, bundle size"
cargo leptos build --release --split >/dev/null 2>&1 || cargo leptos build --release --split
node scripts/precompress.mjs target/site/pkg
(cd end2end && E2E_SERVER_BIN="$CARGO_TARGET_DIR/release/server" LEPTOS_SITE_ROOT="$ROOT/target/site" \
  npx playwright test --config bench.config.ts 2>&1 | grep -E 'cover preview|lyric gutter|^page |^/|passed|failed')
"$ROOT/scripts/wasm-size.sh"
"$ROOT/scripts/lighthouse.sh"
