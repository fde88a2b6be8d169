package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.VectorModule;
import java.util.Optional;

/**
 * Hot loops of the ops on the Vector API. Each computes, bit for bit, what the op's plain-Java loop
 * computes; the ops run their own loop when {@link #VECTOR} is absent.
 */
interface OpKernels {
    /** The Vector API kernel, or empty when the JVM runs without {@code jdk.incubator.vector}. */
    Optional<OpKernels> VECTOR = VectorModule.load(
            "io.github.qkeras4j.autograd.ops.VectorOpKernels", OpKernels.class, "max pooling");

    /**
     * Pools image {@code image} of {@code x [batch, inputHeight, inputWidth, channels]} into
     * {@code out [batch, outputHeight, outputWidth, channels]}: per channel the maximum over the
     * window positions inside the image, the first of tied positions winning. When {@code argmax}
     * (shaped like {@code out}) is not null it receives the winner's index {@code kh·poolWidth + kw}.
     */
    void maxPoolImage(float[] x, float[] out, float[] argmax, Conv2DGeometry g, int channels, int image);

    /**
     * Writes {@code out = x·scale + shift} (a product, then a sum, both rounded) for rows
     * {@code [firstRow, endRow)} of {@code x, out [rows, channels]}, with {@code scale, shift [channels]}.
     */
    void scaleShift(float[] x, float[] out, int firstRow, int endRow, int channels, float[] scale, float[] shift);

    /**
     * Adds batch normalization's input gradient for rows {@code [firstRow, endRow)} of
     * {@code x, dy, dx [rows, channels]}:
     * {@code dx += f32(scale · (dy − meanDy − x̂·sumDyXhat / rows))} in double, with
     * {@code x̂ = (x − mean)·invStd} in float32 and every per-channel array of length {@code channels}.
     */
    void batchNormGradient(float[] x, float[] dy, float[] dx, int firstRow, int endRow, int rows, int channels,
                           float[] mean, float[] invStd, float[] scale, double[] meanDy, double[] sumDyXhat);
}
