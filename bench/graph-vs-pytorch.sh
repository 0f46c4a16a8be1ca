#!/usr/bin/env bash
# This project against PyTorch CPU on a graph CNN: forward + LRP backward of torchvision's resnet18 (random weights,
# randomised BatchNorm statistics, 1000 classes) at 3×224×224, batch 16, composite epsilon-plus-flat as Zennit runs
# it with its ResNetCanonizer (BatchNorm merged into the conv before it, residual Add and average pooling by the
# Norm rule, first conv Flat, other convs z⁺, fc ε; relevance from the label's logit), on the same machine in one
# run, same thread count on both sides, float64 then float32, with the ratio and each process's peak memory (RSS).
#
#   bench/graph-vs-pytorch.sh [threads [reps [batch [size]]]]
#
# threads: both sides (default 2; PyTorch via torch.set_num_threads and OMP_NUM_THREADS), reps: timed passes per
# side (median and minimum printed; default 5, after 1 of warm-up), batch (16) and image size (224).
# resnet18 is exported at run time by torch.onnx.export (bench/graph_score_torch.py export; torchvision: Debian's
# python3-torchvision). Java: org.lrppruning.bench.ScoreTimer --pass graph (Explainer on the ONNX file); PyTorch:
# bench/graph_score_torch.py, the same rules in plain torch by Zennit's modified-gradient trick (Zennit itself is not
# installable here), once as Zennit runs z⁺ ("zennit": x⁺ on W⁺ and x⁻ on W⁻) and once without the x⁻ term after
# a ReLU ("lean", as here). Before timing, the PyTorch script checks the relevances: float64 equal to ours within
# 1e-4 of the largest |R| per sample and layer (input heatmap, Σ R over H×W at every conv, logits); float32 both
# sides against that float64 truth (float32 LRP of this net is conditioned to about 1e-3 of max |R| on either side).
# Ratio = PyTorch time / ours (above 1: this project is faster), for the wall time and for the process CPU time of
# the timed part. The load average is printed before and after: on a shared machine compare CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
threads=${1:-2}
reps=${2:-5}
batch=${3:-16}
size=${4:-224}

cp=$(test_classpath)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the launcher's JVM settings (bin/lrp-pruning) but for the heap: a float64 trace of resnet18 at 224 is 1-2 GB
java=(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx6g -cp "$cp")
torch=(env OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" /usr/bin/python3)

machine_line
echo "java: $(java -version 2>&1 | head -1); torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
if ! /usr/bin/python3 -c 'import torchvision' 2>/dev/null; then
  echo "graph-vs-pytorch.sh: torchvision is missing (apt-get install -y python3-torchvision)" >&2
  exit 2
fi
load_line before
/usr/bin/python3 bench/graph_score_torch.py export "$tmp" "$batch" "$size" 0
summary=()
for precision in float64 float32; do
  ours=$(measured "${java[@]}" org.lrppruning.bench.ScoreTimer --pass graph --heap "$tmp/resnet18.onnx" \
    "$tmp/input.npy" "$tmp/labels.npy" epsilon-plus-flat "$precision" "$threads" "$reps" 1 "$tmp/java-$precision.npz")
  echo "$ours"
  theirs=$(measured "${torch[@]}" bench/graph_score_torch.py time "$tmp" "$precision" "$threads" "$reps" 1 \
    "$tmp/java-$precision.npz" "$tmp/java-float64.npz")
  echo "$theirs"
  zennit=$(grep 'variant=zennit' <<<"$theirs" | grep pass=)
  lean=$(grep 'variant=lean' <<<"$theirs" | grep pass=)
  a=$(field ms_median "$ours") z=$(field ms_median "$zennit") l=$(field ms_median "$lean")
  ac=$(field cpu_ms_median "$ours") zc=$(field cpu_ms_median "$zennit") lc=$(field cpu_ms_median "$lean")
  summary+=("resnet18 $precision, batch $batch, ${size}x$size, $threads thread(s): ratio pytorch/java wall"\
" $(ratio "$a" "$z") against zennit, $(ratio "$a" "$l") against lean; CPU time $(ratio "$ac" "$zc") /"\
" $(ratio "$ac" "$lc") (median ms, wall: java $a, zennit $z, lean $l; CPU: java $ac, zennit $zc, lean $lc;"\
" peak RSS MB: java $(field peak_rss_mb "$ours"), pytorch $(field peak_rss_mb "$theirs"))")
done
load_line after
printf '%s\n' "${summary[@]}"
