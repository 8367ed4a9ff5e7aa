#!/bin/sh
# bench/serve_bench.sh BUILD - load test of `admit serve` (make bench).
#
# Starts BUILD/admit serve on a free loopback port, runs wrk (Debian package
# wrk) posting examples/admission-2023.json to /v1/check for BENCH_SERVE_SECONDS
# (30) over BENCH_SERVE_CONNECTIONS (64) connections and 4 wrk threads, and
# prints requests per second, the 50th and 99th percentile latency, the
# errors (socket errors and non-2xx answers; there must be none) and the
# server's resident memory (VmRSS) before and after.  Exits 1 on any error.
# Environment: BENCH_SERVE_SECONDS, BENCH_SERVE_CONNECTIONS, BENCH_SERVE_THREADS
# (the server's --threads; default its own, the number of CPUs).
set -eu

BUILD=${1:-build}
cd "$(dirname "$0")/.."
SECONDS_=${BENCH_SERVE_SECONDS:-30}
CONNS=${BENCH_SERVE_CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "serve_bench: wrk is not installed (Debian package wrk)" >&2; exit 1; }

log=$(mktemp)
"$BUILD/admit" serve --listen 127.0.0.1:0 ${BENCH_SERVE_THREADS:+--threads "$BENCH_SERVE_THREADS"} \
  2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT   # the server may have ended already
port=
for _ in $(seq 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "serve_bench: the server did not start" >&2; cat "$log" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
rss_before=$(rss)
out=$(BENCH_DOSSIER=examples/admission-2023.json wrk -t4 -c"$CONNS" -d"${SECONDS_}s" --latency \
      -s bench/serve_check.lua "http://127.0.0.1:$port/v1/check")
rss_after=$(rss)
kill -TERM $pid
wait $pid || true
get() { printf '%s\n' "$out" | awk -v k="$1" '$1 == k {print $2}'; }
errors=$(( $(get socket_errors) + $(get non_2xx) ))
echo "admit serve, POST /v1/check (examples/admission-2023.json), ${SECONDS_} s, $CONNS connections:"
echo "  requests:     $(get requests)"
echo "  requests/s:   $(get rps)"
echo "  latency p50:  $(get p50_ms) ms"
echo "  latency p99:  $(get p99_ms) ms"
echo "  errors:       $errors (socket $(get socket_errors), non-2xx $(get non_2xx))"
echo "  server RSS:   $rss_before before, $rss_after after"
[ "$errors" -eq 0 ]
