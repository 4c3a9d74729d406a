#!/bin/bash
# run.sh: `make bench`: every benchmark in turn, each starting and stopping
# its own servers, their rows gathered; then bench/report.sh prints the one
# table and writes docs/benchmarks.md with its charts. BENCH_QUICK=1 runs
# smaller inputs and fewer rounds; BENCH_ONLY="serve upload" picks some.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export BENCH_OUT=${BENCH_OUT:-$(mktemp -d /tmp/vstream-bench-out.XXXXXX)}
export BENCH_ROWS=$BENCH_OUT/rows.tsv
: > "$BENCH_ROWS"
# Each is bounded: a benchmark still running after its limit is stopped.
limit=${BENCH_LIMIT:-$([ "${BENCH_QUICK:-0}" = 1 ] && echo 900 || echo 3600)}
start=$(date +%s)
for b in ${BENCH_ONLY:-serve upload listing transcode}; do
	echo "== $b"
	timeout -k 30 "$limit" bash "bench/$b.sh" ||
	    echo "bench: $b ended with status $?" >&2
done
BENCH_SECONDS_TOTAL=$(($(date +%s) - start)) bash bench/report.sh
