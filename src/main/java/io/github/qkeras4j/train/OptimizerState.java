package io.github.qkeras4j.train;

import io.github.qkeras4j.autograd.Parameter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning rate, iteration count and per-parameter state buffers shared by the optimizers.
 */
abstract class OptimizerState implements Optimizer {
    private double learningRate;
    private long iterations;
    private final Map<Parameter, float[][]> buffers = new IdentityHashMap<>();
    private final int buffersPerParameter;

    OptimizerState(double learningRate, int buffersPerParameter) {
        setLearningRate(learningRate);
        this.buffersPerParameter = buffersPerParameter;
    }

    /**
     * Updates {@code weights} in place from {@code gradient}, given this parameter's state buffers
     * (each of the parameter's size, zero before its first step) and the 1-based step number.
     */
    abstract void update(float[] weights, float[] gradient, float[][] state, long step);

    @Override
    public final void step(List<Parameter> parameters) {
        long step = iterations + 1;
        for (Parameter parameter : parameters) {
            if (!parameter.trainable() || parameter.grad() == null) {
                continue;
            }
            float[] weights = parameter.value().data();
            float[][] state = buffers.computeIfAbsent(parameter, p -> newBuffers(weights.length));
            update(weights, parameter.grad().data(), state, step);
        }
        iterations = step;
    }

    private float[][] newBuffers(int size) {
        float[][] state = new float[buffersPerParameter][];
        for (int i = 0; i < buffersPerParameter; i++) {
            state[i] = new float[size];
        }
        return state;
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        if (!Double.isFinite(learningRate) || learningRate < 0) {
            throw new IllegalArgumentException(name() + ": learning rate must be a finite number >= 0, received "
                    + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public final long iterations() {
        return iterations;
    }

    /** Checks that a hyperparameter lies in {@code [min, max)} (or {@code [min, max]} when {@code maxIncluded}). */
    static double checkedRange(String optimizer, String hyperparameter, double value, double min, double max,
                               boolean maxIncluded) {
        boolean inside = value >= min && (maxIncluded ? value <= max : value < max);
        if (!inside) {
            throw new IllegalArgumentException(optimizer + ": " + hyperparameter + " must be in [" + min + ", " + max
                    + (maxIncluded ? "]" : ")") + ", received " + value);
        }
        return value;
    }
}
