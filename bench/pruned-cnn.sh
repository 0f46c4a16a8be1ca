#!/usr/bin/env bash
# The forward pass of the vgg-small CNN at batch 256, unpruned and pruned at rate 0.5 (weight, lrp), timed
# interleaved in one JVM (40 repetitions each after 10 of warm-up) and printed as the speed-up (min and median)
# next to the MAC ratio, with the CPU's AVX flags and the load average. The same networks under JMH:
# bench/jmh.sh PrunedCnnBench. Run on an otherwise idle machine (other load shows up in the timings).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn_quiet() { local log; log=$(mvn -q -B "$@" 2>&1) || { printf '%s\n' "$log" >&2; exit 1; }; }
mvn_quiet test-compile
mvn_quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.lrppruning.bench.PrunedCnnSpeedup
