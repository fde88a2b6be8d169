package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/** Applies an {@link ElementwiseFunction}: {@code y = f(x)}, any shape; {@code dx = f'(x) ⊙ dy}. */
public final class ElementwiseOp implements Op {
    private final ElementwiseFunction function;
    private final Variable x;
    private final Variable y;

    private ElementwiseOp(ElementwiseFunction function, Variable x, Variable y) {
        this.function = function;
        this.x = x;
        this.y = y;
    }

    public static Variable apply(Tape tape, ElementwiseFunction function, Variable x) {
        if (function == ElementwiseFunction.LINEAR) {
            return x;
        }
        float[] in = x.value().data();
        Tensor out = tape.allocate(x.value().shape());
        float[] o = out.data();
        for (int i = 0; i < in.length; i++) {
            o[i] = function.apply(in[i]);
        }

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new ElementwiseOp(function, x, y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null || !x.requiresGrad()) {
            return;
        }
        float[] in = x.value().data();
        float[] out = y.value().data();
        float[] g = dy.data();
        float[] dx = tape.gradient(x).data();
        for (int i = 0; i < in.length; i++) {
            dx[i] += function.derivative(in[i], out[i]) * g[i];
        }
    }
}
