#!/usr/bin/env bash
# Load benchmark of `cixi-parks serve` on loopback (not a timed test): 32 connections for 10 s
# POST the GUIDE.md §6 examples to /api/v1/calc, as JSON (the facts of
# fixtures/calc/guide-*.yaml) and then as YAML; prints wrk's figures (requests/s, latency
# percentiles; any non-200 answer is counted and printed) and the server's peak resident
# memory (VmHWM). Needs wrk (apt-get install wrk) and python3.
#   bash bench/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --bin cixi-parks
bin=target/release/cixi-parks
work=$(mktemp -d)
port=${PORT:-18080}
"$bin" serve --addr "127.0.0.1:$port" 2> /dev/null &
server=$!
trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for f in fixtures/calc/guide-*.yaml; do
  "$bin" calc "$f" --format json |
    python3 -c 'import json,sys; json.dump(json.load(sys.stdin)["facts"], sys.stdout, ensure_ascii=False)' \
      > "$work/$(basename "$f" .yaml).json"
done
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break
  sleep 0.1
done
echo "== JSON bodies"
GUIDE_FILES="$(ls "$work"/*.json | tr '\n' ' ')" CONTENT_TYPE=application/json \
  wrk -t2 -c32 -d10s --latency -s bench/serve-calc.lua "http://127.0.0.1:$port"
echo "== YAML bodies"
GUIDE_FILES="$(ls fixtures/calc/guide-*.yaml | tr '\n' ' ')" CONTENT_TYPE=application/yaml \
  wrk -t2 -c32 -d10s --latency -s bench/serve-calc.lua "http://127.0.0.1:$port"
grep -E 'VmHWM|VmRSS' "/proc/$server/status"
