package io.github.qkeras4j.quantizers;

import java.util.SplittableRandom;

/**
 * Float32 arithmetic shared by the quantizers, in the order QKeras evaluates it. Every method works
 * on {@code float} so that each step rounds to binary32 as TensorFlow's float32 kernels do.
 */
final class Numerics {
    /** Keras {@code epsilon()}, 1e-7, as float32. */
    static final float EPSILON = 1e-7f;

    /** {@code ln 2} as float32; QKeras computes log2 as {@code ln(v) / ln(2)} in float32. */
    static final float LN2 = 0.6931472f;

    private Numerics() {
    }

    /** Rounds half to even, like {@code tf.round}: rne(0.5) = 0, rne(1.5) = 2, rne(-0.5) = -0. */
    static float rne(float v) {
        return (float) Math.rint(v);
    }

    /** QKeras's base-2 logarithm: {@code f32(f32(ln v) / f32(ln 2))}. */
    static float log2(float v) {
        return (float) StrictMath.log(v) / LN2;
    }

    /** {@code 2^e} for an integral float exponent, as float32 (0 below the denormal range). */
    static float pow2(float exponent) {
        return (float) StrictMath.pow(2.0, exponent);
    }

    /** The "auto_po2" rounding of a positive scale: {@code 2^rne(log2(v + ε))}. */
    static float po2(float v) {
        return pow2(rne(log2(v + EPSILON)));
    }

    /** -1, 0 or +1; the sign of zero (either sign) is 0. */
    static float sign(float v) {
        if (v > 0f) {
            return 1f;
        }
        return v < 0f ? -1f : 0f;
    }

    /** Like {@link #sign} but 0 becomes +1. */
    static float signOrOne(float v) {
        return v < 0f ? -1f : 1f;
    }

    /**
     * The straight-through output of QKeras: with {@code useSte}, {@code companion + f32(qn·(xq − companion))},
     * otherwise {@code (1 − qn)·companion + qn·xq}. The sum is evaluated in float32 exactly as QKeras
     * does, so it can differ from {@code xq} (a huge companion absorbs a small {@code xq}).
     */
    static float straightThrough(float companion, float quantized, float qnoise, boolean useSte) {
        if (useSte) {
            float difference = quantized - companion;
            float noise = qnoise * difference;
            return companion + noise;
        }
        float kept = (1f - qnoise) * companion;
        float added = qnoise * quantized;
        return kept + added;
    }

    /**
     * Stochastic rounding to multiples of {@code precision}, as QKeras computes it: with
     * {@code y = v·(1/precision)}, {@code ⌊y⌋} if the fraction of y is below a uniform draw, else
     * {@code ⌈y⌉}, divided by {@code 1/precision}. The expected value is {@code v}.
     */
    static float stochasticRound(float v, double precision, SplittableRandom random) {
        float scale = (float) (1.0 / precision);
        float y = v * scale;
        float floor = (float) Math.floor(y);
        float fraction = y - floor;
        float rounded = fraction < uniform(random) ? floor : (float) Math.ceil(y);
        return rounded / scale;
    }

    /** A uniform float32 draw in [0, 1) (24 random bits, so it never rounds up to 1). */
    static float uniform(SplittableRandom random) {
        return (random.nextInt() >>> 8) * 0x1.0p-24f;
    }

    /** tanh in double, rounded once to float32. */
    static float tanh(float x) {
        return (float) Math.tanh(x);
    }
}
