package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Biased variance over every axis but the last, around a given mean: {@code x [..., channels]} and
 * {@code mean [channels]} give {@code variance [channels]} with
 * {@code variance[c] = Σ (x[..., c] − mean[c])² / n} ({@code n} rows), as TensorFlow's
 * {@code nn.moments} computes it. Sums are accumulated in double in row order.
 *
 * <p>Gradients: {@code dx[..., c] = d variance[c] · 2 (x[..., c] − mean[c]) / n} and
 * {@code d mean[c] = −d variance[c] · 2 Σ (x[..., c] − mean[c]) / n}, which is zero when the mean is the
 * batch mean (TensorFlow stops this gradient; the sum is the same).
 */
public final class ChannelVarianceOp implements Op {
    private final Variable x;
    private final Variable mean;
    private final Variable variance;

    private ChannelVarianceOp(Variable x, Variable mean, Variable variance) {
        this.x = x;
        this.mean = mean;
        this.variance = variance;
    }

    public static Variable apply(Tape tape, Variable x, Variable mean) {
        int channels = ChannelOpSupport.requireRows("channel variance", x.value());
        if (mean.value().size() != channels) {
            throw new IllegalArgumentException("channel variance: mean has shape " + Arrays.toString(mean.shape())
                    + " but the input " + Arrays.toString(x.shape()) + " has " + channels + " channels");
        }
        float[] in = x.value().data();
        float[] mu = mean.value().data();
        int rows = in.length / channels;

        Tensor out = tape.allocate(channels);
        double[] sum = new double[channels];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                double d = in[r * channels + c] - mu[c];
                sum[c] += d * d;
            }
        }
        for (int c = 0; c < channels; c++) {
            out.data()[c] = (float) (sum[c] / rows);
        }

        Variable y = tape.result(out, x, mean);
        if (y.requiresGrad()) {
            tape.record(new ChannelVarianceOp(x, mean, y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dVariance = variance.grad();
        if (dVariance == null) {
            return;
        }
        float[] g = dVariance.data();
        float[] in = x.value().data();
        float[] mu = mean.value().data();
        int channels = g.length;
        int rows = in.length / channels;
        float[] dx = x.requiresGrad() ? tape.gradient(x).data() : null;
        double[] deviationSum = new double[channels];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                int i = r * channels + c;
                float deviation = in[i] - mu[c];
                deviationSum[c] += deviation;
                if (dx != null) {
                    dx[i] += 2f * g[c] * deviation / rows;
                }
            }
        }
        if (mean.requiresGrad()) {
            float[] dMean = tape.gradient(mean).data();
            for (int c = 0; c < channels; c++) {
                dMean[c] += (float) (-2.0 * g[c] * deviationSum[c] / rows);
            }
        }
    }
}
