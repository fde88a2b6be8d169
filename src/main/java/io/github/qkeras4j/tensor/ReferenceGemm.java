package io.github.qkeras4j.tensor;

/** The plain-Java GEMM: simple, obviously correct, used as the reference in tests. */
final class ReferenceGemm {
    private ReferenceGemm() {
    }

    static void multiply(boolean transposeA, boolean transposeB, int m, int n, int k,
                         float[] a, int aOffset, float[] b, int bOffset,
                         float[] c, int cOffset, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transposeA ? a[aOffset + p * m + i] : a[aOffset + i * k + p];
                    float bv = transposeB ? b[bOffset + j * k + p] : b[bOffset + p * n + j];
                    sum += av * bv;
                }
                int ci = cOffset + i * n + j;
                c[ci] = accumulate ? c[ci] + sum : sum;
            }
        }
    }
}
