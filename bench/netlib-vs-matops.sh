#!/usr/bin/env bash
# Times dev.ludovic.netlib (not a dependency of the project: fetched into the local Maven repository
# here) on the product bench/matmul-vs-numpy.sh times for MatOps: its native (JNI, system BLAS) path
# when it loads, and its best pure-Java path (VectorBLAS with the Vector API module).
set -euo pipefail
cd "$(dirname "$0")"
version=3.0.3
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mvn -q -B -Dstyle.color=never dependency:copy -Dartifact=dev.ludovic.netlib:blas:$version -DoutputDirectory="$out" >/dev/null 2>&1
jar="$out/blas-$version.jar"
javac -d "$out" -cp "$jar" netlib/NetlibTimer.java
java -cp "$jar:$out" NetlibTimer native 2>/dev/null | tail -1
java --add-modules jdk.incubator.vector -cp "$jar:$out" NetlibTimer 2>/dev/null | tail -1
