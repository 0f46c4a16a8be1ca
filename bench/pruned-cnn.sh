#!/usr/bin/env bash
# The forward pass of the vgg-small CNN at batch 256, unpruned and pruned at rate 0.5 (weight, lrp), timed
# interleaved in one JVM (40 repetitions each after 10 of warm-up) and printed as the speed-up (min and median)
# next to the MAC ratio, with the CPU's AVX flags and the load average. The same networks under JMH:
# bench/jmh.sh PrunedCnnBench. Run on an otherwise idle machine (other load shows up in the timings).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
cp=$(test_classpath)
exec java --add-modules jdk.incubator.vector -cp "$cp" org.lrppruning.bench.PrunedCnnSpeedup
