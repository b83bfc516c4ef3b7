#!/usr/bin/env bash
# Two (or more) builds of `cixi-parks` run in turn on the same seeded tables, ROUNDS times, so
# that a shared machine's drift falls on both alike: prints for each its best and median wall
# time, its best CPU time (user + sys) and its peak memory. Needs GNU time.
#   bash bench/compare.sh [-n ROUNDS] [-p PARKS] [-w WORKDIR] BIN_A BIN_B … [-- BATCH_ARGS]
# e.g. build the commit before into another folder, then
#   bash bench/compare.sh -n 5 /tmp/before/cixi-parks target/release/cixi-parks -- --no-xlsx
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3 parks=100000 work=""
while getopts "n:p:w:" opt; do
  case $opt in
    n) rounds=$OPTARG ;;
    p) parks=$OPTARG ;;
    w) work=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
bins=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do bins+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#bins[@]} -ge 1 ] || { echo "name at least one binary" >&2; exit 2; }
work=${work:-$(mktemp -d)}
mkdir -p "$work"
tables="$work/tables-$parks"
if [ ! -f "$tables/parks.csv" ]; then
  cargo build --release --locked --quiet --example gen_tables
  target/release/examples/gen_tables --parks "$parks" --seed 7 --year 2022 --out "$tables" 2>/dev/null
fi
cat "$tables"/*.csv > /dev/null   # warm the page cache for every run alike
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
times="$work/compare.times"
: > "$times"
for _ in $(seq "$rounds"); do
  for b in "${bins[@]}"; do
    rm -rf "$work/out"
    /usr/bin/time -f "$b %e %U %S %M" -a -o "$times" "$b" batch "$tables" --out "$work/out" -q "$@" > /dev/null 2>&1 || true
  done
done
rm -rf "$work/out"
awk '{ n[$1]++; w[$1, n[$1]] = $2; c = $3 + $4; if (!($1 in cpu) || c < cpu[$1]) cpu[$1] = c;
       if ($5 > mem[$1]) mem[$1] = $5; if (!($1 in order)) { order[$1] = ++k; name[k] = $1 } }
     END { printf "%-40s %10s %12s %10s %10s\n", "binary", "wall_best", "wall_median", "cpu_best", "peak_MiB";
           for (i = 1; i <= k; i++) { b = name[i]; m = n[b];
             for (x = 1; x <= m; x++) v[x] = w[b, x];
             for (x = 1; x <= m; x++) for (y = x + 1; y <= m; y++) if (v[y] < v[x]) { t = v[x]; v[x] = v[y]; v[y] = t }
             printf "%-40s %10.2f %12.2f %10.2f %10d\n", b, v[1], v[int((m + 1) / 2)], cpu[b], mem[b] / 1024 } }' "$times"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
