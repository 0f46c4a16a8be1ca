#!/usr/bin/env bash
# ZeroSkip.mulTiles (the zero-skipping product that labels pruned toy networks in the sweeps) on the hidden
# layers 2 and 3 of the three toy models over their training sets, one thread, best of REPS: time and rate.
# Models: MODELS/{moon,circle,mult}.npz (default ../shared/reference/models; random networks where missing).
#
#   bench/zero-skip.sh [REPS]   (three rounds over the data sets; the last is printed) [MODELS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
cp=$(test_classpath)
machine_line
load_line before
java --add-modules jdk.incubator.vector -cp "$cp" org.lrppruning.bench.ZeroSkipTimer "${2:-../shared/reference/models}" \
  "${1:-10}" moon circle mult 2>&1 | grep -v 'incubator modules'
load_line after
