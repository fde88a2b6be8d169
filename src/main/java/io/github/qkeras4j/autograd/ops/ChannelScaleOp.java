package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/**
 * Multiplies each channel (last axis) by its own factor: {@code x [..., channels]} and
 * {@code scale [channels]} give {@code y[..., c] = x[..., c] · scale[c]}. Batch-norm folding scales a
 * kernel {@code [kernelHeight, kernelWidth, inChannels, filters]} per filter with it, and a depthwise
 * kernel {@code [kernelHeight, kernelWidth, channels, multiplier]} per output channel after viewing it
 * as {@code [kernelHeight, kernelWidth, channels · multiplier]}.
 *
 * <p>Gradients: {@code dx = dy · scale}; {@code d scale[c] = Σ dy[..., c] · x[..., c]}, accumulated in
 * double in row order.
 */
public final class ChannelScaleOp implements Op {
    private final Variable x;
    private final Variable scale;
    private final Variable y;

    private ChannelScaleOp(Variable x, Variable scale, Variable y) {
        this.x = x;
        this.scale = scale;
        this.y = y;
    }

    public static Variable apply(Tape tape, Variable x, Variable scale) {
        int channels = ChannelOpSupport.requireRows("channel scale", x.value());
        ChannelOpSupport.requireChannels("channel scale", "scale", scale, channels);
        float[] in = x.value().data();
        float[] s = scale.value().data();

        Tensor out = tape.allocate(x.value().shape());
        float[] o = out.data();
        for (int row = 0; row < in.length; row += channels) {
            for (int c = 0; c < channels; c++) {
                o[row + c] = in[row + c] * s[c];
            }
        }

        Variable y = tape.result(out, x, scale);
        if (y.requiresGrad()) {
            tape.record(new ChannelScaleOp(x, scale, y));
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dyTensor = y.grad();
        if (dyTensor == null) {
            return;
        }
        float[] dy = dyTensor.data();
        float[] in = x.value().data();
        float[] s = scale.value().data();
        int channels = s.length;
        if (x.requiresGrad()) {
            float[] dx = tape.gradient(x).data();
            for (int row = 0; row < in.length; row += channels) {
                for (int c = 0; c < channels; c++) {
                    dx[row + c] += dy[row + c] * s[c];
                }
            }
        }
        if (scale.requiresGrad()) {
            double[] sum = new double[channels];
            for (int row = 0; row < in.length; row += channels) {
                for (int c = 0; c < channels; c++) {
                    sum[c] += (double) dy[row + c] * in[row + c];
                }
            }
            float[] ds = tape.gradient(scale).data();
            for (int c = 0; c < channels; c++) {
                ds[c] += (float) sum[c];
            }
        }
    }
}
