package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Gemm;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Matrix product {@code y = x · w} with {@code x [batch, inFeatures]}, {@code w [inFeatures, units]}
 * and {@code y [batch, units]}.
 *
 * <p>Gradients: {@code dx = dy · wᵀ}, {@code dw = xᵀ · dy}.
 */
public final class MatMulOp implements Op {
    private final Variable x;
    private final Variable w;
    private final Variable y;

    private MatMulOp(Variable x, Variable w, Variable y) {
        this.x = x;
        this.w = w;
        this.y = y;
    }

    public static Variable apply(Tape tape, Variable x, Variable w) {
        Tensor xv = x.value();
        Tensor wv = w.value();
        if (xv.rank() != 2 || wv.rank() != 2 || xv.dim(1) != wv.dim(0)) {
            throw new IllegalArgumentException("matmul needs x [batch, in] and w [in, units] with equal 'in', received "
                    + Arrays.toString(xv.shape()) + " and " + Arrays.toString(wv.shape()));
        }
        long start = tape.isProfiling() ? System.nanoTime() : 0L;
        int batch = xv.dim(0);
        int in = xv.dim(1);
        int units = wv.dim(1);

        Tensor out = tape.allocate(batch, units);
        Gemm.multiply(false, false, batch, units, in, xv.data(), 0, wv.data(), 0, out.data(), 0, false);

        Variable y = tape.result(out, x, w);
        if (y.requiresGrad()) {
            tape.record(new MatMulOp(x, w, y));
        }
        if (tape.isProfiling()) {
            tape.addNanos(OpCategory.DENSE, System.nanoTime() - start);
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null) {
            return;
        }
        int batch = x.value().dim(0);
        int in = x.value().dim(1);
        int units = w.value().dim(1);

        if (x.requiresGrad()) {
            Gemm.multiply(false, true, batch, in, units, dy.data(), 0, w.value().data(), 0,
                    tape.gradient(x).data(), 0, true);
        }
        if (w.requiresGrad()) {
            Gemm.multiply(true, false, in, units, batch, x.value().data(), 0, dy.data(), 0,
                    tape.gradient(w).data(), 0, true);
        }
    }

    @Override
    public OpCategory category() {
        return OpCategory.DENSE;
    }
}
