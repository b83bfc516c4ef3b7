#!/usr/bin/env bash
# Whole-process benchmark of `batch`: generates seeded tables (1,000 / 10,000 / 100,000 parks
# unless PARKS says otherwise) and prints, for each, the best of three runs' wall time and peak
# memory with every output (ledger.csv, rejects.csv, summary.json, inputs/, ledger.xlsx) and
# without the workbook (--no-xlsx), beside the floor (the same enterprises.csv merely read by
# the csv crate, measured in the same run) and the ratio of each to it. Also prints the load
# average before and after: compare runs only under the same load. Needs GNU time.
#   bash bench/batch.sh [WORKDIR]          PARKS="1000 300000" bash bench/batch.sh [WORKDIR]
# Tables of 100,000 parks take about 420 MB, 300,000 about 1.3 GB, and each output folder as
# much again (the copies of the inputs): use a WORKDIR with room, and delete it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cargo build --release --locked --quiet --bin cixi-parks --example gen_tables --example csv_floor
bin=target/release/cixi-parks
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Best of three of a command: "wall_s peak_KiB" of the fastest run.
best() {
  local best_wall="" best_mem="" wall mem
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null
    read -r wall mem < "$work/time"
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; best_mem=$mem; fi
  done
  echo "$best_wall $best_mem"
}
ratio() { awk "BEGIN{printf \"%.1f\", $1 / ($2 > 0 ? $2 : 0.01)}"; }
printf '%-7s %-9s %8s %7s %8s %10s %8s %7s %8s %10s %8s %7s\n' parks rows floor_s floor_MiB \
  wall_s peak_MiB ratio rows_s nox_wall_s nox_peak_MiB nox_ratio nox_rows_s
for parks in ${PARKS:-1000 10000 100000}; do
  dir="$work/tables-$parks"
  [ -f "$dir/parks.csv" ] || target/release/examples/gen_tables --parks "$parks" --seed 7 --year 2022 --out "$dir" 2>/dev/null
  rows=$(( $(wc -l < "$dir/enterprises.csv") - 1 ))
  cat "$dir"/*.csv > /dev/null   # warm the page cache for every run alike
  read -r fwall fmem <<< "$(best target/release/examples/csv_floor "$dir/enterprises.csv")"
  read -r wall mem <<< "$(best "$bin" batch "$dir" --out "$work/out-$parks" -q)"
  read -r nwall nmem <<< "$(best "$bin" batch "$dir" --out "$work/out-$parks" -q --no-xlsx)"
  printf '%-7s %-9s %8s %9d %8s %10d %8s %7.0f %10s %12d %9s %10.0f\n' "$parks" "$rows" \
    "$fwall" $((fmem / 1024)) "$wall" $((mem / 1024)) "$(ratio "$wall" "$fwall")" \
    "$(awk "BEGIN{print $rows / ($wall > 0 ? $wall : 0.01)}")" \
    "$nwall" $((nmem / 1024)) "$(ratio "$nwall" "$fwall")" \
    "$(awk "BEGIN{print $rows / ($nwall > 0 ? $nwall : 0.01)}")"
  rm -rf "$work/out-$parks"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
