package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/**
 * Mean over every axis but the last: {@code x [..., channels]} gives {@code mean [channels]} with
 * {@code mean[c] = Σ x[..., c] / n}, where {@code n} is the number of rows (the product of the leading
 * axes). Batch normalization uses it for the batch mean. Sums are accumulated in double in row order.
 *
 * <p>Gradient: {@code dx[..., c] = d mean[c] / n}.
 */
public final class ChannelMeanOp implements Op {
    private final Variable x;
    private final Variable mean;

    private ChannelMeanOp(Variable x, Variable mean) {
        this.x = x;
        this.mean = mean;
    }

    public static Variable apply(Tape tape, Variable x) {
        int channels = ChannelOpSupport.requireRows("channel mean", x.value());
        float[] in = x.value().data();
        int rows = in.length / channels;

        Tensor out = tape.allocate(channels);
        double[] sum = new double[channels];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                sum[c] += in[r * channels + c];
            }
        }
        for (int c = 0; c < channels; c++) {
            out.data()[c] = (float) (sum[c] / rows);
        }

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new ChannelMeanOp(x, y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dMean = mean.grad();
        if (dMean == null || !x.requiresGrad()) {
            return;
        }
        float[] g = dMean.data();
        int channels = g.length;
        float[] dx = tape.gradient(x).data();
        int rows = dx.length / channels;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                dx[r * channels + c] += g[c] / rows;
            }
        }
    }
}
