package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.ReluOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code ReLU} layer, any shape: {@code y = min(x, maxValue)} above {@code threshold},
 * {@code negativeSlope · (x − threshold)} below it, computed in Keras 2.15's float32 order (see
 * {@link ReluOp}). No weights.
 */
public final class ReLU extends Layer {
    private final Float maxValue;
    private final float negativeSlope;
    private final float threshold;

    /**
     * @param maxValue      the upper bound, or null for none
     * @param negativeSlope the slope below the threshold, >= 0
     * @param threshold     the input value where the rectifier bends
     */
    public ReLU(String name, Float maxValue, float negativeSlope, float threshold) {
        super(name);
        if (maxValue != null && !(maxValue >= 0f)) {
            throw new IllegalArgumentException("ReLU '" + name + "': max_value must be >= 0 or null, received " + maxValue);
        }
        if (!(negativeSlope >= 0f)) {
            throw new IllegalArgumentException("ReLU '" + name + "': negative_slope must be >= 0, received " + negativeSlope);
        }
        if (!Float.isFinite(threshold)) {
            throw new IllegalArgumentException("ReLU '" + name + "': threshold must be finite, received " + threshold);
        }
        this.maxValue = maxValue;
        this.negativeSlope = negativeSlope;
        this.threshold = threshold;
    }

    @Override
    public String className() {
        return "ReLU";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        return inputShape;
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        float max = maxValue == null ? Float.POSITIVE_INFINITY : maxValue;
        return ReluOp.apply(context.tape(), x, max, negativeSlope, threshold);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("max_value", maxValue == null ? null : (double) maxValue);
        config.put("negative_slope", (double) negativeSlope);
        config.put("threshold", (double) threshold);
        return config;
    }
}
