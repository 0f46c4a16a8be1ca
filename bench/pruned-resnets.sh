#!/usr/bin/env bash
# The speed-up of pruned torchvision resnet18 and resnet50 (random weights, 3x224x224, batch 8), pruned 30 % and
# 50 % of their channels by weight (whole channel groups, every group keeping one), against the MAC ratio: our
# forward pass and ONNX Runtime (Java, from the test classpath) on the written ONNX files, each timed interleaved
# with its unpruned model. Exports the models with /usr/bin/python3 (torch 1.13, torchvision 0.14; Debian's
# python3-torchvision) into a temporary folder. Prints the CPU's flags and the load average. docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 bench/export_torchvision.py "$work"
mvn_quiet() { local log; log=$(mvn -q -B "$@" 2>&1) || { printf '%s\n' "$log" >&2; exit 1; }; }
mvn_quiet test-compile
mvn_quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
# -Xss8m: ONNX Runtime's environment overflows the default 1 MB main-thread stack here (a segfault)
exec java --add-modules jdk.incubator.vector -Xmx3g -Xss8m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.lrppruning.bench.PrunedResNetSpeedup "$work" "$@"
