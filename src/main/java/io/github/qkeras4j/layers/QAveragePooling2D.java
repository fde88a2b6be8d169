package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.AvgPool2DOp;
import io.github.qkeras4j.autograd.ops.ScaleOp;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.tensor.Padding;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QKeras {@code QAveragePooling2D}, channels_last: {@code [batch, height, width, channels]} →
 * {@code [batch, outHeight, outWidth, channels]}. With an average quantizer and the pool area
 * {@code A = poolHeight · poolWidth},
 * <pre>
 *   y = activation(avgPool(x · A) · Qavg(1 / A))
 * </pre>
 * in float32 and in that order, so only the constant {@code 1 / A} is quantized, never the mean.
 * Average pooling divides by the number of window positions inside the image (TensorFlow's rule), so
 * a 'same'-padded border window gives {@code mean(x) · A · Qavg(1 / A)}, not {@code sum(x) · Qavg(1 / A)}.
 * Without an average quantizer the layer is Keras's average pooling followed by the activation.
 *
 * <p>This is QKeras's formula since 2022-03. QKeras 0.9.0 on PyPI computes {@code avgPool(x) · A ·
 * Qavg(1 / A)}, the same value up to float rounding: both agree exactly when {@code A} is a power of two.
 */
public final class QAveragePooling2D extends Pooling2D {
    private final Quantizer averageQuantizer;
    private final ActivationFunction activation;

    /**
     * @param strides          the strides, or null for Keras's default (the pool size)
     * @param averageQuantizer quantizer of {@code 1 / A}, or null for plain average pooling
     * @param activation       applied to the pooled values, or null for none
     */
    public QAveragePooling2D(String name, int[] poolSize, int[] strides, Padding padding, Quantizer averageQuantizer,
                             ActivationFunction activation) {
        super(name, Kind.AVERAGE, poolSize, strides, padding);
        this.averageQuantizer = averageQuantizer;
        this.activation = activation;
    }

    /** A QAveragePooling2D layer with a square window, strides equal to the window and 'valid' padding. */
    public QAveragePooling2D(int size, Quantizer averageQuantizer, ActivationFunction activation) {
        this(null, new int[] {size, size}, null, Padding.VALID, averageQuantizer, activation);
    }

    @Override
    public String className() {
        return "QAveragePooling2D";
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Tape tape = context.tape();
        Variable y;
        if (averageQuantizer == null) {
            y = pool(x, context);
        } else {
            int area = geometry().windowSize();
            y = ScaleOp.apply(tape, x, area);
            y = AvgPool2DOp.apply(tape, y, geometry());
            y = ScaleOp.apply(tape, y, PoolingQuantizers.quantizedReciprocal(averageQuantizer, area, context));
        }
        return PoolingQuantizers.activate(activation, y, context);
    }

    @Override
    public Map<String, Quantizer> quantizers() {
        return PoolingQuantizers.asMap(averageQuantizer, activation);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>(super.layerConfig());
        PoolingQuantizers.addConfig(config, averageQuantizer, activation);
        return config;
    }
}
