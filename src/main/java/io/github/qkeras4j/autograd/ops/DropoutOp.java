package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Inverted dropout as in Keras: in training each element is kept with probability {@code 1 − rate}
 * and scaled by {@code 1 / (1 − rate)}, otherwise set to 0; {@code dx = mask ⊙ dy} with the same
 * scaled mask. Callers skip the op in inference.
 */
public final class DropoutOp implements Op {
    private final Variable x;
    private final Variable y;
    private final Tensor mask;

    private DropoutOp(Variable x, Variable y, Tensor mask) {
        this.x = x;
        this.y = y;
        this.mask = mask;
    }

    /**
     * @param rate   fraction of elements dropped, in [0, 1)
     * @param random the step's random source; the same seed gives the same mask
     */
    public static Variable apply(Tape tape, Variable x, float rate, SplittableRandom random) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), received " + rate);
        }
        float[] in = x.value().data();
        Tensor mask = tape.allocate(x.value().shape());
        Tensor out = tape.allocate(x.value().shape());
        float[] m = mask.data();
        float[] o = out.data();
        float keepScale = 1f / (1f - rate);
        for (int i = 0; i < in.length; i++) {
            m[i] = random.nextFloat() >= rate ? keepScale : 0f;
            o[i] = in[i] * m[i];
        }

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new DropoutOp(x, y, mask));
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
        float[] m = mask.data();
        float[] dx = tape.gradient(x).data();
        for (int i = 0; i < g.length; i++) {
            dx[i] += m[i] * g[i];
        }
    }
}
