#!/usr/bin/env bash
# Whole-process benchmark of `batch`: generates seeded tables for 1,000 / 10,000 / 100,000
# parks and prints wall time, peak memory and rows per second for each, beside the floor
# (the same enterprises.csv merely read by the csv crate). Needs GNU time (/usr/bin/time).
#   bash bench/batch.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
cargo build --release --locked --quiet --bin cixi-parks --example gen_tables --example csv_floor
bin=target/release/cixi-parks
printf '%-8s %-10s %12s %10s %12s %14s %12s\n' parks rows wall_s peak_MiB rows_per_s floor_wall_s floor_MiB
for parks in 1000 10000 100000; do
  dir="$work/tables-$parks"
  [ -f "$dir/parks.csv" ] || target/release/examples/gen_tables --parks "$parks" --seed 7 --year 2022 --out "$dir" 2>/dev/null
  rows=$(( $(wc -l < "$dir/enterprises.csv") - 1 ))
  cat "$dir"/*.csv > /dev/null   # warm the page cache for both runs alike
  best_wall=""; best_mem=""
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" batch "$dir" --out "$work/out-$parks" > /dev/null
    read -r wall mem < "$work/time"
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; best_mem=$mem; fi
  done
  /usr/bin/time -f '%e %M' -o "$work/time" target/release/examples/csv_floor "$dir/enterprises.csv" > /dev/null
  read -r fwall fmem < "$work/time"
  printf '%-8s %-10s %12s %10d %12.0f %14s %12d\n' "$parks" "$rows" "$best_wall" $((best_mem / 1024)) \
    "$(awk "BEGIN{print $rows / ($best_wall > 0 ? $best_wall : 0.01)}")" "$fwall" $((fmem / 1024))
done
