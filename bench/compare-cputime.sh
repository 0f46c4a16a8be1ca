#!/usr/bin/env bash
# The toy study's speed of this checkout against another revision (default: main), measured as the CPU
# time of whole single-threaded runs (RunCpuTime), alternating the two builds ROUNDS times (default 2) in
# one session; prints each build's per-configuration medians and the ratio of the totals (this / other).
# CPU time hardly depends on other load, wall time does: use this on a shared machine, JMH on an idle one.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-main}
rounds=${ROUNDS:-2}
other=$(mktemp -d)
trap 'rm -rf "$other"' EXIT

mvn_quiet() { local log; log=$(mvn -q -B "$@" 2>&1) || { printf '%s\n' "$log" >&2; exit 1; }; }
mvn_quiet test-compile
mvn_quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
git archive "$rev" | tar -x -C "$other"
(cd "$other" && mvn_quiet test-compile)
deps="$(cat target/test-classpath.txt)"
here_cp="target/test-classes:target/classes:$deps"
# the harness compiled against the other revision's classes, so it runs on either build
mkdir -p "$other/harness"
javac -nowarn --add-modules jdk.incubator.vector -d "$other/harness" -cp "$other/target/classes:$deps" \
  src/test/java/org/lrppruning/bench/RunCpuTime.java 2>/dev/null
other_cp="$other/harness:$other/target/classes:$deps"

run() { java --add-modules jdk.incubator.vector -cp "$1" org.lrppruning.bench.RunCpuTime 2>/dev/null; }
here_total=0
other_total=0
for r in $(seq "$rounds"); do
  echo "== $rev, round $r"
  out=$(run "$other_cp"); echo "$out"
  other_total=$(echo "$other_total $(echo "$out" | awk '/^total/ {print $2}')" | awk '{print $1 + $2}')
  echo "== this checkout, round $r"
  out=$(run "$here_cp"); echo "$out"
  here_total=$(echo "$here_total $(echo "$out" | awk '/^total/ {print $2}')" | awk '{print $1 + $2}')
done
echo "CPU time ratio (this checkout / $rev), summed over rounds: $(echo "$here_total $other_total" | awk '{printf "%.3f", $1 / $2}')"
