package io.github.qkeras4j.tensor;

import java.util.Locale;

/**
 * Padding mode of a sliding-window op (convolution or pooling), as in Keras's {@code padding}
 * argument. The sizes each mode produces are computed by {@link Conv2DGeometry}.
 */
public enum Padding {
    /** No padding: the window stays inside the input, so the output may be smaller. */
    VALID,
    /**
     * Zero padding (or, for pooling, positions that take no part) split around the input so that the
     * output size is {@code ceil(input / stride)}.
     */
    SAME;

    /** Returns the Keras spelling, {@code "valid"} or {@code "same"}. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a Keras {@code padding} value, ignoring case.
     *
     * @throws IllegalArgumentException for any other value, such as Keras's {@code "causal"}, which
     *                                  only its 1D convolution accepts
     */
    public static Padding fromKeras(String value) {
        for (Padding padding : values()) {
            if (padding.kerasName().equalsIgnoreCase(value)) {
                return padding;
            }
        }
        throw new IllegalArgumentException("padding must be 'valid' or 'same', received '" + value + "'");
    }
}
