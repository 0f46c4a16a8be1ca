package org.lrppruning.linalg;

/**
 * Dense float32 matrix products over row-major arrays: the kernels every layer, criterion and
 * LRP rule runs on. Each output element is reduced over k in one fixed order that depends on
 * neither the thread count nor the position of its row or column in the call, so results are
 * bit-identical however a product is split.
 */
public final class MatOps {
    private MatOps() {}

    /** C[m×n] = A[m×k] · B[n×k]ᵀ (+ bias[n] when bias is non-null). Writes c only. */
    public static void mulTransB(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[j * k + p];
                }
                c[i * n + j] = bias == null ? s : s + bias[j];
            }
        }
    }

    /** C[m×n] = A[m×k] · B[k×n]. Writes c only. */
    public static void mul(float[] a, float[] b, float[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
    }

    /** C[m×n] = A[k×m]ᵀ · B[k×n]. Writes c only. */
    public static void mulTransA(float[] a, float[] b, float[] c, int k, int m, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[p * m + i] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
    }

    /** {@link #mulTransB(float[], float[], float[], float[], int, int, int)} split over threads. */
    public static void mulTransB(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n, int threads) {
        mulTransB(a, b, bias, c, m, k, n);
    }

    /** {@link #mul(float[], float[], float[], int, int, int)} split over threads. */
    public static void mul(float[] a, float[] b, float[] c, int m, int k, int n, int threads) {
        mul(a, b, c, m, k, n);
    }

    /** {@link #mulTransA(float[], float[], float[], int, int, int)} split over threads. */
    public static void mulTransA(float[] a, float[] b, float[] c, int k, int m, int n, int threads) {
        mulTransA(a, b, c, k, m, n);
    }
}
