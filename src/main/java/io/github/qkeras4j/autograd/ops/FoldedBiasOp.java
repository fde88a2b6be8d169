package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * The bias of a convolution with batch normalization folded in, per channel:
 * {@code foldedBias = inv · (bias − mean) + beta} in float32 and in that order, as QKeras's
 * {@code QConv2DBatchnorm} computes it. All inputs are {@code [channels]}; {@code bias} may be null
 * (a layer without bias, {@code bias = 0}).
 *
 * <p>Gradients: {@code d inv = d foldedBias · (bias − mean)}, {@code d bias = d foldedBias · inv},
 * {@code d mean = −d foldedBias · inv}, {@code d beta = d foldedBias}.
 */
public final class FoldedBiasOp implements Op {
    private final Variable inv;
    private final Variable bias;
    private final Variable mean;
    private final Variable beta;
    private final Variable y;

    private FoldedBiasOp(Variable inv, Variable bias, Variable mean, Variable beta, Variable y) {
        this.inv = inv;
        this.bias = bias;
        this.mean = mean;
        this.beta = beta;
        this.y = y;
    }

    public static Variable apply(Tape tape, Variable inv, Variable bias, Variable mean, Variable beta) {
        if (inv.value().rank() != 1) {
            throw new IllegalArgumentException("folded bias: inv must be [channels], received shape "
                    + Arrays.toString(inv.shape()));
        }
        int channels = inv.value().size();
        ChannelOpSupport.requireChannels("folded bias", "bias", bias, channels);
        ChannelOpSupport.requireChannels("folded bias", "mean", mean, channels);
        ChannelOpSupport.requireChannels("folded bias", "beta", beta, channels);

        Tensor out = tape.allocate(channels);
        for (int c = 0; c < channels; c++) {
            float b = bias == null ? 0f : bias.value().data()[c];
            out.data()[c] = inv.value().data()[c] * (b - mean.value().data()[c]) + beta.value().data()[c];
        }

        Variable y = tape.result(out, inv, bias, mean, beta);
        if (y.requiresGrad()) {
            tape.record(new FoldedBiasOp(inv, bias, mean, beta, y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dyTensor = y.grad();
        if (dyTensor == null) {
            return;
        }
        float[] g = dyTensor.data();
        for (int c = 0; c < g.length; c++) {
            float b = bias == null ? 0f : bias.value().data()[c];
            float factor = inv.value().data()[c];
            if (inv.requiresGrad()) {
                tape.gradient(inv).data()[c] += g[c] * (b - mean.value().data()[c]);
            }
            if (bias != null && bias.requiresGrad()) {
                tape.gradient(bias).data()[c] += g[c] * factor;
            }
            if (mean.requiresGrad()) {
                tape.gradient(mean).data()[c] -= g[c] * factor;
            }
            if (beta.requiresGrad()) {
                tape.gradient(beta).data()[c] += g[c];
            }
        }
    }
}
