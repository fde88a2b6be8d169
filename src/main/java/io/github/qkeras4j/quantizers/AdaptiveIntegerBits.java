package io.github.qkeras4j.quantizers;

/**
 * QKeras's {@code _get_integer_bits}, which QAdaptiveActivation uses to pick the integer bits of a
 * quantized_bits activation from running min/max values: the fewest integer bits whose grid covers
 * {@code [min, max]}, capped at {@code bits − keep_negative}.
 */
final class AdaptiveIntegerBits {
    private AdaptiveIntegerBits() {
    }

    /**
     * Integer bits per (min, max) pair.
     *
     * @param isClipping true rounds {@code log2} to nearest even (the range may clip); false rounds up and
     *                   adds a bit when the max (or, if symmetric, the min) would fall off the grid
     */
    static int[] compute(double[] minValues, double[] maxValues, int bits, boolean symmetric, boolean keepNegative,
                         boolean isClipping) {
        int kn = keepNegative ? 1 : 0;
        int unsignedBits = bits - kn;
        int[] result = new int[minValues.length];
        for (int i = 0; i < result.length; i++) {
            double min = keepNegative ? minValues[i] : Math.max(minValues[i], 0.0);
            double max = keepNegative ? maxValues[i] : Math.max(maxValues[i], 0.0);
            double logMin = Math.max(log2(Math.abs(min)), 0.0);
            double logMax = Math.max(log2(Math.abs(max)), 0.0);
            double integerMin;
            double integerMax;
            if (isClipping) {
                integerMin = Math.rint(logMin);
                integerMax = Math.rint(logMax);
            } else {
                integerMin = Math.ceil(logMin);
                integerMax = Math.ceil(logMax);
                if (max > Math.pow(2, integerMax) - Math.pow(2, Math.min(integerMax - unsignedBits, 0))) {
                    integerMax += 1;
                }
                if (symmetric && min < -Math.pow(2, integerMin) + Math.pow(2, Math.min(integerMin - unsignedBits, 0))) {
                    integerMin += 1;
                }
            }
            result[i] = (int) Math.min(unsignedBits, Math.max(integerMin, integerMax));
        }
        return result;
    }

    /** log2 that is exact for powers of two; −∞ for 0. */
    private static double log2(double v) {
        if (v == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        int exponent = Math.getExponent(v);
        if (v == Math.scalb(1.0, exponent)) {
            return exponent;
        }
        return Math.log(v) / Math.log(2);
    }
}
