package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.ReshapeOp;
import io.github.qkeras4j.autograd.ops.TimePadOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The window of a 1D convolution over {@code [batch, steps, channels]}, run as a 2D convolution over
 * {@code [batch, 1, steps, channels]} as TensorFlow's {@code conv1d} does. Padding is 'valid', 'same'
 * or 'causal'; causal pads {@code (kernelSize − 1) · dilation} zero steps before the sequence and then
 * convolves with 'valid', so output step {@code t} reads input steps up to {@code t · stride} only.
 */
final class Conv1DWindow {
    private final int kernelSize;
    private final int stride;
    private final boolean causal;
    private final Padding padding;
    private final int dilation;

    /**
     * @param padding Keras's padding: {@code valid}, {@code same} or {@code causal}
     */
    Conv1DWindow(String className, int kernelSize, int stride, String padding, int dilation) {
        requirePositive(className, "kernel_size", kernelSize);
        requirePositive(className, "strides", stride);
        requirePositive(className, "dilation_rate", dilation);
        if (stride > 1 && dilation > 1) {
            throw new IllegalArgumentException(className + ": strides " + stride + " > 1 cannot be combined with"
                    + " dilation_rate " + dilation + " > 1 (TensorFlow rejects it); set one of them to 1");
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.dilation = dilation;
        this.causal = "causal".equalsIgnoreCase(padding);
        if (causal) {
            this.padding = Padding.VALID;
        } else {
            try {
                this.padding = Padding.fromKeras(padding);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(className + ": padding must be 'valid', 'same' or 'causal',"
                        + " received '" + padding + "'");
            }
        }
    }

    private static void requirePositive(String className, String argument, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(className + ": " + argument + " must be >= 1, received " + value);
        }
    }

    int kernelSize() {
        return kernelSize;
    }

    /** Zero steps padded before the sequence: {@code (kernelSize − 1) · dilation} when causal, else 0. */
    int causalPadding() {
        return causal ? (kernelSize - 1) * dilation : 0;
    }

    /** Returns the 2D window over {@code [1, steps]} for an input {@code [steps, channels]} (without batch). */
    Conv2DGeometry geometry(Layer layer, int[] inputShape) {
        if (inputShape.length != 2) {
            throw new IllegalArgumentException(layer.className() + " '" + layer.name()
                    + "' needs input [batch, steps, channels], received [batch, "
                    + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "]");
        }
        return Conv2DGeometry.convolution(1, inputShape[0] + causalPadding(), 1, kernelSize, 1, stride, 1, dilation,
                padding);
    }

    /** Pads a causal input and views {@code [batch, steps, channels]} as {@code [batch, 1, steps, channels]}. */
    Variable toImages(Tape tape, Variable x) {
        Variable padded = causal ? TimePadOp.apply(tape, x, causalPadding(), 0) : x;
        int[] shape = padded.shape();
        return ReshapeOp.apply(tape, padded, shape[0], 1, shape[1], shape[2]);
    }

    /** Views {@code [batch, 1, steps, filters]} as {@code [batch, steps, filters]}. */
    static Variable toSequences(Tape tape, Variable y) {
        int[] shape = y.shape();
        return ReshapeOp.apply(tape, y, shape[0], shape[2], shape[3]);
    }

    /** Views a 1D kernel {@code [kernelSize, …]} as the 2D kernel {@code [1, kernelSize, …]}. */
    static Variable toImageKernel(Tape tape, Variable kernel) {
        int[] shape = kernel.shape();
        int[] expanded = new int[shape.length + 1];
        expanded[0] = 1;
        System.arraycopy(shape, 0, expanded, 1, shape.length);
        return ReshapeOp.apply(tape, kernel, expanded);
    }

    void addConfig(Map<String, Object> config) {
        config.put("kernel_size", List.of(kernelSize));
        config.put("strides", List.of(stride));
        config.put("padding", causal ? "causal" : padding.kerasName());
        config.put("data_format", "channels_last");
        config.put("dilation_rate", List.of(dilation));
        config.put("groups", 1);
    }
}
