#!/usr/bin/env bash
# The README's first command as a new user meets it: a fresh clone of this repository into a temporary
# folder, no model cache (a temporary LRP_PRUNING_HOME), then `/usr/bin/time -v bin/lrp-pruning reproduce`
# there: the jar build, the training of the three toy models and the whole paper study. Prints the machine
# line (CPU flags), the load average before and after, wall and CPU time, peak memory and the study's step
# times from its report. Takes minutes on 2 cores: run it on an otherwise idle machine. Maven's local
# repository (~/.m2) is used as it is: a machine's first Maven build also downloads the plugins.
#
#   bench/first-command.sh            # clones HEAD of this checkout
#   bench/first-command.sh --keep     # keeps the clone (its path is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

keep=false
[ "${1:-}" = "--keep" ] && keep=true
tmp=$(mktemp -d)
$keep || trap 'rm -rf "$tmp"' EXIT
git clone -q . "$tmp/clone"
machine_line
load_line before
(cd "$tmp/clone" && LRP_PRUNING_HOME="$tmp/home" /usr/bin/time -v -o "$tmp/time" bin/lrp-pruning reproduce \
  >"$tmp/out" 2>"$tmp/err") || { tail -5 "$tmp/err" >&2; echo "first-command.sh: reproduce failed" >&2; exit 1; }
load_line after
grep -E 'Elapsed \(wall clock\)|User time|System time|Maximum resident' "$tmp/time" | sed 's/^\s*//'
grep -E '^Done in' "$tmp/out"
# the step table of the report: "step seconds details" rows
python3 - "$tmp/clone/out/reproduce/report.html" <<'EOF' || true
import re, sys
s = open(sys.argv[1]).read()
i = s.find('class="steps"')
for row in re.findall(r'<tr>(.*?)</tr>', s[i:s.find('</table>', i)], re.S):
    cells = [re.sub(r'<[^>]+>', '', c).strip() for c in re.findall(r'<t[dh][^>]*>(.*?)</t[dh]>', row, re.S)]
    print('  ' + ' | '.join(cells))
EOF
$keep && echo "clone kept in $tmp/clone"
