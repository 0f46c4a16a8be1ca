#!/usr/bin/env bash
# This project against PyTorch CPU on the fixture CNN (vgg-small, ../shared/cnn), on the same machine in one run,
# with the same thread count on both sides (each prints what it used), the ratio and each process's peak memory:
#
#   score: forward + LRP backward of a batch of 256 (test images 0..255) under the composite lrp-pruning (z^B first
#          conv, bias-free z+ other convs, epsilon Linear; relevance from the true-class logit), in float32 (as
#          `explain` runs it) and float64 (as the lrp criterion of `scores`, `prune`, `curves` runs it). Java:
#          org.lrppruning.bench.ScoreTimer (Explainer on the fixture's model_bn.onnx); PyTorch: bench/score_torch.py,
#          the same rules in plain torch by Zennit's modified-gradient trick, once as Zennit runs them ("zennit") and
#          once without the terms on x- after a ReLU ("lean", as here). The PyTorch script first checks that its
#          relevances equal ours and the fixture's Zennit heatmaps within 1e-4 of the largest |R| (else the run fails).
#   train: one training epoch (Adam, batch 128, dropout, BatchNorm on batch statistics) over `batches` mini-batches
#          of Fashion-MNIST. Java: org.lrppruning.bench.TrainTimer (Trainer); PyTorch: bench/train_torch.py.
#
#   bench/vs-pytorch.sh [all|score|train [threads [batches [reps]]]]
#
# threads: both sides (default 2; PyTorch via torch.set_num_threads and OMP_NUM_THREADS, as Debian's torch starts
# with 1), batches: training mini-batches (default 469 = the 60 000 training images), reps: timed scoring passes
# per side (median and minimum printed; default 15, after 3 of warm-up). ROUNDS=R (default 1) alternates the two
# sides R times; each side's best median over the rounds gives the ratio, PyTorch time / our time (above 1: this
# project is faster), for the wall time and for the process CPU time (all threads) of the timed part. On a busy
# machine the CPU time of a single-threaded run hardly depends on the other load (compare with threads = 1 there);
# with 2 threads it also counts PyTorch's OpenMP threads spinning at barriers. The fixtures folder is ../shared/cnn beside the project, or
# $LRP_FIXTURES; training needs dataset-fashion-mnist. Run it on an otherwise idle machine: other load skews both
# sides (PyTorch's OpenMP threads most); the load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
what=${1:-all}
threads=${2:-2}
batches=${3:-469}
reps=${4:-15}
fixtures=${LRP_FIXTURES:-../shared/cnn}
case "$what" in all | score | train) ;; *) echo "vs-pytorch.sh: unknown part '$what' (all, score, train)" >&2; exit 2 ;; esac
if [ "$what" != train ] && [ ! -f "$fixtures/model_bn.onnx" ]; then
  echo "vs-pytorch.sh: $fixtures/model_bn.onnx not found (set LRP_FIXTURES to the CNN fixtures folder)" >&2
  exit 2
fi

cp=$(test_classpath)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the launcher's JVM settings (bin/lrp-pruning)
java=(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx1g -cp "$cp")
torch=(env OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" /usr/bin/python3)

machine_line
echo "java: $(java -version 2>&1 | head -1); torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
load_line before
# the best (lowest) of a side's medians over the rounds
best() { sort -g | head -1; }
rounds=${ROUNDS:-1}
summary=()
if [ "$what" != train ]; then
  for precision in float32 float64; do
    a=() z=() l=() ac=() zc=() lc=()
    for r in $(seq "$rounds"); do
      ours=$(measured "${java[@]}" org.lrppruning.bench.ScoreTimer --normalize 0.2860,0.3530 \
        "$fixtures/model_bn.onnx" "$fixtures/first256_input.npy" "$fixtures/first256_labels.npy" lrp-pruning \
        "$precision" "$threads" "$reps" 3 "$tmp/java-$precision.npz")
      echo "$ours"
      theirs=$(measured "${torch[@]}" bench/score_torch.py "$fixtures" "$precision" "$threads" "$reps" 3 \
        "$tmp/java-$precision.npz")
      echo "$theirs"
      zennit=$(grep 'variant=zennit' <<<"$theirs" | grep pass=)
      lean=$(grep 'variant=lean' <<<"$theirs" | grep pass=)
      a+=("$(field ms_median "$ours")") ac+=("$(field cpu_ms_median "$ours")")
      z+=("$(field ms_median "$zennit")") zc+=("$(field cpu_ms_median "$zennit")")
      l+=("$(field ms_median "$lean")") lc+=("$(field cpu_ms_median "$lean")")
    done
    a=$(printf '%s\n' "${a[@]}" | best) z=$(printf '%s\n' "${z[@]}" | best) l=$(printf '%s\n' "${l[@]}" | best)
    ac=$(printf '%s\n' "${ac[@]}" | best) zc=$(printf '%s\n' "${zc[@]}" | best) lc=$(printf '%s\n' "${lc[@]}" | best)
    summary+=("score $precision, batch 256, $threads thread(s): ratio pytorch/java wall $(ratio "$a" "$l") against lean,"\
" $(ratio "$a" "$z") against zennit; CPU time $(ratio "$ac" "$lc") / $(ratio "$ac" "$zc") (best median ms of $rounds"\
" round(s), wall: java $a, pytorch lean $l, zennit $z; CPU: java $ac, lean $lc, zennit $zc)")
  done
fi
if [ "$what" != score ]; then
  a=() b=() ac=() bc=()
  for r in $(seq "$rounds"); do
    ours=$(measured "${java[@]}" org.lrppruning.bench.TrainTimer "$threads" "$batches" 128 vgg-small 30 1)
    echo "$ours"
    theirs=$(measured "${torch[@]}" bench/train_torch.py "$threads" "$batches" 128 30)
    echo "$theirs"
    a+=("$(field ms_per_batch "$ours")") ac+=("$(field cpu_ms_per_batch "$ours")")
    b+=("$(field ms_per_batch "$theirs")") bc+=("$(field cpu_ms_per_batch "$theirs")")
  done
  a=$(printf '%s\n' "${a[@]}" | best) b=$(printf '%s\n' "${b[@]}" | best)
  ac=$(printf '%s\n' "${ac[@]}" | best) bc=$(printf '%s\n' "${bc[@]}" | best)
  summary+=("train epoch, $batches batches of 128, $threads thread(s): ratio pytorch/java wall $(ratio "$a" "$b"),"\
" CPU time $(ratio "$ac" "$bc") (best of $rounds round(s), ms per batch: wall java $a, pytorch $b; CPU java $ac,"\
" pytorch $bc)")
fi
load_line after
printf '%s\n' "${summary[@]}"
