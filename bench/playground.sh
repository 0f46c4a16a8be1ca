#!/usr/bin/env bash
# Slider latency of the playground: starts `bin/lrp-pruning playground` on a free port of 127.0.0.1
# (the cached models; one that is missing is trained first, not timed), sends per data set 50
# slider requests like a drag and 50 at random prune counts (PlaygroundBench), prints p50/p95 of the
# answer times and of the server's CPU time per request, and stops the server. Run it on an
# otherwise idle machine: on a busy one the answer times grow with the load.
#
#   bench/playground.sh              # moon and mult
#   bench/playground.sh circle       # other data sets
set -euo pipefail
cd "$(dirname "$0")/.."

bin/lrp-pruning --version >/dev/null   # builds the jar when needed
mvn -q -B -Dstyle.color=never test-compile
mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt

log=target/playground-bench.log
bin/lrp-pruning playground --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 120); do
  url=$(grep -o 'http://[0-9.:]*/' "$log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "bench: the playground did not start (see $log)" >&2; exit 1; }
echo "bench: playground at $url"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.lrppruning.bench.PlaygroundBench \
  "$url" --pid "$server" "$@"
