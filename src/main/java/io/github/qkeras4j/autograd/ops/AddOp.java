package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Element-wise sum of tensors of one shape: {@code y = x₀ + x₁ + … + xₙ₋₁}, summed left to right in
 * float32 as Keras's {@code Add} layer does ({@code output = inputs[0]; output += inputs[i]}).
 *
 * <p>Gradients: {@code dxᵢ = dy} for every input.
 */
public final class AddOp implements Op {
    private final List<Variable> inputs;
    private final Variable y;

    private AddOp(List<Variable> inputs, Variable y) {
        this.inputs = inputs;
        this.y = y;
    }

    /** Adds at least two tensors of identical shape. */
    public static Variable apply(Tape tape, List<Variable> inputs) {
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("add needs at least 2 inputs, received " + inputs.size());
        }
        int[] shape = inputs.getFirst().value().shape();
        for (Variable input : inputs) {
            if (!Arrays.equals(shape, input.value().shape())) {
                throw new IllegalArgumentException("add needs inputs of one shape, received "
                        + inputs.stream().map(v -> Arrays.toString(v.value().shape())).toList());
            }
        }

        Tensor out = tape.allocate(shape);
        float[] sum = out.data();
        System.arraycopy(inputs.getFirst().value().data(), 0, sum, 0, sum.length);
        for (int k = 1; k < inputs.size(); k++) {
            float[] term = inputs.get(k).value().data();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += term[i];
            }
        }

        Variable y = tape.result(out, inputs.toArray(Variable[]::new));
        if (y.requiresGrad()) {
            tape.record(new AddOp(List.copyOf(inputs), y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null) {
            return;
        }
        float[] g = dy.data();
        for (Variable input : inputs) {
            if (input.requiresGrad()) {
                float[] dx = tape.gradient(input).data();
                for (int i = 0; i < g.length; i++) {
                    dx[i] += g[i];
                }
            }
        }
    }
}
