#!/usr/bin/env bash
# The whole CLI run `scores -c lrp` over the 10,000 Fashion-MNIST test images on the fixture CNN (vgg-small,
# ../shared/cnn/model_bn.onnx), float32 (the default) and float64 (--precision float64), against one PyTorch CPU
# process (bench/scores_torch.py) that loads the same model and images and runs (a) the same LRP scoring (composite
# lrp-pruning in plain torch, from onehot(label), Σ |R| per filter; its raw scores are checked against ours) and
# (b) a plain forward + autograd backward of the same images (the yardstick of issue 15), in one run, same threads.
# Whole-process wall and CPU time (user + system) of each side from /usr/bin/time, and peak RSS. The launcher's CDS
# archive of `scores` is written first if missing, outside the timing (as a user's earlier `scores` run writes it).
#
#   bench/scores-vs-pytorch.sh [threads [batch]]     (threads default 2; PyTorch's batch default 256)
#
# Needs ../shared/cnn (or $LRP_FIXTURES) and dataset-fashion-mnist. The load average is printed before and after:
# on a shared machine compare CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
threads=${1:-2}
batch=${2:-256}
fixtures=${LRP_FIXTURES:-../shared/cnn}
data=${LRP_FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin/lrp-pruning --version >/dev/null 2>&1 # builds the jar if needed, outside the timing
# the launcher's class-data-sharing archive of `scores` (target/cds/), which any earlier `scores` run on this jar
# writes: also outside the timing, like the build (LRP_PRUNING_CDS=0 in the environment times runs without it)
if [ "${LRP_PRUNING_CDS:-1}" != 0 ] && ! find target/cds -name 'cmd-scores-*.jsa' -newer target/lrp-pruning.jar \
    2>/dev/null | grep -q .; then
  bin/lrp-pruning scores --model "$fixtures/model_bn.onnx" --refs fashion-mnist:test --refs-normalize 0.2860,0.3530 \
    -c lrp --threads "$threads" --out "$tmp/archive.npz" >/dev/null 2>&1
  bin/lrp-pruning scores --version >/dev/null 2>&1 # the launcher takes the run's archive at the next start
fi
machine_line
load_line before
fmt='wall_s=%e user_s=%U sys_s=%S peak_rss_mb_k=%M'
summary=()
for precision in float32 float64; do
  /usr/bin/time -f "$fmt" -o "$tmp/java" bin/lrp-pruning scores --model "$fixtures/model_bn.onnx" \
    --refs fashion-mnist:test --refs-normalize 0.2860,0.3530 -c lrp --precision "$precision" --threads "$threads" \
    --out "$tmp/scores-$precision.npz" >"$tmp/java.out" 2>"$tmp/java.err" || { cat "$tmp/java.err" >&2; exit 1; }
  /usr/bin/time -f "$fmt" -o "$tmp/torch" env OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" \
    /usr/bin/python3 bench/scores_torch.py "$fixtures" "$data" "$precision" "$threads" "$batch" \
    "$tmp/scores-$precision.npz" >"$tmp/torch.out"
  echo "java scores $precision: $(head -1 "$tmp/java.out"); $(cat "$tmp/java")"
  echo "torch $precision: $(tr '\n' ';' <"$tmp/torch.out") $(cat "$tmp/torch")"
  summary+=("$(awk -v p="$precision" -v t="$threads" '
    FNR == 1 { f++ }
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[f, kv[1]] = kv[2] } }
    END {
      jw = v[1, "wall_s"]; jc = v[1, "user_s"] + v[1, "sys_s"]; tw = v[2, "wall_s"]; tc = v[2, "user_s"] + v[2, "sys_s"]
      printf "scores -c lrp, 10,000 images, %s, %d thread(s): java whole run %.1f s wall / %.1f s CPU, %d MB;", p, t, jw, jc, v[1, "peak_rss_mb_k"] / 1024
      printf " pytorch process %.1f s wall / %.1f s CPU, %d MB (its LRP scoring %s s, its plain forward + backward %s s);", tw, tc, v[2, "peak_rss_mb_k"] / 1024, v[3, "lrp_s"], v[3, "forward_backward_s"]
      printf " ratio pytorch LRP scoring / java run %.2f, pytorch forward + backward / java run %.2f\n", v[3, "lrp_s"] / jw, v[3, "forward_backward_s"] / jw
    }' "$tmp/java" "$tmp/torch" <(head -1 "$tmp/torch.out"))")
done
load_line after
printf '%s\n' "${summary[@]}"
