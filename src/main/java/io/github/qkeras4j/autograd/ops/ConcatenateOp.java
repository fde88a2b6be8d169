package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Joins tensors along one axis: inputs {@code [d₀, …, cᵢ, …, dₙ]} that agree on every other axis
 * give {@code [d₀, …, Σcᵢ, …, dₙ]}, the inputs' slices following each other in input order.
 *
 * <p>Gradients: each input receives its own slice of {@code dy}.
 */
public final class ConcatenateOp implements Op {
    private final List<Variable> inputs;
    private final int axis;
    private final Variable y;

    private ConcatenateOp(List<Variable> inputs, int axis, Variable y) {
        this.inputs = inputs;
        this.axis = axis;
        this.y = y;
    }

    /**
     * Concatenates along {@code axis}, counted from 0 for the first axis or from -1 for the last.
     */
    public static Variable apply(Tape tape, List<Variable> inputs, int axis) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("concatenate needs at least 1 input");
        }
        int[] first = inputs.getFirst().value().shape();
        int resolved = axis < 0 ? axis + first.length : axis;
        if (resolved < 0 || resolved >= first.length) {
            throw new IllegalArgumentException("concatenate: axis " + axis + " is out of range for rank "
                    + first.length);
        }
        int[] shape = first.clone();
        shape[resolved] = 0;
        for (Variable input : inputs) {
            int[] s = input.value().shape();
            if (!sameExceptAxis(first, s, resolved)) {
                throw new IllegalArgumentException("concatenate on axis " + axis + " needs inputs that agree on every "
                        + "other axis, received " + inputs.stream().map(v -> Arrays.toString(v.value().shape())).toList());
            }
            shape[resolved] += s[resolved];
        }

        Tensor out = tape.allocate(shape);
        int outer = product(shape, 0, resolved);
        int outRow = product(shape, resolved, shape.length);
        int offset = 0;
        for (Variable input : inputs) {
            Tensor v = input.value();
            int row = product(v.shape(), resolved, v.rank());
            for (int o = 0; o < outer; o++) {
                System.arraycopy(v.data(), o * row, out.data(), o * outRow + offset, row);
            }
            offset += row;
        }

        Variable y = tape.result(out, inputs.toArray(Variable[]::new));
        if (y.requiresGrad()) {
            tape.record(new ConcatenateOp(List.copyOf(inputs), resolved, y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null) {
            return;
        }
        int[] shape = dy.shape();
        int outer = product(shape, 0, axis);
        int outRow = product(shape, axis, shape.length);
        int offset = 0;
        for (Variable input : inputs) {
            int row = product(input.value().shape(), axis, input.value().rank());
            if (input.requiresGrad()) {
                float[] dx = tape.gradient(input).data();
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < row; i++) {
                        dx[o * row + i] += dy.data()[o * outRow + offset + i];
                    }
                }
            }
            offset += row;
        }
    }

    private static boolean sameExceptAxis(int[] a, int[] b, int axis) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (i != axis && a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }
}
