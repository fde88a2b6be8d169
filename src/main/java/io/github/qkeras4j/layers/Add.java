package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.AddOp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Keras {@code Add}: {@code y = x₀ + x₁ + …}, inputs of one shape {@code [batch, …]}, summed left to right. */
public final class Add extends Merge {
    public Add(String name) {
        super(name);
    }

    @Override
    public String className() {
        return "Add";
    }

    @Override
    protected int[] outputShape(List<int[]> shapes) {
        for (int[] shape : shapes) {
            if (!Arrays.equals(shape, shapes.getFirst())) {
                throw new IllegalArgumentException("Add '" + name() + "' needs inputs of one shape, received "
                        + shapes.stream().map(Arrays::toString).toList());
            }
        }
        return shapes.getFirst().clone();
    }

    @Override
    public Variable forward(List<Variable> xs, ForwardContext context) {
        checkInputs(xs);
        return AddOp.apply(context.tape(), xs);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        return Map.of();
    }
}
