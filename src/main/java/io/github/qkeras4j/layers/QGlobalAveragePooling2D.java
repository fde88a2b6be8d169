package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.GlobalAvgPool2DOp;
import io.github.qkeras4j.autograd.ops.ReshapeOp;
import io.github.qkeras4j.autograd.ops.ScaleOp;
import io.github.qkeras4j.quantizers.Quantizer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * QKeras {@code QGlobalAveragePooling2D}, channels_last: {@code [batch, height, width, channels]} →
 * {@code [batch, channels]} ({@code [batch, 1, 1, channels]} with keepdims). With an average quantizer,
 * <pre>
 *   y[b, c] = activation(Σ_{i, j} x[b, i, j, c] · Qavg(1 / (height · width)))
 * </pre>
 * summing the pixels in row-major order, then multiplying once. Without an average quantizer the
 * layer is Keras's global average pooling followed by the activation.
 *
 * <p>This is QKeras's formula since 2022-03. QKeras 0.9.0 on PyPI computes
 * {@code mean(x) · (height · width) · Qavg(1 / (height · width))}, the same value up to float rounding.
 */
public final class QGlobalAveragePooling2D extends Layer {
    private final boolean keepdims;
    private final Quantizer averageQuantizer;
    private final ActivationFunction activation;

    /**
     * @param averageQuantizer quantizer of {@code 1 / (height · width)}, or null for the plain mean
     * @param activation       applied to the pooled values, or null for none
     */
    public QGlobalAveragePooling2D(String name, boolean keepdims, Quantizer averageQuantizer,
                                   ActivationFunction activation) {
        super(name);
        this.keepdims = keepdims;
        this.averageQuantizer = averageQuantizer;
        this.activation = activation;
    }

    @Override
    public String className() {
        return "QGlobalAveragePooling2D";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("QGlobalAveragePooling2D '" + name()
                    + "' needs input [batch, height, width, channels], received [batch, "
                    + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "]");
        }
        return keepdims ? new int[] {1, 1, inputShape[2]} : new int[] {inputShape[2]};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Tape tape = context.tape();
        Variable y;
        if (averageQuantizer == null) {
            y = GlobalAvgPool2DOp.apply(tape, x);
        } else {
            int area = x.value().dim(1) * x.value().dim(2);
            y = GlobalAvgPool2DOp.sum(tape, x);
            y = ScaleOp.apply(tape, y, PoolingQuantizers.quantizedReciprocal(averageQuantizer, area, context));
        }
        if (keepdims) {
            y = ReshapeOp.apply(tape, y, x.value().dim(0), 1, 1, x.value().dim(3));
        }
        return PoolingQuantizers.activate(activation, y, context);
    }

    @Override
    public Map<String, Quantizer> quantizers() {
        return PoolingQuantizers.asMap(averageQuantizer, activation);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data_format", "channels_last");
        config.put("keepdims", keepdims);
        PoolingQuantizers.addConfig(config, averageQuantizer, activation);
        return config;
    }
}
