#!/usr/bin/env bash
# End-to-end tests of the editor integrations (editors/nvim, editors/vscode) in real editors,
# headless. Five scenarios per editor (six in VS Code), each printed as PASS/FAIL with the editor
# and scenario:
#   1-diagnostics           a sample report's diagnostics equal `nianbao check --format json`'s
#   2-quickfix-missing-row  the missing-row quick fix via the editor's code actions; saved file: no error
#   3-fix-all               fix all safe fixes on a report with label typos; saved file: no label-typo
#   4-edit-updates          typing into a total cell makes a row-total appear (equal to check's)
#   5-skeleton              the insert-skeleton command fills an empty file with a 2021 report
#   6-restart               (VS Code) the restart command; diagnostics come back
#
# Usage: bash tests/editors/run.sh [nvim] [vscode]      (default: both)
# Editors come from tests/editors/install.sh (.ci/run runs it). A missing editor is a failure.
#   NIANBAO          server binary (default $CARGO_TARGET_DIR or target, /debug/nianbao; built if absent)
#   NIANBAO_EDITORS  where install.sh put the editors (default ~/.cache/nianbao-editors)
#   NVIM, CODE_SERVER, CHROMIUM  override the editor binaries
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/editors
EDITORS=${NIANBAO_EDITORS:-$HOME/.cache/nianbao-editors}
NVIM=${NVIM:-$EDITORS/nvim-venv/bin/nvim}
CODE_SERVER=${CODE_SERVER:-$EDITORS/code-server/node_modules/.bin/code-server}
CHROMIUM=${CHROMIUM:-$(command -v chromium || echo chromium)}
NIANBAO=${NIANBAO:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/nianbao}
WHICH=${*:-nvim vscode}
T0=$SECONDS
FAILED=()

if [ ! -x "$NIANBAO" ]; then
  (cd "$ROOT" && cargo build --locked --quiet) || { echo "FAIL: cannot build nianbao"; exit 1; }
fi
NIANBAO=$(cd "$(dirname "$NIANBAO")" && pwd)/$(basename "$NIANBAO")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-e2e.XXXXXX")
PIDS=()
cleanup() {
  # every editor was started with setsid: its pid is its process group; end the whole group
  for p in "${PIDS[@]}"; do kill -- "-$p" 2>/dev/null; done
  [ -n "${KEEP_E2E:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

SAMPLES=$ROOT/examples/reports
# Line 78 of the 2021 Quanzhou report is the 总计 cell of row 一 (all zeros); rows 163–171 are
# row "7.属于行政执法案卷" of section 三 and its values.
TOTAL_LINE=78
prepare() { # DIR: s1..s5 with report.txt, preconditions checked with `nianbao check`
  local d=$1
  mkdir -p "$d"/s1 "$d"/s2 "$d"/s3 "$d"/s4 "$d"/s5
  : > "$d"/s5/report.txt   # empty: the report skeleton goes here
  cp "$SAMPLES"/2020-linyi-approval-bureau.txt "$d"/s1/report.txt
  sed '163,171d' "$SAMPLES"/2021-quanzhou-service-center.txt > "$d"/s2/report.txt
  cp "$SAMPLES"/2018-zhaotong-services-bureau.txt "$d"/s3/report.txt
  cp "$SAMPLES"/2021-quanzhou-service-center.txt "$d"/s4/report.txt
  chmod u+w "$d"/s*/report.txt   # the samples are read-only
  python3 - "$NIANBAO" "$d" <<'EOF'
import json, subprocess, sys
nb, d = sys.argv[1], sys.argv[2]
def codes(p):
    out = subprocess.run([nb, "check", "--format", "json", p], capture_output=True, text=True).stdout
    return [x["code"] for x in json.loads(out)[0]["diagnostics"]]
assert codes(f"{d}/s2/report.txt") == ["missing-row"], "precondition: s2/report.txt should have exactly one finding, missing-row"
want = {"s1": "row-total", "s3": "label-typo"}
for s, code in want.items():
    c = codes(f"{d}/{s}/report.txt")
    assert code in c, f"precondition: {s}/report.txt should have a {code} finding, has {c}"
assert codes(f"{d}/s4/report.txt") == [], "precondition: s4/report.txt should be clean"
EOF
}

# Neovim: the plugin set up twice, through vim.lsp.config/enable (0.11 default) and through
# vim.lsp.start (its 0.8–0.10 path, option api = 'start'), each on fresh copies of the reports.
run_nvim() {
  [ -x "$NVIM" ] || { echo "FAIL nvim: Neovim not found at $NVIM (run tests/editors/install.sh)"; return 1; }
  echo "-- $("$NVIM" --version | head -1)"
  local api ok=0
  # lsp/nianbao.lua, Neovim 0.11's runtime convention: on the runtime path, vim.lsp.config has it.
  local conf
  conf=$(timeout 30 "$NVIM" --headless -u NONE -i NONE --cmd "set rtp+=$ROOT/editors/nvim" \
    -c 'lua local c = vim.lsp.config.nianbao or {}; io.stdout:write(table.concat(c.cmd or {}, " ") .. "\n")' -c 'qa!' 2>&1 | tail -1)
  if [ "$conf" = "nianbao lsp" ]; then
    echo "PASS nvim lsp/nianbao.lua: vim.lsp.config.nianbao.cmd = $conf"
  else
    echo "FAIL nvim lsp/nianbao.lua: vim.lsp.config.nianbao.cmd = '$conf'"; ok=1
  fi
  for api in auto start; do
    local d=$WORK/nvim-$api t=$SECONDS
    prepare "$d" || { echo "FAIL nvim: preparing the reports"; return 1; }
    E2E_NVIM_API=$api NIANBAO=$NIANBAO E2E_DIR=$d E2E_OUT=$d/result.txt E2E_TOTAL_LINE=$TOTAL_LINE \
      PLUGIN_DIR=$ROOT/editors/nvim \
      setsid "$NVIM" --headless -u NONE -i NONE -l "$HERE/nvim_e2e.lua" </dev/null > "$d/nvim.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait "$pid"
    local rc=$?
    kill -- "-$pid" 2>/dev/null
    touch "$d/result.txt"
    cat "$d/result.txt"
    local passes
    passes=$(grep -c '^PASS ' "$d/result.txt")
    if [ "$rc" != 0 ] || [ "$passes" != 5 ]; then
      echo "-- nvim exit code $rc; its output:"; cat "$d/nvim.log"; ok=1
    fi
    echo "-- nvim (api=$api): $passes/5 passed in $((SECONDS - t))s"
  done
  return $ok
}

# VS Code: code-server (the real workbench and extension host) opened in headless chromium;
# the extension under test is the .vsix built from editors/vscode (npm ci + vsce package), and
# a probe extension (tests/editors/vscode-probe) drives it through the public API.
run_vscode() {
  [ -x "$CODE_SERVER" ] || { echo "FAIL vscode: code-server not found at $CODE_SERVER (run tests/editors/install.sh)"; return 1; }
  command -v "$CHROMIUM" >/dev/null || { echo "FAIL vscode: chromium not found (run tests/editors/install.sh)"; return 1; }
  local d=$WORK/vscode ext=$ROOT/editors/vscode
  mkdir -p "$d/ud/User" "$d/ext" "$d/xdg"
  prepare "$d/ws" || { echo "FAIL vscode: preparing the reports"; return 1; }
  echo "-- code-server $("$CODE_SERVER" --version 2>/dev/null | head -1)"
  local t=$SECONDS
  [ -d "$ext/node_modules" ] || (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error) \
    || { echo "FAIL vscode: npm ci in editors/vscode"; return 1; }
  (cd "$ext" && npm run --silent package >"$d/package.log" 2>&1) \
    || { echo "FAIL vscode: building the .vsix (npm run package)"; cat "$d/package.log"; return 1; }
  (cd "$HERE/vscode-probe" && "$ext/node_modules/.bin/vsce" package --no-dependencies --skip-license \
      --out "$d/probe.vsix" >"$d/probe-package.log" 2>&1) \
    || { echo "FAIL vscode: packaging the probe"; cat "$d/probe-package.log"; return 1; }
  local vsix
  for vsix in "$ext/nianbao.vsix" "$d/probe.vsix"; do
    XDG_CONFIG_HOME=$d/xdg "$CODE_SERVER" --user-data-dir "$d/ud" --extensions-dir "$d/ext" \
      --install-extension "$vsix" >>"$d/install.log" 2>&1 \
      || { echo "FAIL vscode: installing $vsix"; cat "$d/install.log"; return 1; }
  done
  echo "-- vsix built and installed in $((SECONDS - t))s"
  printf '{ "nianbao.server.path": "%s", "nianbao.lang": "en", "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false, "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false }\n' \
    "$NIANBAO" > "$d/ud/User/settings.json"
  local port=${E2E_PORT:-$((20000 + RANDOM % 20000))}
  E2E_OUT=$d/result.json E2E_DIR=$d/ws NIANBAO=$NIANBAO E2E_TOTAL_LINE=$TOTAL_LINE XDG_CONFIG_HOME=$d/xdg \
    setsid "$CODE_SERVER" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
      --disable-workspace-trust --user-data-dir "$d/ud" --extensions-dir "$d/ext" "$d/ws" \
      </dev/null >"$d/code-server.log" 2>&1 &
  local cs=$!
  PIDS+=("$cs")
  local i
  for i in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
  setsid "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$d/chrome-profile" \
    "http://127.0.0.1:$port/?folder=$d/ws" </dev/null >"$d/chromium.log" 2>&1 &
  local ch=$!
  PIDS+=("$ch")
  # the probe writes result.json once all scenarios ran (each has its own 30 s limits)
  for i in $(seq 1 "${E2E_VSCODE_WAIT:-2400}"); do [ -s "$d/result.json" ] && break; sleep 0.1; done
  kill -- "-$ch" "-$cs" 2>/dev/null
  wait "$ch" "$cs" 2>/dev/null
  if [ ! -s "$d/result.json" ]; then
    echo "FAIL vscode: the probe wrote no result (extension host never ran it?); code-server.log:"
    tail -30 "$d/code-server.log"
    return 1
  fi
  python3 - "$d/result.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
tag = "vscode-" + r.get("vscodeVersion", "?")
for s in r.get("results", []):
    print(f"{'PASS' if s['pass'] else 'FAIL'} {tag} {s['scenario']}: {s['detail']}")
if r.get("error"):
    print(f"FAIL {tag} probe: {r['error']}")
passed = sum(s["pass"] for s in r.get("results", []))
print(f"-- vscode: {passed}/6 passed")
sys.exit(0 if r.get("ok") and passed == 6 else 1)
EOF
  local rc=$?
  echo "-- vscode: $((SECONDS - t))s"
  if [ $rc != 0 ]; then echo "-- code-server.log (tail):"; tail -20 "$d/code-server.log"; fi
  return $rc
}

for editor in $WHICH; do
  echo "== e2e: $editor"
  case $editor in
    nvim) run_nvim || FAILED+=(nvim) ;;
    vscode) run_vscode || FAILED+=(vscode) ;;
    *) echo "unknown editor $editor"; FAILED+=("$editor") ;;
  esac
done

echo "== e2e: $((SECONDS - T0))s"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "e2e FAILED: ${FAILED[*]}"
  exit 1
fi
echo "e2e ok"
