#!/usr/bin/env bash
# Two variants of one whole CLI run, alternating A, B, A, B ... in one run of this script, so that the machine's
# drift (±10-15 % between minutes on a shared 2-core VM) falls on both alike: wall and CPU time (user + system) of
# every run, the medians, and the median of the per-pair ratios A / B (above 1: B is faster) with how many pairs B won.
# A variant is a jar and extra JVM options (quote them as one word; "" for none).
#
#   bench/paired-runs.sh PAIRS JAR_A OPTS_A JAR_B OPTS_B -- lrp-pruning arguments...
#   e.g. bench/paired-runs.sh 8 target/lrp-pruning.jar "" target/lrp-pruning.jar "-XX:CICompilerCount=3" -- \
#          scores --model ../shared/cnn/model_bn.onnx --refs fashion-mnist:test -c lrp --force --out s.npz
#
# The JVM options the launcher always gives (the Vector API module, a 1 GB heap) come first; a collector given in a
# variant's options replaces the launcher's ParallelGC. The launcher's CDS archive is not used here: give
# -XX:SharedArchiveFile=... as an option.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
[ $# -ge 6 ] && [ "$6" = "--" ] || { echo "usage: bench/paired-runs.sh PAIRS JAR_A OPTS_A JAR_B OPTS_B -- ARGS..." >&2; exit 2; }
pairs=$1; jars=("$2" "$4"); opts=("$3" "$5"); shift 6
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
machine_line
load_line before
for i in $(seq "$pairs"); do
  for v in 0 1; do
    gc=-XX:+UseParallelGC
    case "${opts[$v]}" in *-XX:+Use*GC*) gc= ;; esac
    # shellcheck disable=SC2086 # the options are words on purpose
    /usr/bin/time -f "%e %U %S" -o "$tmp/t" java --add-modules jdk.incubator.vector $gc -Xmx1g ${opts[$v]} \
      -jar "${jars[$v]}" "$@" >"$tmp/out" 2>"$tmp/err" || { tail -3 "$tmp/err" >&2; exit 1; }
    echo "$([ $v = 0 ] && echo A || echo B) $(cat "$tmp/t")" | tee -a "$tmp/runs"
  done
done
load_line after
awk '
  { w[$1, ++n[$1]] = $2; c[$1, n[$1]] = $3 + $4 }
  function median(a, k, m,   i, j, t, v) { for (i = 1; i <= m; i++) v[i] = a[k, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
  END {
    m = n["A"]; won = 0
    for (i = 1; i <= m; i++) { rw["r", i] = w["A", i] / w["B", i]; rc["r", i] = c["A", i] / c["B", i]; won += w["B", i] < w["A", i] }
    printf "pairs %d: median wall A %.2f s, B %.2f s; CPU A %.2f s, B %.2f s; median ratio A / B wall %.3f, CPU %.3f; B faster in %d of %d\n",
      m, median(w, "A", m), median(w, "B", m), median(c, "A", m), median(c, "B", m), median(rw, "r", m), median(rc, "r", m), won, m
  }' "$tmp/runs"
