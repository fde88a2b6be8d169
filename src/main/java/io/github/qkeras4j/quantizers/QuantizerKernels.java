package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Parallel;
import io.github.qkeras4j.tensor.VectorModule;
import java.util.Optional;

/**
 * The hot loops of the common quantizer configurations on the Vector API. Each method computes, bit
 * for bit, what the quantizer's plain-Java loop computes for the same configuration; the quantizers
 * call it when {@link #VECTOR} is present and run their own loop otherwise.
 */
interface QuantizerKernels {
    /** The Vector API kernels, or empty when the JVM runs without {@code jdk.incubator.vector}. */
    Optional<QuantizerKernels> VECTOR = VectorModule.load(
            "io.github.qkeras4j.quantizers.VectorQuantizerKernels", QuantizerKernels.class, "quantizers");

    /**
     * Elements per parallel chunk of an elementwise kernel. Only tensors of at least two chunks
     * are split, because handing a smaller loop to another thread costs more than it saves.
     */
    int CHUNK_ELEMENTS = 1 << 18;

    /** Largest {@code m = 2^bits} for which {@link #reluForward} rounds exactly. */
    float RELU_MAX_LEVELS = 0x1p22f;

    /**
     * Computes {@code quantized_relu} without sigmoid, slope, stochastic rounding or relu_upper_bound
     * clip, with use_ste, on elements {@code [from, to)}: {@code xq = mi·clip(rne(x·m/mi)/m, 0, 1 − 1/m)},
     * companion {@code x > cap ? cap : relu(x)}, {@code out = companion + qn·(xq − companion)}. Needs
     * {@code m ≤} {@link #RELU_MAX_LEVELS}.
     */
    void reluForward(float[] x, float[] out, int from, int to, float m, float mi, float cap, float qn);

    /**
     * Adds {@code dx += (scale·d)·dy} with {@code d = x > cap ? 0 : x > 0 ? 1 : ns}, the quantized_relu
     * rule, on elements {@code [from, to)}.
     */
    void reluBackward(float[] x, float[] dy, float[] dx, int from, int to, float scale, float ns, float cap);

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@link #CHUNK_ELEMENTS}, in parallel when
     * there are two or more. The body must be elementwise, so that the split changes no result.
     */
    static void elementwise(int n, Parallel.ChunkBody body) {
        Parallel.forChunks(n, n >= 2 * CHUNK_ELEMENTS ? CHUNK_ELEMENTS : Math.max(n, 1), body);
    }

    /**
     * Computes the auto-alpha codes {@code z = sgn(xs)·min(⌊|xs|/s + ½⌋, H)} of
     * {@code xs [rows, period]} with one scale per column, {@code s [period]}. Needs an integral
     * {@code H < 2^23} and scales without a sign bit (the floor is taken by truncation).
     */
    void autoCodes(float[] xs, float[] s, int period, float halfRange, float[] z);
}
