#!/usr/bin/env bash
# JMH: the paper network's forward pass on a batch of 2000, printed as GFLOP/s for 1 and 2 threads.
# Run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Dstyle.color=never test-compile
mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.lrppruning.bench.ForwardGflops
