#!/usr/bin/env bash
# The training target of issue 8: bin/lrp-pruning train --data fashion-mnist --arch vgg-small, timed, with
# its test accuracy against the PyTorch fixture's (../shared/cnn: bn 0.8971) and the 5-minute budget.
#
#   bench/train-cnn.sh [extra train options, e.g. --epochs 2 --threads 2]
#
# Also prints the peak memory (maximum resident set, /usr/bin/time). The model goes to a temporary file (the cache
# is left alone). Needs dataset-fashion-mnist. Run it on an
# otherwise idle machine: the wall time is what other load leaves over.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin/lrp-pruning --version >/dev/null 2>&1 || true # builds the jar first, outside the timing
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
  "flags: $(grep -m1 '^flags' /proc/cpuinfo | grep -o 'avx[0-9a-z_]*\|fma' | sort -u | tr '\n' ' ')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
line=$(/usr/bin/time -f 'peak_rss_kb=%M' -o "$out/time" bin/lrp-pruning train --data fashion-mnist --arch vgg-small \
  --test fashion-mnist:test -o "$out/vgg-small.npz" "$@" 2>/dev/null)
end=$(date +%s.%N)
echo "$line"
echo "peak memory (maximum resident set): $(($(sed -n 's/peak_rss_kb=//p' "$out/time") / 1024)) MB (target <= 2048 MB)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
acc=$(sed -n 's/.*test accuracy \([0-9.]*\) %.*/\1/p' <<<"$line")
awk -v a="$acc" -v s="$start" -v e="$end" 'BEGIN {
  t = e - s
  time_ok = "missed"; if (t <= 300) time_ok = "met"
  acc_ok = "missed"; if (a + 0 >= 89.71) acc_ok = "met"
  printf "wall %.1f s (target <= 300 s: %s), test accuracy %.2f %% (target >= 89.71 %%: %s)\n", t, time_ok, a, acc_ok
}'
