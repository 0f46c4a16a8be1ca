#!/usr/bin/env bash
# Compiles the test classes and runs the JMH benchmarks (default: MatOpsBench).
# Any arguments go to JMH instead, e.g.  bench/jmh.sh MatOpsBench.mulTransB -p shape=2000x1000x1000
# (run it on an otherwise idle machine: other load shows up directly in the timings).
set -euo pipefail
cd "$(dirname "$0")/.."

# maven's output only when it fails (Debian's mvn -q still prints colour codes)
mvn_quiet() { local log; log=$(mvn -q -B "$@" 2>&1) || { printf '%s\n' "$log" >&2; exit 1; }; }
mvn_quiet test-compile
mvn_quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"

if [ $# -eq 0 ]; then
  set -- MatOpsBench
fi
exec java --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main "$@"
