package io.github.qkeras4j.autograd;

import io.github.qkeras4j.tensor.Tensor;

/**
 * A trainable weight (a Keras variable): its float "shadow" value, which the optimizer updates, and a
 * gradient buffer of the same shape that lives as long as the parameter.
 */
public final class Parameter extends Variable {
    private final String name;
    private final boolean trainable;

    public Parameter(String name, Tensor value, boolean trainable) {
        super(value, trainable);
        this.name = name;
        this.trainable = trainable;
        if (trainable) {
            setGrad(Tensor.zeros(value.shape()));
        }
    }

    /** Keras-style weight name, for example {@code kernel} or {@code moving_mean}. */
    public String name() {
        return name;
    }

    public boolean trainable() {
        return trainable;
    }

    /** Sets the gradient to zero before a new step. */
    public void zeroGrad() {
        if (grad() != null) {
            grad().fill(0f);
        }
    }
}
