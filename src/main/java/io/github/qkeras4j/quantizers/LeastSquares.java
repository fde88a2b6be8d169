package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;

/**
 * QKeras's least-squares scale ({@code _get_least_squares_scale}): per group, the {@code s} that
 * minimises {@code Σ (x − s·q)²} for data {@code x} and integer-like codes {@code q},
 * {@code s = mean(x·q) / (mean(q·q) + ε)}, rounded to a power of two for "auto_po2" and then clipped
 * to {@code [2^minPo2Exponent, 2^maxPo2Exponent]} when those are given.
 */
final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * Scales per group of {@code groups}.
     *
     * @param powerOfTwo      true for "auto_po2"
     * @param minPo2Exponent  lower exponent bound, or null
     * @param maxPo2Exponent  upper exponent bound, or null
     */
    static float[] scale(boolean powerOfTwo, float[] x, float[] q, ChannelGroups groups,
                         Integer minPo2Exponent, Integer maxPo2Exponent) {
        float[] xq = new float[groups.count()];
        float[] qq = new float[groups.count()];
        groups.leastSquaresMeans(x, q, xq, qq);
        float[] scale = new float[xq.length];
        float lower = minPo2Exponent == null ? 0f : Numerics.pow2(minPo2Exponent);
        float upper = maxPo2Exponent == null ? Float.POSITIVE_INFINITY : Numerics.pow2(maxPo2Exponent);
        for (int g = 0; g < scale.length; g++) {
            float s = xq[g] / (qq[g] + Numerics.EPSILON);
            if (powerOfTwo) {
                s = Numerics.po2(s);
                s = Math.min(Math.max(s, lower), upper);
            }
            scale[g] = s;
        }
        return scale;
    }

    /**
     * Scales of QKeras's {@code _get_least_squares_scale(alpha, x, q, …)} for any alpha: one value, 1
     * for None or alpha itself for a number, or per group of {@code groups} for 'auto' / 'auto_po2'.
     */
    static Scales fit(Alpha alpha, float[] x, float[] q, ChannelGroups groups, Integer minPo2Exponent,
                      Integer maxPo2Exponent) {
        if (!alpha.isAuto()) {
            return new Scales(new float[] {(float) alpha.value()}, ChannelGroups.whole(groups.shape()), true);
        }
        float[] scale = scale(alpha.kind() == Alpha.Kind.AUTO_PO2, x, q, groups, minPo2Exponent, maxPo2Exponent);
        return new Scales(scale, groups, false);
    }

    /**
     * Scales per group, and whether they are one plain number (QKeras then reports a float, not a tensor).
     */
    record Scales(float[] values, ChannelGroups groups, boolean scalar) {
        float of(int element) {
            return values[groups.groupOf(element)];
        }

        /** The scale as QKeras stores it: a rank-0 tensor for a number, else the keepdims tensor. */
        Tensor tensor() {
            return scalar ? Tensor.scalar(values[0]) : groups.toScaleTensor(values);
        }
    }

    /**
     * The groups QKeras fits one scale to: all elements when not per channel, each element for
     * rank ≤ 1, otherwise the channels of {@code scaleAxis} with {@code elementsPerScale}.
     */
    static ChannelGroups groups(int[] shape, int[] scaleAxis, int[] elementsPerScale, boolean perChannel) {
        if (!perChannel) {
            return ChannelGroups.whole(shape);
        }
        if (shape.length <= 1) {
            return ChannelGroups.perElement(shape);
        }
        return ChannelGroups.forScaleAxis(shape, scaleAxis, elementsPerScale);
    }

    /** The scale of {@code x ≈ s·q} as a keepdims tensor; the form QKeras's helper returns. */
    static Tensor scaleTensor(Alpha alpha, Tensor x, Tensor q, int[] scaleAxis, int[] elementsPerScale,
                              boolean perChannel, Integer minPo2Exponent, Integer maxPo2Exponent) {
        if (!alpha.isAuto()) {
            return Tensor.scalar((float) alpha.value());
        }
        ChannelGroups groups = groups(x.shape(), scaleAxis, elementsPerScale, perChannel);
        float[] scale = scale(alpha.kind() == Alpha.Kind.AUTO_PO2, x.data(), q.data(), groups,
                minPo2Exponent, maxPo2Exponent);
        return groups.toScaleTensor(scale);
    }
}
