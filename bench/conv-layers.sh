#!/usr/bin/env bash
# Float32 3×3 stride-1 convolutions, the direct map against Winograd's F(2×2, 3×3) (which the float32 LRP rules'
# products use), and their transposes, at resnet18's four stages (batch 16 at 224 × 224) and the fixture CNN's
# 16 → 32 and 32 → 64 layers; and resnet18's 3×3 stride-2 max pooling. Best of `reps` after a second of warm-up,
# one JVM per thread count (org.lrppruning.bench.ConvLayerTimer). Ratio = direct / Winograd (above 1: Winograd is
# faster).
#
#   bench/conv-layers.sh [reps]        (default 7)
#
# Run on an otherwise idle machine: this one drifts ±15 % between minutes, so compare ratios within a line.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
reps=${1:-7}
cp=$(test_classpath)
machine_line
load_line before
for threads in 1 2; do
  java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx4g -cp "$cp" org.lrppruning.bench.ConvLayerTimer \
    "$threads" "$reps" 2>/dev/null
done
load_line after
