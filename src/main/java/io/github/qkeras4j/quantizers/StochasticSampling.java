package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;

/** The sigmoid probabilities of QKeras's Bernoulli-style quantizers. */
final class StochasticSampling {
    private StochasticSampling() {
    }

    /**
     * {@code p = sigmoid(temperature·x/std)}, where {@code std} is the per-channel population standard
     * deviation plus ε (all axes but the last, the whole vector for rank ≤ 1) for an auto alpha, else 1.
     */
    static float[] probabilities(Tensor input, Alpha alpha, float temperature, InternalSigmoid sigmoid) {
        float[] x = input.data();
        float[] p = new float[x.length];
        ChannelGroups channels = ChannelGroups.lastAxis(input.shape());
        float[] std = alpha.isAuto() ? channels.standardDeviation(x) : null;
        for (int i = 0; i < x.length; i++) {
            float deviation = std == null ? 1f : std[channels.groupOf(i)] + Numerics.EPSILON;
            p[i] = InternalSigmoids.apply(sigmoid, temperature * x[i] / deviation);
        }
        return p;
    }

    /** {@code sgn1(p − u)} for a fresh uniform draw u: +1 with probability about p, else −1. */
    static float draw(float p, QuantizerContext context) {
        return Numerics.signOrOne(p - Numerics.uniform(context.random()));
    }
}
