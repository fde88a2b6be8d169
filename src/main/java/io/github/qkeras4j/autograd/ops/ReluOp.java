package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/**
 * Keras's parametrized rectifier ({@code ReLU} layer, {@code backend.relu}), any shape:
 * <pre>
 * positive = x if x &gt; threshold else 0, then clipped to [0, maxValue] when maxValue is set
 * y        = positive − negativeSlope · max(threshold − x, 0)
 * </pre>
 * These are the float32 steps of Keras 2.15's {@code backend.relu}, kept in its order so that the
 * results match bit for bit (a negative threshold without maxValue lets {@code positive} be
 * negative, as in Keras).
 *
 * <p>Gradient: {@code dy} where {@code positive} passes x through, plus {@code negativeSlope · dy}
 * below the threshold.
 */
public final class ReluOp implements Op {
    private final Variable x;
    private final Variable y;
    private final float maxValue;
    private final float negativeSlope;
    private final float threshold;

    private ReluOp(Variable x, Variable y, float maxValue, float negativeSlope, float threshold) {
        this.x = x;
        this.y = y;
        this.maxValue = maxValue;
        this.negativeSlope = negativeSlope;
        this.threshold = threshold;
    }

    /** Applies the rectifier; pass {@code Float.POSITIVE_INFINITY} for no upper bound. */
    public static Variable apply(Tape tape, Variable x, float maxValue, float negativeSlope, float threshold) {
        float[] in = x.value().data();
        Tensor out = tape.allocate(x.value().shape());
        float[] o = out.data();
        boolean clip = maxValue != Float.POSITIVE_INFINITY;
        for (int i = 0; i < in.length; i++) {
            float positive = in[i] > threshold ? in[i] : 0f;
            if (clip) {
                positive = Math.min(Math.max(positive, 0f), maxValue);
            }
            o[i] = negativeSlope == 0f ? positive : positive - negativeSlope * Math.max(threshold - in[i], 0f);
        }

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new ReluOp(x, y, maxValue, negativeSlope, threshold));
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
        float[] g = dy.data();
        float[] dx = tape.gradient(x).data();
        for (int i = 0; i < in.length; i++) {
            boolean passes = in[i] > threshold && (maxValue == Float.POSITIVE_INFINITY || in[i] > 0f && in[i] < maxValue);
            float slope = (passes ? 1f : 0f) + (in[i] < threshold ? negativeSlope : 0f);
            dx[i] += slope * g[i];
        }
    }
}
