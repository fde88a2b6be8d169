package io.github.qkeras4j.tensor;

import java.util.Optional;

/**
 * Short array loops on the Vector API, for places where C2 does not vectorize the plain loop because
 * source and target are arrays at different offsets that it cannot prove apart. Each method gives
 * the plain loop's results bit for bit.
 */
interface ArrayKernels {
    /** The Vector API kernels, or empty when the JVM runs without {@code jdk.incubator.vector}. */
    Optional<ArrayKernels> VECTOR = VectorModule.load(
            "io.github.qkeras4j.tensor.VectorArrayKernels", ArrayKernels.class, "array loops");

    /** Adds {@code source[sourceOffset + k]} to {@code target[targetOffset + k]} for k in {@code [0, length)}. */
    void addInto(float[] source, int sourceOffset, float[] target, int targetOffset, int length);

    /**
     * Writes {@code a[aOffset + k] + b[bOffset + k]} to {@code target[targetOffset + k]} for k in
     * {@code [0, length)}.
     */
    void add(float[] a, int aOffset, float[] b, int bOffset, float[] target, int targetOffset, int length);
}
