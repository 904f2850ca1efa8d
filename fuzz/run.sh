#!/usr/bin/env bash
# Runs each fuzz target for SECONDS seconds (default 30), seeded with the sample reports:
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# Needs nightly and cargo-fuzz; installs them when missing. New inputs are kept under
# fuzz/corpus/TARGET (ignored by git); a crash is written to fuzz/artifacts/TARGET and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(check_fix incremental_check read_forms)
fi
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  echo "== fuzz $target for ${secs}s"
  seeds=(examples/reports)
  # The readers' target starts from real pages, converter Markdown and Word drafts.
  [ "$target" = read_forms ] && seeds=(tests/real tests/real/converted tests/data/docx)
  cargo +nightly fuzz run --target-dir "${FUZZ_TARGET_DIR:-fuzz/target}" "$target" \
    "fuzz/corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$secs" -max_len=65536 -timeout=60 -print_final_stats=1
done
