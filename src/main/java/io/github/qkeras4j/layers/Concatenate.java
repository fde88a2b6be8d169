package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.ConcatenateOp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras {@code Concatenate}: joins inputs {@code [batch, …, cᵢ, …]} along {@code axis} into
 * {@code [batch, …, Σcᵢ, …]}. The axis counts the batch axis as 0, as in Keras; -1 (the default)
 * is the last axis.
 */
public final class Concatenate extends Merge {
    private final int axis;

    public Concatenate(String name, int axis) {
        super(name);
        if (axis == 0) {
            throw new IllegalArgumentException("Concatenate '" + name + "': axis 0 is the batch axis; use -1 or an axis >= 1");
        }
        this.axis = axis;
    }

    @Override
    public String className() {
        return "Concatenate";
    }

    @Override
    protected int[] outputShape(List<int[]> shapes) {
        int rank = shapes.getFirst().length + 1;
        int batchless = (axis < 0 ? axis + rank : axis) - 1;
        if (batchless < 0 || batchless >= rank - 1) {
            throw new IllegalArgumentException("Concatenate '" + name() + "': axis " + axis + " is out of range for "
                    + "inputs of rank " + rank + " (batch axis included)");
        }
        int[] out = shapes.getFirst().clone();
        out[batchless] = 0;
        for (int[] shape : shapes) {
            boolean compatible = shape.length == out.length;
            for (int i = 0; compatible && i < shape.length; i++) {
                compatible = i == batchless || shape[i] == out[i];
            }
            if (!compatible) {
                throw new IllegalArgumentException("Concatenate '" + name() + "' on axis " + axis + " needs inputs that "
                        + "agree on every other axis, received " + shapes.stream().map(Arrays::toString).toList());
            }
            out[batchless] += shape[batchless];
        }
        return out;
    }

    @Override
    public Variable forward(List<Variable> xs, ForwardContext context) {
        checkInputs(xs);
        return ConcatenateOp.apply(context.tape(), xs, axis);
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("axis", axis);
        return config;
    }
}
