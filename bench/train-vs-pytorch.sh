#!/usr/bin/env bash
# One training epoch of the fixture CNN (vgg-small of ../shared/cnn: Adam, batch 128, dropout,
# BatchNorm on batch statistics) here and in PyTorch CPU, on the same machine in one run, and the ratio.
#
#   bench/train-vs-pytorch.sh [batches [threads [batch]]]
#
# batches: mini-batches of the epoch (default 469 = all 60 000 Fashion-MNIST training images at 128),
# threads: for both sides (default 2). Both warm up over 30 batches first. Java:
# org.lrppruning.bench.TrainTimer (Trainer on the first batches*batch images); PyTorch: bench/train_torch.py
# with /usr/bin/python3 (torch), torch.set_num_threads(threads). Needs dataset-fashion-mnist.
# Prints both lines and "ratio pytorch/java" (above 1: this project is faster). Run it on an otherwise
# idle machine: other load skews both sides, PyTorch's OpenMP threads most.
set -euo pipefail
cd "$(dirname "$0")/.."
batches=${1:-469}
threads=${2:-2}
batch=${3:-128}

# maven's output only when it fails (Debian's mvn -q still prints colour codes)
mvn_quiet() { local log; log=$(mvn -q -B "$@" 2>&1) || { printf '%s\n' "$log" >&2; exit 1; }; }
mvn_quiet test-compile
mvn_quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
  "flags: $(grep -m1 '^flags' /proc/cpuinfo | grep -o 'avx[0-9a-z_]*\|fma' | sort -u | tr '\n' ' ')"
echo "java: $(java -version 2>&1 | head -1); torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
ours=$(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx1g -cp "$cp" org.lrppruning.bench.TrainTimer \
  "$threads" "$batches" "$batch" vgg-small 30 1 2>/dev/null)
echo "$ours"
theirs=$(OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads /usr/bin/python3 bench/train_torch.py \
  "$threads" "$batches" "$batch" 30)
echo "$theirs"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
a=$(sed -n 's/.*ms_per_batch=\([0-9.]*\).*/\1/p' <<<"$ours")
b=$(sed -n 's/.*ms_per_batch=\([0-9.]*\).*/\1/p' <<<"$theirs")
echo "ratio pytorch/java: $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }') (ms per batch: java $a, pytorch $b)"
