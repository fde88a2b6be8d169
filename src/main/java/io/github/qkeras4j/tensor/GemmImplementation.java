package io.github.qkeras4j.tensor;

/** One way to compute {@link Gemm#multiply}; arguments arrive already checked. */
interface GemmImplementation {
    void multiply(boolean transposeA, boolean transposeB, int m, int n, int k,
                  float[] a, int aOffset, float[] b, int bOffset,
                  float[] c, int cOffset, boolean accumulate);
}
