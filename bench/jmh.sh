#!/usr/bin/env bash
# Compiles the test classes and runs the JMH benchmarks (default: MatOpsBench).
# Any arguments go to JMH instead, e.g.  bench/jmh.sh MatOpsBench.mulTransB -p shape=2000x1000x1000
# (run it on an otherwise idle machine: other load shows up directly in the timings).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
cp=$(test_classpath)

if [ $# -eq 0 ]; then
  set -- MatOpsBench
fi
exec java --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main "$@"
