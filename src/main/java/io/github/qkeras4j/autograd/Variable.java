package io.github.qkeras4j.autograd;

import io.github.qkeras4j.tensor.Tensor;

/**
 * A node of the recorded graph: a value and, when it takes part in differentiation, the gradient of
 * the loss with respect to it. Trainable weights are {@link Parameter}s, which keep their gradient
 * buffer across steps; intermediate variables get theirs from the {@link Tape}'s buffer pool.
 */
public class Variable {
    private final Tensor value;
    private final boolean requiresGrad;
    private Tensor grad;

    public Variable(Tensor value, boolean requiresGrad) {
        this.value = value;
        this.requiresGrad = requiresGrad;
    }

    /** A variable that needs no gradient, such as an input batch. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false);
    }

    public Tensor value() {
        return value;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The gradient buffer, or null before the backward pass has reached this variable. */
    public Tensor grad() {
        return grad;
    }

    void setGrad(Tensor grad) {
        this.grad = grad;
    }

    public int[] shape() {
        return value.shape();
    }
}
