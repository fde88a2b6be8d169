package io.github.qkeras4j.models;

import io.github.qkeras4j.data.Dataset;
import io.github.qkeras4j.layers.ActivationFunction;
import io.github.qkeras4j.layers.BatchNormalization;
import io.github.qkeras4j.layers.Flatten;
import io.github.qkeras4j.layers.Initializer;
import io.github.qkeras4j.layers.Pooling2D;
import io.github.qkeras4j.layers.QActivation;
import io.github.qkeras4j.layers.QConv2D;
import io.github.qkeras4j.layers.QDense;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.SplittableRandom;

/** Small models and data the model tests share. */
final class TinyModels {
    private TinyModels() {
    }

    /** A quantized CNN for [8, 8, 1] images and 3 classes, with every main-job layer kind. */
    static Sequential quantizedCnn() {
        return new Sequential(8, 8, 1)
                .add(new QConv2D(null, 4, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, new int[] {1, 1},
                        QuantizerSpec.parse("quantized_bits(4,0,1,alpha='auto_po2')"),
                        QuantizerSpec.parse("quantized_bits(8,3,1)"), ActivationFunction.LINEAR, true,
                        Initializer.HE_NORMAL, Initializer.ZEROS))
                .add(new BatchNormalization())
                .add(new QActivation(QuantizerSpec.parse("quantized_relu(4)")))
                .add(Pooling2D.max(2))
                .add(new Flatten())
                .add(new QDense(null, 3, QuantizerSpec.parse("quantized_bits(4,0,1,alpha='auto_po2')"),
                        QuantizerSpec.parse("quantized_bits(8,3,1)"), ActivationFunction.LINEAR, true,
                        Initializer.HE_NORMAL, Initializer.ZEROS));
    }

    /**
     * Images of three classes: a bright top half, a bright left half, or a bright diagonal, with
     * noise. Easy enough that a tiny model learns them in a few epochs.
     */
    static Dataset stripes(int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(samples, 8, 8, 1);
        int[] labels = new int[samples];
        float[] d = x.data();
        for (int s = 0; s < samples; s++) {
            int label = s % 3;
            labels[s] = label;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    boolean on = switch (label) {
                        case 0 -> r < 4;
                        case 1 -> c < 4;
                        default -> Math.abs(r - c) <= 1;
                    };
                    d[(s * 8 + r) * 8 + c] = (on ? 0.8f : 0.1f) + (float) (random.nextDouble() * 0.2);
                }
            }
        }
        return Dataset.withLabels(x, labels);
    }
}
