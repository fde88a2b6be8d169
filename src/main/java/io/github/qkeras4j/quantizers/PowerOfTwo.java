package io.github.qkeras4j.quantizers;

import java.util.SplittableRandom;

/**
 * The exponent selection shared by quantized_po2 and quantized_relu_po2 (QKeras's
 * {@code _clip_power_of_two}) and their exponent ranges.
 *
 * @param minExponent            smallest exponent {@code −2^b}
 * @param maxExponent            largest exponent {@code 2^b − 1}, rounded down to even with the quadratic
 *                               approximation
 * @param maxValue               inputs at or above it are treated as it, or null
 * @param quadraticApproximation only even exponents, chosen through {@code sqrt}
 * @param floor                  log2 rounding "floor" instead of "rnd"
 */
record PowerOfTwo(int minExponent, int maxExponent, Float maxValue, boolean quadraticApproximation, boolean floor) {

    /**
     * The exponent range for {@code valueBits} bits ({@code bits − 1} for quantized_po2, bits for
     * quantized_relu_po2): one of them is the exponent's sign unless {@code 0 ≤ max_value ≤ 1}.
     *
     * @throws IllegalArgumentException for a negative max_value or too few bits for any exponent
     */
    static PowerOfTwo of(String quantizer, int valueBits, Double maxValue, boolean quadraticApproximation,
                         String log2Rounding) {
        AbstractQuantizer.check(maxValue == null || maxValue >= 0, quantizer,
                "max_value must be >= 0 or None, received " + maxValue);
        int exponentSignBit = maxValue == null || maxValue > 1 ? 1 : 0;
        int exponentBits = valueBits - exponentSignBit;
        AbstractQuantizer.check(exponentBits >= 0 && exponentBits <= 30, quantizer,
                "bits leave " + exponentBits + " exponent bits (bits must leave 0 to 30 after the signs)");
        int min = -(1 << exponentBits);
        int max = (1 << exponentBits) - 1;
        if (quadraticApproximation) {
            max = 2 * Math.floorDiv(max, 2);
        }
        return new PowerOfTwo(min, max, maxValue == null ? null : maxValue.floatValue(), quadraticApproximation,
                "floor".equals(log2Rounding));
    }

    /**
     * The exponent of magnitude {@code a ≥ 0}: {@code rne} (or floor) of {@code log2} of
     * {@code min(a, max_value)} (of its square root, doubled, with the quadratic approximation), clipped
     * to the range; inputs below ε give the smallest exponent, not doubled.
     */
    float exponent(float a, boolean stochastic, SplittableRandom random) {
        if (a < Numerics.EPSILON) {
            return minExponent;
        }
        float filtered = a;
        if (maxValue != null && filtered >= maxValue) {
            filtered = maxValue;
        }
        // NOTE: the square root stays in double, so an odd power of two gives log2 = k + 1/2 exactly and
        // rounds to the even exponent (the IEEE result). Rounding it to float32 first (0.70710677 for
        // 0.5) makes the float32 log land one ulp below the tie; TensorFlow builds differ here too.
        double root = Math.sqrt(filtered);
        float input = quadraticApproximation ? (float) root : filtered;
        float log = quadraticApproximation ? (float) StrictMath.log(root) / Numerics.LN2 : Numerics.log2(filtered);
        float exponent;
        if (floor) {
            exponent = (float) Math.floor(log);
        } else if (stochastic) {
            exponent = stochasticExponent(input, random);
        } else {
            exponent = Numerics.rne(log);
        }
        float clipped = Math.min(Math.max(exponent, minExponent), maxExponent);
        return (quadraticApproximation ? 2f : 1f) * clipped;
    }

    /**
     * QKeras's {@code stochastic_round_po2}: between the powers of two around {@code y}, the lower
     * exponent when {@code y} is below a draw uniform on {@code [2^lower, 2^upper)}.
     */
    private static float stochasticExponent(float y, SplittableRandom random) {
        float rounded = Numerics.rne(Numerics.log2(y + Numerics.EPSILON));
        boolean above = Numerics.pow2(rounded) > y;
        float lower = above ? rounded - 1f : rounded;
        float upper = above ? rounded : rounded + 1f;
        float low = Numerics.pow2(lower);
        float high = Numerics.pow2(upper);
        float draw = low + (high - low) * Numerics.uniform(random);
        return y < draw ? lower : upper;
    }
}
