package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/**
 * Gives {@code x} a new shape with the same elements in the same row-major order (a view, no copy).
 * The gradient is {@code dy} read with the shape of {@code x}.
 */
public final class ReshapeOp implements Op {
    private final Variable x;
    private final Variable y;

    private ReshapeOp(Variable x, Variable y) {
        this.x = x;
        this.y = y;
    }

    public static Variable apply(Tape tape, Variable x, int... shape) {
        Tensor view = x.value().reshape(shape);

        Variable y = tape.result(view, x);
        if (y.requiresGrad()) {
            tape.record(new ReshapeOp(x, y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null || !x.requiresGrad()) {
            return;
        }
        float[] g = dy.data();
        float[] dx = tape.gradient(x).data();
        for (int i = 0; i < g.length; i++) {
            dx[i] += g[i];
        }
    }
}
