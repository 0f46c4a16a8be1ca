#!/usr/bin/env bash
# Times `bin/lrp-pruning reproduce` from scratch: the paper's grid (4800 runs at sigma 0.3), the rank
# grid (4800 --ranklog runs), both analyses, every figure and the report. Prints the wall time and
# runs per second. Takes many minutes on 2 cores: run it on an otherwise idle machine.
#
#   bench/reproduce.sh                 # the full paper study into target/bench-reproduce
#   bench/reproduce.sh --quick         # the quick grid, to check the harness (well under a minute)
#   bench/reproduce.sh --models ../shared/reference/models --threads 2   # any reproduce option
#
# The study folder (BENCH_OUT, default target/bench-reproduce) is deleted first, so nothing is
# resumed; the models are loaded from the cache (trained once, untimed, when missing) unless
# --models is given. The reproduce output is kept in $BENCH_OUT.log.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${BENCH_OUT:-target/bench-reproduce}"
launcher=bin/lrp-pruning

# untimed: build the jar, and train the models once if the cache lacks them
"$launcher" --version >/dev/null
if [[ " $* " != *" --models "* ]]; then
  cache="${LRP_PRUNING_HOME:+$LRP_PRUNING_HOME/models}"
  cache="${cache:-${XDG_CACHE_HOME:-$HOME/.cache}/lrp-pruning/models}"
  for d in moon circle mult; do
    if ! ls "$cache/$d"-paper-*.npz >/dev/null 2>&1; then
      echo "bench: no cached $d model in $cache: training the models first (not timed)" >&2
      "$launcher" train
      break
    fi
  done
fi

rm -rf "$out"
mkdir -p "$(dirname "$out")"
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
start=$(date +%s.%N)
"$launcher" reproduce --out "$out" --no-progress "$@" 2>&1 | tee "$out.log"
end=$(date +%s.%N)

# "N runs in S s (R runs/s), K already in LOG" is printed once per sweep
read -r runs sweep_secs < <(awk '/ runs in [0-9.]+ s \(/ { r += $1; s += $4 } END { printf "%d %.1f\n", r, s }' "$out.log")
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
echo
echo "== bench/reproduce.sh =="
echo "machine:        $(nproc) cores, $(java -version 2>&1 | head -1), load average before: $load_before"
echo "arguments:      ${*:-(full paper study)}"
echo "runs:           $runs (accuracy and rank sweeps)"
echo "sweep time:     $sweep_secs s -> $(awk -v r="$runs" -v s="$sweep_secs" 'BEGIN { printf "%.2f", (s > 0 ? r / s : 0) }') runs/s"
echo "wall time:      $wall s (JVM start, models, sweeps, analyses, figures, report)"
echo "overall:        $(awk -v r="$runs" -v s="$wall" 'BEGIN { printf "%.2f", (s > 0 ? r / s : 0) }') runs/s"
echo "report:         $out/report.html"
