#!/usr/bin/env bash
# The playground's work per slider move without the server (PlaygroundForwardSpeedup): the pruned network's
# labels over training set, noisy test set and the page's grid, as Pruner.prune + predict and as PrunedForward (with and without the unpruned inputs),
# interleaved in one JVM, one thread, CPU time; per prune count the medians, their ratio and whether the labels
# agree. Needs the cached toy models (bin/lrp-pruning -d moon trains one).
#
#   bench/playground-forward.sh            # moon and mult
#   bench/playground-forward.sh circle
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
cp=$(test_classpath)
exec java --add-modules jdk.incubator.vector -cp "$cp" org.lrppruning.bench.PlaygroundForwardSpeedup "$@"
