package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Keras merge layer ({@code Add}, {@code Concatenate}): called on a list of tensors, it returns
 * one. Only a functional model can feed it several inputs; {@link #inputShape()} is the first
 * input's shape and {@link #inputShapes()} lists them all.
 */
public abstract class Merge extends Layer {
    private List<int[]> inputShapes;

    protected Merge(String name) {
        super(name);
    }

    /** Builds the layer for inputs of shapes {@code shapes} (without the batch axis). */
    public final int[] build(List<int[]> shapes, SplittableRandom random) {
        if (shapes.size() < 2) {
            throw new IllegalArgumentException(className() + " '" + name() + "' needs at least 2 inputs, received "
                    + shapes.size());
        }
        inputShapes = shapes.stream().map(int[]::clone).toList();
        return build(shapes.getFirst(), random);
    }

    @Override
    protected final int[] buildWeights(int[] inputShape, SplittableRandom random) {
        if (inputShapes == null) {
            throw new IllegalArgumentException(className() + " '" + name() + "' merges several inputs; it can only be "
                    + "used in a functional model");
        }
        return outputShape(inputShapes);
    }

    /** Checks the input shapes and returns the output shape (without batch). */
    protected abstract int[] outputShape(List<int[]> shapes);

    /** The shapes of all inputs, without the batch axis; null before build. */
    public List<int[]> inputShapes() {
        return inputShapes == null ? null : inputShapes.stream().map(int[]::clone).toList();
    }

    /** Computes the output for the batches {@code xs}, one per input. */
    public abstract Variable forward(List<Variable> xs, ForwardContext context);

    @Override
    public final Variable forward(Variable x, ForwardContext context) {
        throw new IllegalArgumentException(className() + " '" + name() + "' merges several inputs; call "
                + "forward(List, context)");
    }

    /** Checks that the batches have the built input shapes. */
    protected final void checkInputs(List<Variable> xs) {
        List<int[]> received = new ArrayList<>();
        boolean matches = xs.size() == inputShapes.size();
        for (int i = 0; i < xs.size(); i++) {
            int[] shape = xs.get(i).value().shape();
            received.add(shape);
            matches &= i < inputShapes.size()
                    && Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), inputShapes.get(i));
        }
        if (!matches) {
            throw new IllegalArgumentException(className() + " '" + name() + "' expects inputs "
                    + inputShapes.stream().map(s -> "[batch, " + Arrays.toString(s).replaceAll("[\\[\\]]", "") + "]").toList()
                    + ", received " + received.stream().map(Arrays::toString).toList());
        }
    }
}
