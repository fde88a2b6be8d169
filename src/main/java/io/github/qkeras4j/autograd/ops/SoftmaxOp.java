package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/**
 * Softmax over the last axis: {@code y_i = e^(x_i − max x) / Σ_j e^(x_j − max x)}, input
 * {@code [..., classes]}. Gradient: {@code dx_i = y_i · (dy_i − Σ_j dy_j · y_j)}.
 */
public final class SoftmaxOp implements Op {
    private final Variable x;
    private final Variable y;

    private SoftmaxOp(Variable x, Variable y) {
        this.x = x;
        this.y = y;
    }

    public static Variable apply(Tape tape, Variable x) {
        if (x.value().rank() < 1) {
            throw new IllegalArgumentException("softmax needs a tensor of rank >= 1, received a scalar");
        }
        int classes = x.value().dim(-1);
        float[] in = x.value().data();
        Tensor out = tape.allocate(x.value().shape());
        float[] o = out.data();
        for (int row = 0; row + classes <= in.length && classes > 0; row += classes) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, in[row + c]);
            }
            float sum = 0f;
            for (int c = 0; c < classes; c++) {
                float e = (float) Math.exp(in[row + c] - max);
                o[row + c] = e;
                sum += e;
            }
            for (int c = 0; c < classes; c++) {
                o[row + c] /= sum;
            }
        }

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new SoftmaxOp(x, y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null || !x.requiresGrad()) {
            return;
        }
        int classes = y.value().dim(-1);
        float[] out = y.value().data();
        float[] g = dy.data();
        float[] dx = tape.gradient(x).data();
        for (int row = 0; row + classes <= out.length && classes > 0; row += classes) {
            float dot = 0f;
            for (int c = 0; c < classes; c++) {
                dot += g[row + c] * out[row + c];
            }
            for (int c = 0; c < classes; c++) {
                dx[row + c] += out[row + c] * (g[row + c] - dot);
            }
        }
    }
}
