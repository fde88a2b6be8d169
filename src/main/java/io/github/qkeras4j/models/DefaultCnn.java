package io.github.qkeras4j.models;

import io.github.qkeras4j.layers.Activation;
import io.github.qkeras4j.layers.ActivationFunction;
import io.github.qkeras4j.layers.BatchNormalization;
import io.github.qkeras4j.layers.Conv2D;
import io.github.qkeras4j.layers.Dense;
import io.github.qkeras4j.layers.Dropout;
import io.github.qkeras4j.layers.Flatten;
import io.github.qkeras4j.layers.Initializer;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.layers.Pooling2D;
import io.github.qkeras4j.layers.QActivation;
import io.github.qkeras4j.layers.QConv2D;
import io.github.qkeras4j.layers.QDense;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Padding;

/**
 * The CLI's default image classifier, in a quantized and a float variant of the same shape:
 * <pre>
 * [28, 28, 1] → QConv2D(32, 3×3, same) → BatchNormalization → QActivation → MaxPooling2D(2)
 *             → QConv2D(64, 3×3, same) → BatchNormalization → QActivation → MaxPooling2D(2)
 *             → Flatten → QDense(128) → BatchNormalization → QActivation → Dropout(0.25)
 *             → QDense(classes)                                  (logits)
 * </pre>
 * The float variant uses Conv2D, Dense and relu in place of the Q-layers.
 *
 * @param kernelQuantizer     spec of the kernel quantizer, for example {@code quantized_bits(4,0,1,alpha='auto_po2')}
 * @param biasQuantizer       spec of the bias quantizer, for example {@code quantized_bits(8,3,1)}
 * @param activationQuantizer spec of the activation quantizer, for example {@code quantized_relu(4)}
 */
public record DefaultCnn(String kernelQuantizer, String biasQuantizer, String activationQuantizer) {
    /** The quantized defaults: 4-bit auto_po2 weights, 8-bit biases, 4-bit relu activations. */
    public static final DefaultCnn QUANTIZED = new DefaultCnn("quantized_bits(4,0,1,alpha='auto_po2')",
            "quantized_bits(8,3,1)", "quantized_relu(4)");

    /** Builds the quantized model; specs are parsed here, so an invalid one fails before training. */
    public Sequential quantized(int[] inputShape, int classes) {
        return new Sequential(inputShape)
                .add(conv(32)).add(new BatchNormalization()).add(activation()).add(Pooling2D.max(2))
                .add(conv(64)).add(new BatchNormalization()).add(activation()).add(Pooling2D.max(2))
                .add(new Flatten())
                .add(dense(128)).add(new BatchNormalization()).add(activation()).add(new Dropout(0.25f))
                .add(dense(classes));
    }

    /** Builds the float model of the same shape. */
    public static Sequential floating(int[] inputShape, int classes) {
        ActivationFunction relu = ActivationFunction.parse("relu", false);
        return new Sequential(inputShape)
                .add(floatConv(32)).add(new BatchNormalization()).add(new Activation(relu)).add(Pooling2D.max(2))
                .add(floatConv(64)).add(new BatchNormalization()).add(new Activation(relu)).add(Pooling2D.max(2))
                .add(new Flatten())
                .add(new Dense(null, 128, ActivationFunction.LINEAR, true, Initializer.HE_NORMAL, Initializer.ZEROS))
                .add(new BatchNormalization()).add(new Activation(relu)).add(new Dropout(0.25f))
                .add(new Dense(null, classes, ActivationFunction.LINEAR, true, Initializer.GLOROT_UNIFORM,
                        Initializer.ZEROS));
    }

    private Layer conv(int filters) {
        return new QConv2D(null, filters, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, new int[] {1, 1},
                QuantizerSpec.parse(kernelQuantizer), QuantizerSpec.parse(biasQuantizer), ActivationFunction.LINEAR,
                true, Initializer.HE_NORMAL, Initializer.ZEROS);
    }

    private Layer dense(int units) {
        return new QDense(null, units, QuantizerSpec.parse(kernelQuantizer), QuantizerSpec.parse(biasQuantizer),
                ActivationFunction.LINEAR, true, Initializer.HE_NORMAL, Initializer.ZEROS);
    }

    private Layer activation() {
        return new QActivation(QuantizerSpec.parse(activationQuantizer));
    }

    private static Layer floatConv(int filters) {
        return new Conv2D(null, filters, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, new int[] {1, 1},
                ActivationFunction.LINEAR, true, Initializer.HE_NORMAL, Initializer.ZEROS);
    }
}
