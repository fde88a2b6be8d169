package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Zero padding of the steps axis of a sequence: {@code x [batch, steps, channels]} gives
 * {@code y [batch, before + steps + after, channels]} with {@code x} in the middle. Keras's 'causal'
 * 1D convolution pads {@code (kernelSize − 1) · dilation} steps before the sequence this way.
 *
 * <p>Gradient: {@code dx} is the middle part of {@code dy}.
 */
public final class TimePadOp implements Op {
    private final Variable x;
    private final Variable y;
    private final int before;

    private TimePadOp(Variable x, Variable y, int before) {
        this.x = x;
        this.y = y;
        this.before = before;
    }

    public static Variable apply(Tape tape, Variable x, int before, int after) {
        Tensor xv = x.value();
        if (xv.rank() != 3 || before < 0 || after < 0) {
            throw new IllegalArgumentException("time pad: needs x [batch, steps, channels] and padding >= 0, received"
                    + " shape " + Arrays.toString(xv.shape()) + ", before " + before + ", after " + after);
        }
        int batch = xv.dim(0);
        int steps = xv.dim(1);
        int channels = xv.dim(2);
        int paddedSteps = before + steps + after;

        Tensor out = tape.allocateZeros(batch, paddedSteps, channels);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(xv.data(), b * steps * channels, out.data(), (b * paddedSteps + before) * channels,
                    steps * channels);
        }

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new TimePadOp(x, y, before));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null || !x.requiresGrad()) {
            return;
        }
        int batch = x.value().dim(0);
        int length = x.value().dim(1) * x.value().dim(2);
        int paddedLength = dy.dim(1) * dy.dim(2);
        int offset = before * dy.dim(2);
        float[] dx = tape.gradient(x).data();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < length; i++) {
                dx[b * length + i] += dy.data()[b * paddedLength + offset + i];
            }
        }
    }
}
