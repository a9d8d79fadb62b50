#!/usr/bin/env bash
# Installs whatever is missing to build, run and test AI Toolbox; safe to run again (each step
# checks first). Sourced by run.sh and test.sh, so the exported variables reach them.
#
# Everything comes from the package registries this machine reaches: rustup's wasm32 target,
# crates.io (cargo-leptos, wasm-bindgen-cli), Debian (chromium) and npm (binaryen's wasm-opt,
# Playwright). Nothing downloads a browser or a binary from elsewhere.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# Builds live outside the clone so a fresh checkout (and CI) reuses earlier compilation.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/aitoolbox/target}"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# leptos reads the bundle name at compile time; the same value for every build keeps one cache.
export LEPTOS_OUTPUT_NAME=aitoolbox

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes about 15 minutes once)"
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
fi

# cargo-leptos downloads wasm-bindgen from GitHub unless the matching version is on PATH.
# Not --locked: the registry here lacks a transitive version of its lockfile.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium from Debian"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

npm_install() { # dir
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages (${dir#"$ROOT"/})"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install "$ROOT"          # build tools: binaryen (wasm-opt) for release builds
npm_install "$ROOT/end2end"  # Playwright, driving Debian's Chromium
