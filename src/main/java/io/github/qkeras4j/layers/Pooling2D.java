package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.AvgPool2DOp;
import io.github.qkeras4j.autograd.ops.MaxPool2DOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras 2-D pooling, channels_last: {@code [batch, height, width, channels]} →
 * {@code [batch, outHeight, outWidth, channels]}. Strides default to the pool size; 'same' padding
 * follows TensorFlow (padded positions never win a max and are not counted in an average).
 */
public class Pooling2D extends Layer {
    /** The pooling function. */
    public enum Kind {
        MAX("MaxPooling2D"),
        AVERAGE("AveragePooling2D");

        private final String className;

        Kind(String className) {
            this.className = className;
        }
    }

    private final Kind kind;
    private final int[] poolSize;
    private final int[] strides;
    private final Padding padding;
    private Conv2DGeometry geometry;

    /**
     * @param strides the strides, or null for Keras's default (the pool size)
     */
    public Pooling2D(String name, Kind kind, int[] poolSize, int[] strides, Padding padding) {
        super(name);
        this.kind = kind;
        this.poolSize = pair("pool_size", poolSize);
        this.strides = strides == null ? this.poolSize.clone() : pair("strides", strides);
        this.padding = padding;
    }

    /** Max pooling with a square window, strides equal to the window, 'valid' padding. */
    public static Pooling2D max(int size) {
        return new Pooling2D(null, Kind.MAX, new int[] {size, size}, null, Padding.VALID);
    }

    /** Average pooling with a square window, strides equal to the window, 'valid' padding. */
    public static Pooling2D average(int size) {
        return new Pooling2D(null, Kind.AVERAGE, new int[] {size, size}, null, Padding.VALID);
    }

    private int[] pair(String argument, int[] values) {
        if (values == null || values.length != 2 || values[0] < 1 || values[1] < 1) {
            throw new IllegalArgumentException(kind.className + ": " + argument
                    + " must be two integers >= 1, received " + Arrays.toString(values));
        }
        return values.clone();
    }

    @Override
    public String className() {
        return kind.className;
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(className() + " '" + name()
                    + "' needs input [batch, height, width, channels], received [batch, "
                    + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "]");
        }
        geometry = Conv2DGeometry.pooling(inputShape[0], inputShape[1], poolSize[0], poolSize[1], strides[0],
                strides[1], padding);
        return new int[] {geometry.outputHeight(), geometry.outputWidth(), inputShape[2]};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        return pool(x, context);
    }

    /** Keras's pooling of {@code x}, without the input check. */
    protected final Variable pool(Variable x, ForwardContext context) {
        Tape tape = context.tape();
        return kind == Kind.MAX ? MaxPool2DOp.apply(tape, x, geometry) : AvgPool2DOp.apply(tape, x, geometry);
    }

    /** Returns the window geometry, or null until the layer is built. */
    public final Conv2DGeometry geometry() {
        return geometry;
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("pool_size", List.of(poolSize[0], poolSize[1]));
        config.put("padding", padding.kerasName());
        config.put("strides", List.of(strides[0], strides[1]));
        config.put("data_format", "channels_last");
        return config;
    }
}
