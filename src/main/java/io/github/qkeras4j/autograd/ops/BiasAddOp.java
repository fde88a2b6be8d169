package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.FloatArrays;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Adds a bias over the last axis: {@code x [..., channels]} and {@code bias [channels]} give
 * {@code y [..., channels]} with {@code y[..., c] = x[..., c] + bias[c]}. Dense layers use it on
 * {@code [batch, units]}, convolutions on {@code [batch, height, width, filters]}.
 *
 * <p>Gradients: {@code dx = dy}; {@code d bias[c] = Σ dy[..., c]} over all leading axes, added in
 * row-major order so that the sum does not depend on the thread count.
 */
public final class BiasAddOp implements Op {
    private final Variable x;
    private final Variable bias;
    private final Variable y;

    private BiasAddOp(Variable x, Variable bias, Variable y) {
        this.x = x;
        this.bias = bias;
        this.y = y;
    }

    public static Variable apply(Tape tape, Variable x, Variable bias) {
        Tensor xv = x.value();
        Tensor bv = bias.value();
        if (xv.rank() < 1 || bv.rank() != 1 || xv.dim(-1) != bv.dim(0)) {
            throw new IllegalArgumentException("bias_add needs x [..., channels] and bias [channels] with equal"
                    + " 'channels', received " + Arrays.toString(xv.shape()) + " and " + Arrays.toString(bv.shape()));
        }
        long start = tape.isProfiling() ? System.nanoTime() : 0L;
        int channels = bv.dim(0);

        Tensor out = tape.allocate(xv.shape());
        float[] xd = xv.data();
        float[] bd = bv.data();
        float[] yd = out.data();
        for (int row = 0; row < xd.length; row += channels) {
            FloatArrays.add(xd, row, bd, 0, yd, row, channels);
        }

        Variable y = tape.result(out, x, bias);
        if (y.requiresGrad()) {
            tape.record(new BiasAddOp(x, bias, y));
        }
        if (tape.isProfiling()) {
            tape.addNanos(OpCategory.OTHER, System.nanoTime() - start);
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null) {
            return;
        }
        float[] dyd = dy.data();
        if (x.requiresGrad()) {
            float[] dx = tape.gradient(x).data();
            for (int i = 0; i < dyd.length; i++) {
                dx[i] += dyd[i];
            }
        }
        if (bias.requiresGrad()) {
            float[] db = tape.gradient(bias).data();
            int channels = db.length;
            for (int row = 0; row < dyd.length; row += channels) {
                FloatArrays.addInto(dyd, row, db, 0, channels);
            }
        }
    }
}
