#!/usr/bin/env bash
# Load benchmark of `cixi-parks serve` on loopback (not a timed test): 32 connections for 10 s
# POST the GUIDE.md §6 examples to /api/v1/calc; prints wrk's figures (requests/s, latency
# percentiles, non-2xx count) and the server's peak resident memory (VmHWM).
#   bash bench/serve.sh            (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --bin cixi-parks
port=${PORT:-18080}
target/release/cixi-parks serve --addr "127.0.0.1:$port" 2> /dev/null &
server=$!
trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break
  sleep 0.1
done
GUIDE_FILES="$(ls fixtures/calc/guide-*.yaml | tr '\n' ' ')" \
  wrk -t2 -c32 -d10s --latency -s bench/serve-calc.lua "http://127.0.0.1:$port"
grep -E 'VmHWM|VmRSS' "/proc/$server/status"
