package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.VectorModule;
import java.util.Optional;

/**
 * The max-pooling loop on the Vector API. It computes, bit for bit, what {@link MaxPool2DOp}'s
 * plain-Java loop computes, which runs when {@link #VECTOR} is absent.
 */
interface PoolKernels {
    /** The Vector API kernel, or empty when the JVM runs without {@code jdk.incubator.vector}. */
    Optional<PoolKernels> VECTOR = VectorModule.load(
            "io.github.qkeras4j.autograd.ops.VectorPoolKernels", PoolKernels.class, "max pooling");

    /**
     * Pools image {@code image} of {@code x [batch, inputHeight, inputWidth, channels]} into
     * {@code out [batch, outputHeight, outputWidth, channels]}: per channel the maximum over the
     * window positions inside the image, the first of tied positions winning. When {@code argmax}
     * (shaped like {@code out}) is not null it receives the winner's index {@code kh·poolWidth + kw}.
     */
    void maxPoolImage(float[] x, float[] out, float[] argmax, Conv2DGeometry g, int channels, int image);
}
