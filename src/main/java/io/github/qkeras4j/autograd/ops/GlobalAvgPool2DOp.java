package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Parallel;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Global average pooling (Keras {@code GlobalAveragePooling2D}, channels_last):
 * {@code x [batch, height, width, channels]} gives {@code y [batch, channels]} with
 * {@code y[b, c] = (Σ_{i, j} x[b, i, j, c]) / (height · width)}, summed in row-major pixel order.
 *
 * <p>Gradient: {@code dx[b, i, j, c] = dy[b, c] / (height · width)}.
 *
 * <p>{@link #sum} is the same reduction without the division, which QKeras's quantized global average
 * pooling multiplies by a quantized reciprocal instead.
 */
public final class GlobalAvgPool2DOp implements Op {
    private final Variable x;
    private final Variable y;
    /** True to divide every sum by {@code height · width}, false for the plain sum. */
    private final boolean mean;

    private GlobalAvgPool2DOp(Variable x, Variable y, boolean mean) {
        this.x = x;
        this.y = y;
        this.mean = mean;
    }

    /** Returns the mean over the pixels, {@code y [batch, channels]}. */
    public static Variable apply(Tape tape, Variable x) {
        return reduce(tape, x, true);
    }

    /** Returns the sum over the pixels, {@code y[b, c] = Σ_{i, j} x[b, i, j, c]}, whose gradient is {@code dx = dy}. */
    public static Variable sum(Tape tape, Variable x) {
        return reduce(tape, x, false);
    }

    private static Variable reduce(Tape tape, Variable x, boolean mean) {
        Tensor xv = x.value();
        if (xv.rank() != 4 || xv.dim(1) == 0 || xv.dim(2) == 0) {
            throw new IllegalArgumentException("global_avg_pool2d: input must be [batch, height, width, channels] with"
                    + " height and width >= 1, received shape " + Arrays.toString(xv.shape()));
        }
        long start = tape.isProfiling() ? System.nanoTime() : 0L;
        int batch = xv.dim(0);
        int pixels = xv.dim(1) * xv.dim(2);
        int channels = xv.dim(3);

        Tensor out = tape.allocate(batch, channels);
        float[] xd = xv.data();
        float[] yd = out.data();
        float count = mean ? pixels : 1f;
        Parallel.forChunks(batch, ImageOpSupport.imagesPerChunk((long) pixels * channels), (c, first, end) -> {
            for (int b = first; b < end; b++) {
                int o = b * channels;
                Arrays.fill(yd, o, o + channels, 0f);
                for (int p = 0; p < pixels; p++) {
                    int source = (b * pixels + p) * channels;
                    for (int ch = 0; ch < channels; ch++) {
                        yd[o + ch] += xd[source + ch];
                    }
                }
                for (int ch = 0; ch < channels; ch++) {
                    yd[o + ch] /= count;
                }
            }
        });

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new GlobalAvgPool2DOp(x, y, mean));
        }
        if (tape.isProfiling()) {
            tape.addNanos(OpCategory.OTHER, System.nanoTime() - start);
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null || !x.requiresGrad()) {
            return;
        }
        Tensor xv = x.value();
        int batch = xv.dim(0);
        int pixels = xv.dim(1) * xv.dim(2);
        int channels = xv.dim(3);
        float count = mean ? pixels : 1f;
        float[] dyd = dy.data();
        float[] dx = tape.gradient(x).data();
        Parallel.forChunks(batch, ImageOpSupport.imagesPerChunk((long) pixels * channels), (c, first, end) -> {
            for (int b = first; b < end; b++) {
                for (int p = 0; p < pixels; p++) {
                    int target = (b * pixels + p) * channels;
                    for (int ch = 0; ch < channels; ch++) {
                        dx[target + ch] += dyd[b * channels + ch] / count;
                    }
                }
            }
        });
    }
}
