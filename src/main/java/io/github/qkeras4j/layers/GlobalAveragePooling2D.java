package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.GlobalAvgPool2DOp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras {@code GlobalAveragePooling2D}: {@code [batch, height, width, channels]} → {@code [batch, channels]}. */
public final class GlobalAveragePooling2D extends Layer {
    public GlobalAveragePooling2D(String name) {
        super(name);
    }

    public GlobalAveragePooling2D() {
        this(null);
    }

    @Override
    public String className() {
        return "GlobalAveragePooling2D";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("GlobalAveragePooling2D '" + name()
                    + "' needs input [batch, height, width, channels], received [batch, "
                    + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "]");
        }
        return new int[] {inputShape[2]};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        return GlobalAvgPool2DOp.apply(context.tape(), x);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data_format", "channels_last");
        config.put("keepdims", false);
        return config;
    }
}
