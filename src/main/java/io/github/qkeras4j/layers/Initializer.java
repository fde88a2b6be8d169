package io.github.qkeras4j.layers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Keras weight initializers. Fan-in and fan-out follow Keras: for a kernel
 * {@code [kernelHeight, kernelWidth, inChannels, filters]} the receptive field
 * {@code kernelHeight·kernelWidth} multiplies {@code inChannels} (fan-in) and {@code filters}
 * (fan-out); for {@code [inFeatures, units]} they are the two dimensions.
 *
 * <p>The random streams are qkeras4j's own (a seeded {@link SplittableRandom}), so the same seed gives
 * the same weights in qkeras4j but not the same weights as Keras.
 */
public enum Initializer {
    /** All zeros. */
    ZEROS("zeros"),
    /** All ones. */
    ONES("ones"),
    /** Uniform in {@code [-limit, limit]}, {@code limit = sqrt(6 / (fanIn + fanOut))}. */
    GLOROT_UNIFORM("glorot_uniform"),
    /**
     * Normal with standard deviation {@code sqrt(2 / fanIn) / 0.87962566}, truncated at two standard
     * deviations (Keras's truncated-normal variance correction).
     */
    HE_NORMAL("he_normal"),
    /** Uniform in {@code [-limit, limit]}, {@code limit = sqrt(6 / fanIn)}. */
    HE_UNIFORM("he_uniform");

    private static final double TRUNCATED_NORMAL_STDDEV_CORRECTION = 0.87962566103423978;

    private final String kerasName;

    Initializer(String kerasName) {
        this.kerasName = kerasName;
    }

    public String kerasName() {
        return kerasName;
    }

    /** Looks an initializer up by its Keras name, for example {@code he_normal}. */
    public static Initializer byName(String name) {
        for (Initializer initializer : values()) {
            if (initializer.kerasName.equals(name.toLowerCase(Locale.ROOT))) {
                return initializer;
            }
        }
        throw new IllegalArgumentException("unknown initializer '" + name
                + "'; expected one of zeros, ones, glorot_uniform, he_normal, he_uniform");
    }

    /** Fills {@code weights} in place. */
    public void fill(Tensor weights, SplittableRandom random) {
        float[] w = weights.data();
        int[] shape = weights.shape();
        double fanIn = fanIn(shape);
        double fanOut = fanOut(shape);
        switch (this) {
            case ZEROS -> java.util.Arrays.fill(w, 0f);
            case ONES -> java.util.Arrays.fill(w, 1f);
            case GLOROT_UNIFORM -> uniform(w, Math.sqrt(6.0 / Math.max(1.0, fanIn + fanOut)), random);
            case HE_UNIFORM -> uniform(w, Math.sqrt(6.0 / Math.max(1.0, fanIn)), random);
            case HE_NORMAL -> {
                double stddev = Math.sqrt(2.0 / Math.max(1.0, fanIn)) / TRUNCATED_NORMAL_STDDEV_CORRECTION;
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (stddev * truncatedGaussian(random));
                }
            }
        }
    }

    private static void uniform(float[] w, double limit, SplittableRandom random) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
    }

    /** A standard normal sample redrawn until it lies within two standard deviations. */
    private static double truncatedGaussian(SplittableRandom random) {
        while (true) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            double g = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
            if (Math.abs(g) <= 2) {
                return g;
            }
        }
    }

    static double fanIn(int[] shape) {
        if (shape.length < 2) {
            return shape.length == 1 ? shape[0] : 1;
        }
        return receptiveField(shape) * shape[shape.length - 2];
    }

    static double fanOut(int[] shape) {
        if (shape.length < 2) {
            return shape.length == 1 ? shape[0] : 1;
        }
        return receptiveField(shape) * shape[shape.length - 1];
    }

    private static double receptiveField(int[] shape) {
        double field = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            field *= shape[i];
        }
        return field;
    }
}
