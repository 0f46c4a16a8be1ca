import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.Random;

/** Times dev.ludovic.netlib's sgemm on the 2000 x 1000 x 1000 product that bench/matmul-vs-numpy.sh times for MatOps. */
public class NetlibTimer {
    public static void main(String[] args) {
        BLAS blas;
        try {
            blas = args.length > 0 && args[0].equals("native") ? dev.ludovic.netlib.blas.NativeBLAS.getInstance()
                    : BLAS.getInstance();
        } catch (RuntimeException e) {
            System.out.println("netlib " + args[0] + ": not available here (" + e.getMessage() + ")");
            return;
        }
        int m = 2000;
        int k = 1000;
        int n = 1000;
        Random r = new Random(1);
        float[] a = new float[m * k];
        float[] b = new float[n * k];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        double[] t = new double[15];
        for (int rep = -5; rep < t.length; rep++) {
            long s = System.nanoTime();
            // row-major C = A·Bᵀ is column-major Cᵀ = B·Aᵀ
            blas.sgemm("T", "N", n, m, k, 1f, b, k, a, k, 0f, c, n);
            if (rep >= 0) {
                t[rep] = (System.nanoTime() - s) / 1e9;
            }
        }
        Arrays.sort(t);
        System.out.printf("netlib %s sgemm 2000x1000x1000: median %.2f ms = %.1f GFLOP/s%n",
                blas.getClass().getSimpleName(), t[7] * 1e3, 2.0 * m * n * k / t[7] / 1e9);
    }
}
