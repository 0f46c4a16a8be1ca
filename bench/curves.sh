#!/usr/bin/env bash
# What one (criterion, n, seed) curve costs on vgg-small / Fashion-MNIST, to size `reproduce --cnn`:
# a one-shot curve and a fine-tuned curve over the paper's 10 rates (0, 0.1, ..., 0.9), each with
# the default fine-tuning budget, timed alone on 1 thread and then both on 2 threads, in one run.
#
#   bench/curves.sh [MODEL] [CRITERION]      (default: ../shared/cnn/model_bn.onnx, the vgg-small
#                                             fixture, and lrp; any vgg-small .onnx/.npz works)
#
# Prints wall and CPU seconds per run and the ratios. Needs dataset-fashion-mnist. The CPU time is
# what the run costs on a loaded machine; the wall time is what other load leaves over.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-../shared/cnn/model_bn.onnx}
crit=${2:-lrp}
arch=()
case "$model" in *.npz) arch=(--arch vgg-small) ;; esac
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin/lrp-pruning --version >/dev/null 2>&1 || true # builds the jar first, outside the timing
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
  "flags: $(grep -m1 '^flags' /proc/cpuinfo | grep -o 'avx[0-9a-z_]*\|fma' | sort -u | tr '\n' ' ')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
common=(curves --model "$model" "${arch[@]}" --data fashion-mnist -c "$crit" -n 5 --seeds 0 --no-progress)

# run NAME ARGS...: wall and CPU (user + sys) seconds of one curves run into its own folder
run() {
  local name=$1
  shift
  local t0 c0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$out/$name.time" bin/lrp-pruning "${common[@]}" --out "$out/$name" "$@" \
    >"$out/$name.txt" 2>"$out/$name.err"
  t1=$(date +%s.%N)
  read -r u s rss <"$out/$name.time"
  awk -v n="$name" -v a="$t0" -v b="$t1" -v u="$u" -v s="$s" -v m="$rss" \
    'BEGIN { printf "%-22s wall %6.1f s  cpu %6.1f s  peak RSS %4d MB\n", n, b - a, u + s, m / 1024 }'
  echo "$name $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') $(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" \
    >>"$out/summary"
}

# the load (model, 60k + 10k images) alone: one rate-0 point, which is the unpruned accuracy
run load-only --rates 0 --threads 1
run oneshot-1thread --threads 1
run both-1thread --threads 1 --finetune 30
run both-2threads --threads 2 --finetune 30
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
sed -n '/^One shot/,$p' "$out/both-2threads.txt"
# 1 thread runs serially, so a curve's cost is the difference of two runs; CPU seconds are what load does not change
awk '{ w[$1] = $2; c[$1] = $3 } END {
  os = c["oneshot-1thread"] - c["load-only"]; ft = c["both-1thread"] - c["oneshot-1thread"]
  osw = w["oneshot-1thread"] - w["load-only"]; ftw = w["both-1thread"] - w["oneshot-1thread"]
  printf "one-shot curve (10 rates), 1 thread:   %.1f s cpu, %.1f s wall (loading subtracted)\n", os, osw
  printf "fine-tuned curve (10 rates), 1 thread: %.1f s cpu, %.1f s wall = %.2f x a one-shot curve (cpu)\n", ft, ftw, ft / os
  printf "both curves, 2 threads / 1 thread: wall %.2f, cpu %.2f\n", w["both-2threads"] / w["both-1thread"],
    c["both-2threads"] / c["both-1thread"]
}' "$out/summary"
