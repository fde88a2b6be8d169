package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/**
 * The output step of batch normalization over the last axis: {@code x [..., channels]}, the factor
 * {@code inv [channels]} (see {@link InverseStdOp}), {@code mean [channels]} and an optional
 * {@code beta [channels]} give {@code y = x·inv + (beta − mean·inv)}, in float32 and in that order, as
 * TensorFlow's {@code nn.batch_normalization} computes it ({@code beta = 0} when null).
 *
 * <p>Gradients: {@code dx = dy·inv}, {@code d inv = Σ dy·(x − mean)}, {@code d mean = −inv·Σ dy},
 * {@code d beta = Σ dy}, with sums over the leading axes accumulated in double in row order.
 */
public final class ScaleShiftOp implements Op {
    private final Variable x;
    private final Variable inv;
    private final Variable mean;
    private final Variable beta;
    private final Variable y;

    private ScaleShiftOp(Variable x, Variable inv, Variable mean, Variable beta, Variable y) {
        this.x = x;
        this.inv = inv;
        this.mean = mean;
        this.beta = beta;
        this.y = y;
    }

    /**
     * @param beta offset per channel, or null for none
     */
    public static Variable apply(Tape tape, Variable x, Variable inv, Variable mean, Variable beta) {
        int channels = ChannelOpSupport.requireRows("scale shift", x.value());
        ChannelOpSupport.requireChannels("scale shift", "inv", inv, channels);
        ChannelOpSupport.requireChannels("scale shift", "mean", mean, channels);
        ChannelOpSupport.requireChannels("scale shift", "beta", beta, channels);
        float[] in = x.value().data();
        float[] scale = inv.value().data();
        float[] mu = mean.value().data();
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            float offset = beta == null ? 0f : beta.value().data()[c];
            shift[c] = offset - mu[c] * scale[c];
        }

        Tensor out = tape.allocate(x.value().shape());
        float[] o = out.data();
        for (int row = 0; row < in.length; row += channels) {
            for (int c = 0; c < channels; c++) {
                o[row + c] = in[row + c] * scale[c] + shift[c];
            }
        }

        Variable y = tape.result(out, x, inv, mean, beta);
        if (y.requiresGrad()) {
            tape.record(new ScaleShiftOp(x, inv, mean, beta, y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dyTensor = y.grad();
        if (dyTensor == null) {
            return;
        }
        float[] dy = dyTensor.data();
        float[] in = x.value().data();
        float[] scale = inv.value().data();
        float[] mu = mean.value().data();
        int channels = scale.length;

        double[] sumDy = new double[channels];
        double[] sumDyCentered = new double[channels];
        float[] dx = x.requiresGrad() ? tape.gradient(x).data() : null;
        for (int row = 0; row < in.length; row += channels) {
            for (int c = 0; c < channels; c++) {
                float g = dy[row + c];
                sumDy[c] += g;
                sumDyCentered[c] += (double) g * (in[row + c] - mu[c]);
                if (dx != null) {
                    dx[row + c] += g * scale[c];
                }
            }
        }

        for (int c = 0; c < channels; c++) {
            if (inv.requiresGrad()) {
                tape.gradient(inv).data()[c] += (float) sumDyCentered[c];
            }
            if (mean.requiresGrad()) {
                tape.gradient(mean).data()[c] += (float) (-scale[c] * sumDy[c]);
            }
            if (beta != null && beta.requiresGrad()) {
                tape.gradient(beta).data()[c] += (float) sumDy[c];
            }
        }
    }
}
