#!/usr/bin/env bash
# One single run with and without figures (-r none, svg, png), REPS rounds in alternation, each a
# fresh JVM as a user starts it: median wall time, CPU time (user + sys) and peak memory (RSS) per
# mode, and the ratios to the run without figures. BASELINE_JAR=path/to/other/lrp-pruning.jar
# measures that jar too in the same rounds (e.g. a build of main, for before/after).
# Needs GNU time (/usr/bin/time). The model comes from the cache (trained once when missing).
# Run on an otherwise idle machine; on a busy one the CPU times are the figures to trust.
#   bench/figures.sh            # mult, lrp, 3 rounds
#   DATASET=moon REPS=5 bench/figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=${DATASET:-mult}
reps=${REPS:-3}
bin/lrp-pruning --version >/dev/null 2>&1 || bin/lrp-pruning --version # builds the jar when needed
jars=("target/lrp-pruning.jar")
[ -n "${BASELINE_JAR:-}" ] && jars+=("$BASELINE_JAR")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
java_opts=(--add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx1g)

# the model once, outside the measurement
java "${java_opts[@]}" -jar "${jars[0]}" -d "$dataset" -l "$tmp/warm/log.txt" >/dev/null 2>&1

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores," \
  "AVX2: $(grep -qw avx2 /proc/cpuinfo && echo yes || echo no), AVX-512: $(grep -qw avx512f /proc/cpuinfo && echo yes || echo no)," \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$reps"); do
  for j in "${!jars[@]}"; do
    for mode in none svg png; do
      out="$tmp/$j-$mode-$round"
      /usr/bin/time -f "%e %U %S %M" -o "$out.time" \
        java "${java_opts[@]}" -jar "${jars[$j]}" -d "$dataset" -c lrp -n 5 -s 1 -nt 0.3 -r "$mode" -l "$out/log.txt" \
        >/dev/null 2>"$out.err" || { cat "$out.err" >&2; exit 1; }
      echo "$j $mode $(cat "$out.time")" >> "$tmp/times"
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v reps="$reps" -v names="$(IFS=,; echo "${jars[*]}")" '
  function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                   return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  { k = $1 " " $2; n[k]++; wall[k, n[k]] = $3; cpu[k, n[k]] = $4 + $5; rss[k, n[k]] = $6 }
  END {
    nj = split(names, jar, ",")
    for (j = 0; j < nj; j++) {
      printf "%s, %s, median of %d rounds:\n", jar[j + 1], "'"$dataset"'", reps
      for (m = 1; m <= 3; m++) {
        mode = m == 1 ? "none" : m == 2 ? "svg" : "png"; k = j " " mode
        for (i = 1; i <= n[k]; i++) { w[i] = wall[k, i]; c[i] = cpu[k, i]; r[i] = rss[k, i] }
        W[mode] = median(w, n[k]); C[mode] = median(c, n[k]); R[mode] = median(r, n[k])
        printf "  -r %-4s wall %6.2f s  cpu %6.2f s  rss %5.0f MB", mode, W[mode], C[mode], R[mode] / 1024
        if (mode != "none") printf "   ratio to -r none: wall %.2f, cpu %.2f", W[mode] / W["none"], C[mode] / C["none"]
        printf "\n"
      }
    }
  }' "$tmp/times"
