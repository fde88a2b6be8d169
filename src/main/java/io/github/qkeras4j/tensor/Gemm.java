package io.github.qkeras4j.tensor;

/**
 * General matrix multiply on row-major {@code float[]} operands:
 * {@code C[m, n] = op(A)[m, k] · op(B)[k, n]} (or {@code +=} when accumulating), where
 * {@code op(A)} is {@code A} ({@code [m, k]} in memory) or {@code Aᵀ} ({@code A} is {@code [k, m]} in
 * memory), and likewise for B.
 *
 * <p>Every element of C is summed over k in the same order whatever the thread count, so results
 * are bit-identical on one thread or many.
 */
public final class Gemm {
    private Gemm() {
    }

    public static void multiply(boolean transposeA, boolean transposeB, int m, int n, int k,
                                float[] a, int aOffset, float[] b, int bOffset,
                                float[] c, int cOffset, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM sizes must be >= 0, received m=" + m + ", n=" + n + ", k=" + k);
        }
        checkRange("A", a, aOffset, (long) m * k);
        checkRange("B", b, bOffset, (long) k * n);
        checkRange("C", c, cOffset, (long) m * n);
        ReferenceGemm.multiply(transposeA, transposeB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
    }

    private static void checkRange(String name, float[] array, int offset, long needed) {
        if (offset < 0 || offset + needed > array.length) {
            throw new IllegalArgumentException("GEMM operand " + name + " needs " + needed + " elements from offset "
                    + offset + " but its array has " + array.length);
        }
    }
}
