#!/usr/bin/env bash
# The page's end-to-end test in headless Chromium (editors/web/test/run.mjs): builds the page
# (build.sh: the wasm checker, wasm-bindgen, esbuild) and the nianbao binary, then drives the
# page against `nianbao check` / `nianbao fix` on every sample. Part of .ci/test.
# Needs what build.sh needs and Chromium (tests/editors/install.sh installs Debian's); a
# missing browser fails. Screenshots and timings: target/web-test/.
#   CHROMIUM  the browser (default: chromium on PATH)
#   NIANBAO   the binary to compare with (default $CARGO_TARGET_DIR or target, /debug/nianbao)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
if [ -z "$CHROMIUM" ] || [ ! -x "$CHROMIUM" ]; then
  echo "FAIL web: chromium not found (run tests/editors/install.sh)"
  exit 1
fi
t0=$SECONDS
echo "== web: building the page"
bash "$HERE/build.sh"
echo "-- web: page built in $((SECONDS - t0))s"
NIANBAO=${NIANBAO:-$TARGET/debug/nianbao}
[ -x "$NIANBAO" ] || (cd "$ROOT" && cargo build --locked --quiet)
t1=$SECONDS
echo "== web: $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
CHROMIUM=$CHROMIUM NIANBAO=$NIANBAO OUT=${OUT:-$TARGET/web-test} node "$HERE/test/run.mjs"
echo "-- web: tested in $((SECONDS - t1))s"
