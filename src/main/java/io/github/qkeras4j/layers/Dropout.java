package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.DropoutOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code Dropout}: in training, zeroes each element with probability {@code rate} and scales
 * the rest by {@code 1/(1 − rate)}; the identity in inference.
 */
public final class Dropout extends Layer {
    private final float rate;

    public Dropout(String name, float rate) {
        super(name);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), received " + rate);
        }
        this.rate = rate;
    }

    public Dropout(float rate) {
        this(null, rate);
    }

    @Override
    public String className() {
        return "Dropout";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        return inputShape;
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        if (!context.training() || rate == 0f) {
            return x;
        }
        return DropoutOp.apply(context.tape(), x, rate, context.random());
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("rate", (double) rate);
        config.put("noise_shape", null);
        config.put("seed", null);
        return config;
    }
}
