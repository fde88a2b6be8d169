package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/**
 * Multiplies by a constant: {@code y = x · factor} in float32, any shape. QKeras's quantized average
 * pooling multiplies by the window size and by the quantized reciprocal this way.
 *
 * <p>Gradient: {@code dx = dy · factor}.
 */
public final class ScaleOp implements Op {
    private final Variable x;
    private final Variable y;
    private final float factor;

    private ScaleOp(Variable x, Variable y, float factor) {
        this.x = x;
        this.y = y;
        this.factor = factor;
    }

    public static Variable apply(Tape tape, Variable x, float factor) {
        float[] in = x.value().data();
        Tensor out = tape.allocate(x.value().shape());
        float[] o = out.data();
        for (int i = 0; i < in.length; i++) {
            o[i] = in[i] * factor;
        }

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new ScaleOp(x, y, factor));
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
            dx[i] += g[i] * factor;
        }
    }
}
