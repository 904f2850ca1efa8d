#!/usr/bin/env bash
# Instructions per parse + check of one report (callgrind; valgrind must be installed):
#   benches/instructions.sh [MODE] [FILE]     MODE: both (default), analyze, check
# Builds examples/profile_check.rs and counts only its `measured` calls (20 after a warm-up).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-both}
file=${2:-examples/reports/2018-zhaotong-services-bureau.txt}
n=20
cargo build -q --release --example profile_check
out=$(mktemp)
valgrind --tool=callgrind --collect-atstart=no --toggle-collect='profile_check::measured' \
  --callgrind-out-file="$out" target/release/examples/profile_check "$mode" "$n" "$file" >/dev/null 2>&1
total=$(callgrind_annotate "$out" 2>/dev/null | grep "PROGRAM TOTALS" | awk '{gsub(",","",$1); print $1}')
echo "$mode $(basename "$file"): $((total / n)) instructions per call (profile: $out)"
