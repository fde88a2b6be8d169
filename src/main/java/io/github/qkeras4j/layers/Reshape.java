package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.ReshapeOp;
import io.github.qkeras4j.tensor.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras {@code Reshape}: {@code [batch, …]} → {@code [batch, targetShape…]}; one target entry may be -1. */
public final class Reshape extends Layer {
    private final int[] targetShape;

    public Reshape(String name, int... targetShape) {
        super(name);
        if (targetShape.length == 0) {
            throw new IllegalArgumentException("Reshape: target_shape must have at least one dimension");
        }
        this.targetShape = targetShape.clone();
    }

    @Override
    public String className() {
        return "Reshape";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        try {
            return Shapes.reshaped(inputShape, targetShape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Reshape '" + name() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        int[] shape = new int[targetShape.length + 1];
        shape[0] = x.value().dim(0);
        System.arraycopy(outputShape(), 0, shape, 1, targetShape.length);
        return ReshapeOp.apply(context.tape(), x, shape);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        List<Integer> target = new ArrayList<>();
        for (int d : targetShape) {
            target.add(d);
        }
        config.put("target_shape", target);
        return config;
    }
}
