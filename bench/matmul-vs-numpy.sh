#!/usr/bin/env bash
# Compares MatOps with NumPy/OpenBLAS on the hidden-layer product, in one run on one machine.
#
#   bench/matmul-vs-numpy.sh [reps]
#
# Times (after a warm-up; median and best of `reps`, default 15):
#   - each MatOps kernel (mulTransB, mul, mulTransA) at 2000x1000x1000 with 1 and 2 threads,
#     one JVM per measurement (org.lrppruning.bench.MatmulTimer);
#   - NumPy's float32 A @ B.T at the same size (A 2000x1000, B 1000x1000) with 2 OpenBLAS threads;
# and prints GFLOP/s (2·m·k·n / time) and the ratio ours/NumPy for mulTransB with 2 threads, which
# computes the same product. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for the python3 call
# only: when set they can pin OpenBLAS to a slower kernel. Run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-15}
m=2000 k=1000 n=1000

# maven's output only when it fails (Debian's mvn -q still prints colour codes)
mvn_quiet() { local log; log=$(mvn -q -B "$@" 2>&1) || { printf '%s\n' "$log" >&2; exit 1; }; }
mvn_quiet test-compile
mvn_quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "java: $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)  (other load on the machine skews both sides)"
ours=""
for kernel in mulTransB mul mulTransA; do
  for threads in 1 2; do
    line=$(java --add-modules jdk.incubator.vector -cp "$cp" org.lrppruning.bench.MatmulTimer \
      "$kernel" "$m" "$k" "$n" "$threads" "$reps" 2>/dev/null)
    echo "$line"
    if [ "$kernel" = mulTransB ] && [ "$threads" = 2 ]; then
      ours=$(sed -n 's/.*median_gflops=\([0-9.]*\).*/\1/p' <<<"$line")
    fi
  done
done

echo "environment: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-<unset>} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-<unset>} (unset below for numpy)"
numpy_line=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=2 python3 -c '
import glob, os, sys, time
import numpy as np

m, k, n, reps = (int(x) for x in sys.argv[1:5])

def blas_config():
    try:
        import threadpoolctl
        return "; ".join("%s %s %s threads=%s" % (i.get("internal_api"), i.get("version"),
                         i.get("architecture"), i.get("num_threads"))
                         for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas")
    except ImportError:
        pass
    try:  # the OpenBLAS bundled with NumPy wheels reports its run-time kernel itself
        import ctypes
        libdir = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
        lib = ctypes.CDLL(glob.glob(os.path.join(libdir, "*openblas*"))[0])
        get = lib.scipy_openblas_get_config64_
        get.restype = ctypes.c_char_p
        return get().decode() + " (run-time kernel)"
    except Exception:
        np.show_config()
        return "see numpy.show_config() above"

print("numpy", np.__version__, "BLAS:", blas_config(), file=sys.stderr)
rng = np.random.default_rng(1)
a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
b = rng.uniform(-1, 1, (n, k)).astype(np.float32)
until = time.perf_counter() + 1.0
while time.perf_counter() < until:
    a @ b.T
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    a @ b.T
    times.append(time.perf_counter() - t0)
times.sort()
flops = 2.0 * m * k * n
print("numpy A@B.T %dx%dx%d threads=2 reps=%d median_ms=%.3f median_gflops=%.1f best_gflops=%.1f"
      % (m, k, n, reps, times[reps // 2] * 1e3, flops / times[reps // 2] * 1e-9, flops / times[0] * 1e-9))
' "$m" "$k" "$n" "$reps")
echo "$numpy_line"
theirs=$(sed -n 's/.*median_gflops=\([0-9.]*\).*/\1/p' <<<"$numpy_line")
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 -c "import sys; o, t = map(float, sys.argv[1:]); print('ratio mulTransB(2 threads) / numpy = %.2f  (%.1f / %.1f GFLOP/s, medians)' % (o / t, o, t))" "$ours" "$theirs"
