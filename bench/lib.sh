# What the bench scripts share, sourced by them from the project's root: the test classpath, the machine and load lines,
# and the timing of a process with its peak memory. Errors name the script that sourced it.

# maven's output only when it fails (Debian's mvn -q still prints colour codes)
mvn_quiet() { local log; log=$(mvn -q -B "$@" 2>&1) || { printf '%s\n' "$log" >&2; exit 1; }; }

# compiles the test classes and prints their classpath (for java -cp)
test_classpath() {
  mvn_quiet test-compile
  mvn_quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  echo "target/test-classes:target/classes:$(cat target/test-classpath.txt)"
}

# the CPU line of a benchmark's output: cores, model, the AVX and FMA flags
machine_line() {
  # family and model tell the CPU generation (AMD family 25 model 1: Zen 3) where the model name is only "AMD EPYC"
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
    "family $(grep -m1 '^cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ') model $(grep -m1 '^model\s' /proc/cpuinfo | cut -d: -f2 | tr -d ' '),"\
    "L2 $(lscpu 2>/dev/null | sed -n 's/^L2 cache: *//p'),"\
    "flags: $(grep -m1 '^flags' /proc/cpuinfo | grep -o 'avx[0-9a-z_]*\|fma' | sort -u | tr '\n' ' ')"
}

# load_line before|after: the 1, 5 and 15 minute load averages
load_line() { echo "load average $1: $(cut -d' ' -f1-3 /proc/loadavg)"; }

# measured CMD...: runs CMD under /usr/bin/time, prints its stdout and "peak_rss_mb=..." of the process; needs $tmp
measured() {
  local out rc=0
  out=$(/usr/bin/time -f 'peak_rss_kb=%M' -o "$tmp/time" "$@" 2>"$tmp/err") || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '%s\n' "$out"
    cat "$tmp/err" >&2
    echo "$(basename "$0"): $* failed (exit $rc)" >&2
    exit 1
  fi
  printf '%s peak_rss_mb=%d\n' "$out" $(($(sed -n 's/peak_rss_kb=//p' "$tmp/time") / 1024))
}

# field NAME LINES: the value of the last " NAME=number" in LINES
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2" | tail -1; }

# ratio OURS THEIRS: THEIRS / OURS to two decimals (above 1: this project is faster)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; }
