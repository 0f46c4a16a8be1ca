#!/usr/bin/env bash
# Slider and heatmap latency of the workbench on vgg-small (Fashion-MNIST, the cached model; trained first when
# missing, not timed): starts `bin/lrp-pruning workbench` on a free port of 127.0.0.1, sends per criterion 50
# slider moves to rates not asked before, 10 heatmap pairs and a drag of 50 steps (WorkbenchBench), prints
# p50/p95/max and the load average, and stops the server. On a busy machine the answer times grow with the load:
# report it with them. WORKBENCH_ARGS adds options of the server (e.g. --threads 1).
#
#   bench/workbench.sh                # lrp and weight
#   bench/workbench.sh taylor grad    # other criteria
#
# Where the server's time goes (one thread: every sample's stack shows the request it serves):
#   LRP_PRUNING_JAVA_OPTS=-XX:StartFlightRecording=filename=wb.jfr WORKBENCH_ARGS='--threads 1' \
#     bench/workbench.sh taylor grad
#   jfr print --stack-depth 64 --events jdk.ExecutionSample wb.jfr   # or JDK Mission Control
set -euo pipefail
cd "$(dirname "$0")/.."

bin/lrp-pruning --version >/dev/null   # builds the jar when needed
mvn -q -B -Dstyle.color=never test-compile
mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt

log=target/workbench-bench.log
# shellcheck disable=SC2086 # WORKBENCH_ARGS is a list of options
bin/lrp-pruning workbench --port 0 ${WORKBENCH_ARGS:-} >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 1200); do
  url=$(grep -o 'http://[0-9.:]*/' "$log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "bench: the workbench did not start (see $log)" >&2; exit 1; }
echo "bench: workbench at $url"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.lrppruning.bench.WorkbenchBench \
  "$url" "$@"
