package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * The per-channel factor of batch normalization: {@code variance [channels]} and an optional
 * {@code gamma [channels]} give {@code inv[c] = rsqrt(variance[c] + ε) · gamma[c]} ({@code gamma = 1}
 * when null), in float32 and in that order, as Keras's {@code nn.batch_normalization} and QKeras's
 * folded layers compute it. The reciprocal square root is {@code 1 / sqrt(x)} with both steps rounded
 * to float, as numpy's float32 gives it; TensorFlow's vectorized {@code rsqrt} may differ by one ulp.
 *
 * <p>Gradients, with {@code r = rsqrt(variance + ε)}: {@code d gamma = d inv · r} and
 * {@code d variance = −½ · d inv · gamma · r³}.
 */
public final class InverseStdOp implements Op {
    private final Variable variance;
    private final Variable gamma;
    private final Variable inv;
    private final float epsilon;

    private InverseStdOp(Variable variance, Variable gamma, Variable inv, float epsilon) {
        this.variance = variance;
        this.gamma = gamma;
        this.inv = inv;
        this.epsilon = epsilon;
    }

    /**
     * @param gamma scale per channel, or null for none
     */
    public static Variable apply(Tape tape, Variable variance, Variable gamma, float epsilon) {
        if (variance.value().rank() != 1) {
            throw new IllegalArgumentException("inverse std: variance must be [channels], received shape "
                    + Arrays.toString(variance.shape()));
        }
        int channels = variance.value().size();
        ChannelOpSupport.requireChannels("inverse std", "gamma", gamma, channels);

        Tensor out = tape.allocate(channels);
        float[] v = variance.value().data();
        for (int c = 0; c < channels; c++) {
            float r = rsqrt(v[c] + epsilon);
            out.data()[c] = gamma == null ? r : r * gamma.value().data()[c];
        }

        Variable y = tape.result(out, variance, gamma);
        if (y.requiresGrad()) {
            tape.record(new InverseStdOp(variance, gamma, y, epsilon));
        }
        return y;
    }

    /** {@code 1 / sqrt(x)} in float32: the square root and the division are each rounded to float. */
    public static float rsqrt(float x) {
        return 1f / (float) Math.sqrt(x);
    }

    @Override
    public void backward(Tape tape) {
        Tensor dInv = inv.grad();
        if (dInv == null) {
            return;
        }
        float[] g = dInv.data();
        float[] v = variance.value().data();
        for (int c = 0; c < g.length; c++) {
            double r = 1.0 / Math.sqrt((double) v[c] + epsilon);
            double scale = gamma == null ? 1.0 : gamma.value().data()[c];
            if (gamma != null && gamma.requiresGrad()) {
                tape.gradient(gamma).data()[c] += (float) (g[c] * r);
            }
            if (variance.requiresGrad()) {
                tape.gradient(variance).data()[c] += (float) (-0.5 * g[c] * scale * r * r * r);
            }
        }
    }
}
