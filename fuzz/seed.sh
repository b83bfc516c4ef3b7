#!/bin/sh
# Seeds each fuzz target's corpus (fuzz/corpus/<target>/) from the repository's fixtures and
# from the inputs that once crashed a target (fixtures/fuzz-regressions/<target>/).
# Run from the repository's root: fuzz/seed.sh
set -eu
root=$(pwd)
c="$root/fuzz/corpus"
seed() {
  target=$1
  shift
  mkdir -p "$c/$target"
  for f in "$@"; do
    if [ -f "$f" ]; then cp "$f" "$c/$target/"; fi
  done
}
seed application fixtures/calc/*.yaml fixtures/errors/*.yaml
seed engine fixtures/calc/*.yaml
seed policy policy.yaml fixtures/policy/*.yaml
seed profile fixtures/profile/*.yaml fixtures/profile-errors/*.yaml
for t in parks enterprises investments grants overrides; do
  mkdir -p "$c/$t"
  for f in fixtures/batch/*/"$t.csv"; do
    if [ -f "$f" ]; then cp "$f" "$c/$t/$(basename "$(dirname "$f")")-$t.csv"; fi
  done
done
seed payments fixtures/audit/*.csv
# A calc report and a batch summary, made by the program itself.
mkdir -p "$c/calc_report" "$c/batch_summary"
cargo run -q -- calc fixtures/calc/guide-6-4-digital-counts-only-this-years-investment.yaml --format json > "$c/calc_report/guide-6-4.json" 2>/dev/null || true
out=$(mktemp -d)
cargo run -q -- batch fixtures/batch/guide --out "$out/run" >/dev/null 2>&1 || true
[ -f "$out/run/summary.json" ] && cp "$out/run/summary.json" "$c/batch_summary/guide.json"
rm -rf "$out"
for d in fixtures/fuzz-regressions/*/; do
  [ -d "$d" ] || continue
  t=$(basename "$d")
  mkdir -p "$c/$t"
  cp "$d"* "$c/$t/" 2>/dev/null || true
done
