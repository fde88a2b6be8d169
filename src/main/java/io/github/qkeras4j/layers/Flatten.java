package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.ReshapeOp;
import io.github.qkeras4j.tensor.Shapes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras {@code Flatten}: {@code [batch, d1, d2, …]} → {@code [batch, d1·d2·…]} in row-major order. */
public final class Flatten extends Layer {
    public Flatten(String name) {
        super(name);
    }

    public Flatten() {
        this(null);
    }

    @Override
    public String className() {
        return "Flatten";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        return new int[] {Shapes.product(inputShape, 0, inputShape.length)};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        return ReshapeOp.apply(context.tape(), x, x.value().dim(0), outputShape()[0]);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data_format", "channels_last");
        return config;
    }
}
