#!/usr/bin/env bash
# The README's first command as a new user meets it: a fresh clone of this repository into a temporary
# folder, no model cache (a temporary LRP_PRUNING_HOME), then `/usr/bin/time -v bin/lrp-pruning reproduce`
# there: the jar build, the training of the three toy models and the whole paper study. Prints the machine
# line (CPU flags), the load average before and after, wall and CPU time, peak memory and the study's step
# times from its report. Takes minutes on 2 cores: run it on an otherwise idle machine. Maven's local
# repository (~/.m2) is used as it is: a machine's first Maven build also downloads the plugins.
#
#   bench/first-command.sh                # clones HEAD of this checkout
#   bench/first-command.sh --keep         # keeps the clone (its path is printed)
#   bench/first-command.sh --against REV  # first REV (e.g. the previous version), then HEAD, back to back in this
#                                         # one run, and the ratios REV / HEAD of wall and CPU time (above 1: HEAD
#                                         # is faster); the machine's speed drifts over an hour, so compare pairs
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

keep=false
against=
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=true ;;
    --against) against=${2:?--against needs a revision}; shift ;;
    *) echo "first-command.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
tmp=$(mktemp -d)
$keep || trap 'rm -rf "$tmp"' EXIT

# first_command NAME REV: a fresh clone of REV in $tmp/NAME, the command timed; prints its figures
first_command() {
  local name=$1 rev=$2 dir=$tmp/$1
  git clone -q . "$dir/clone"
  git -C "$dir/clone" checkout -q --detach "$rev"
  echo "== $name: $(git -C "$dir/clone" log -1 --format='%h %s' | cut -c1-100)"
  load_line before
  (cd "$dir/clone" && LRP_PRUNING_HOME="$dir/home" /usr/bin/time -v -o "$dir/time" bin/lrp-pruning reproduce \
    >"$dir/out" 2>"$dir/err") || { tail -5 "$dir/err" >&2; echo "first-command.sh: reproduce failed ($name)" >&2; exit 1; }
  load_line after
  grep -E 'Elapsed \(wall clock\)|User time|System time|Maximum resident' "$dir/time" | sed 's/^\s*//'
  grep -E '^Done in' "$dir/out"
  # the step table of the report: "step seconds details" rows
  python3 - "$dir/clone/out/reproduce/report.html" <<'EOF' || true
import re, sys
s = open(sys.argv[1]).read()
i = s.find('class="steps"')
for row in re.findall(r'<tr>(.*?)</tr>', s[i:s.find('</table>', i)], re.S):
    cells = [re.sub(r'<[^>]+>', '', c).strip() for c in re.findall(r'<t[dh][^>]*>(.*?)</t[dh]>', row, re.S)]
    print('  ' + ' | '.join(cells))
EOF
}

# seconds NAME wall|cpu: from /usr/bin/time's report
seconds() {
  awk -v what="$2" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { c += $NF } /System time/ { c += $NF }
    END { print (what == "wall" ? w : c) }' "$tmp/$1/time"
}

machine_line
if [ -n "$against" ]; then
  first_command before "$against"
fi
first_command head HEAD
if [ -n "$against" ]; then
  awk -v bw="$(seconds before wall)" -v bc="$(seconds before cpu)" -v hw="$(seconds head wall)" \
    -v hc="$(seconds head cpu)" -v rev="$against" 'BEGIN {
      printf "ratio %s / HEAD: wall %.3f (%.1f s / %.1f s), CPU %.3f (%.1f s / %.1f s)\n", rev, bw / hw, bw, hw, bc / hc, bc, hc }'
fi
$keep && echo "clones kept in $tmp"
