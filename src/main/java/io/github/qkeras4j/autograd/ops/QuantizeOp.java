package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.tensor.Tensor;

/**
 * Applies a quantizer: {@code y = Q(x)}, same shape as {@code x}. The backward pass is the
 * quantizer's own straight-through rule ({@link Quantizer#backward}).
 */
public final class QuantizeOp implements Op {
    private final Quantizer quantizer;
    private final Variable x;
    private final Variable y;

    private QuantizeOp(Quantizer quantizer, Variable x, Variable y) {
        this.quantizer = quantizer;
        this.x = x;
        this.y = y;
    }

    public static Variable apply(Tape tape, Quantizer quantizer, Variable x, QuantizerContext context) {
        long start = tape.isProfiling() ? System.nanoTime() : 0L;

        Tensor out = tape.allocate(x.value().shape());
        quantizer.forward(x.value(), out, context);

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new QuantizeOp(quantizer, x, y));
        }
        if (tape.isProfiling()) {
            tape.addNanos(OpCategory.QUANTIZER, System.nanoTime() - start);
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null || !x.requiresGrad()) {
            return;
        }
        quantizer.backward(x.value(), y.value(), dy, tape.gradient(x));
    }

    @Override
    public OpCategory category() {
        return OpCategory.QUANTIZER;
    }
}
