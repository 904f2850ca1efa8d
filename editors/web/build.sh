#!/usr/bin/env bash
# Builds the page into editors/web/dist/ (open dist/index.html, or serve the folder from any
# static host): the checker crate compiled to wasm32-unknown-unknown, its JavaScript glue made by
# wasm-bindgen, everything bundled by esbuild.
# Needs: rustup's wasm32-unknown-unknown target and the wasm-bindgen CLI of the version
# crates/web pins (.ci/run installs both; the message below says how), node and npm.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac

want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' "$ROOT/crates/web/Cargo.toml")
have=$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2 || true)
if [ "$have" != "$want" ]; then
  echo "editors/web: wasm-bindgen $want is needed (found: ${have:-none}):" >&2
  echo "  rustup target add wasm32-unknown-unknown && cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi

if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "editors/web: the wasm32-unknown-unknown target is needed: rustup target add wasm32-unknown-unknown" >&2
  exit 1
fi
(cd "$ROOT" && cargo build --locked -p nianbao-web --profile wasm --target wasm32-unknown-unknown)
rm -rf "$HERE/build/pkg"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir "$HERE/build/pkg" \
  "$TARGET/wasm32-unknown-unknown/wasm/nianbao_web.wasm"
cd "$HERE"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
node build.mjs
