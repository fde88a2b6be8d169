package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.qkeras4j.tensor.Tensor;
import io.github.qkeras4j.tensor.VectorModule;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Compares the vectorized and row-major loops of quantized_relu and the auto-alpha quantized_bits
 * with the element-by-element loops they replaced, kept here as references. Every output bit (the
 * sign of zero included) must agree on large random tensors with ties, signed zeros, subnormals, huge
 * values, infinities and NaN, and on sizes that leave a vector tail.
 */
class QuantizerFastPathTest {
    private static final QuantizerContext CONTEXT = QuantizerContext.inference();

    @Test
    void vectorKernelsLoadWithTheModule() {
        assumeTrue(VectorModule.present(), "the JVM runs without jdk.incubator.vector");
        assertTrue(QuantizerKernels.VECTOR.isPresent(), "the module is present but the kernels failed to load");
    }

    @ParameterizedTest
    @ValueSource(strings = {"quantized_relu(4,0)", "quantized_relu(8,2)", "quantized_relu(3,1,qnoise_factor=0.5)",
            "quantized_relu(6,-2)", "quantized_relu(4,0,is_quantized_clip=False)",
            "quantized_relu(4,0,relu_upper_bound=3.0)", "quantized_relu(2,0,negative_slope=0.25)"})
    void reluForwardMatchesElementLoop(String spec) {
        QuantizedRelu q = (QuantizedRelu) QuantizerSpec.parse(spec);
        for (int size : new int[] {1, 13, 4098, 200_003}) {
            float[] x = awkwardValues(size, Numerics.pow2(q.integer().getAsInt()), 1L + size);
            float[] actual = new float[size];
            q.forward(Tensor.of(x, size), Tensor.of(actual, size), CONTEXT);
            assertSameBits(referenceRelu(spec, x), actual, spec + " size " + size);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"quantized_relu(4,0)", "quantized_relu(2,0,negative_slope=0.25)",
            "quantized_relu(4,1,use_ste=False,qnoise_factor=0.25)", "quantized_relu(4,0,is_quantized_clip=False)"})
    void reluBackwardMatchesElementLoop(String spec) {
        QuantizedRelu q = (QuantizedRelu) QuantizerSpec.parse(spec);
        int size = 100_007;
        float[] x = awkwardValues(size, 1f, 7);
        float[] dy = awkwardValues(size, 1f, 8);
        float[] start = awkwardValues(size, 1f, 9);
        float[] actual = start.clone();
        q.backward(Tensor.of(x, size), Tensor.of(new float[size], size), Tensor.of(dy, size), Tensor.of(actual, size));
        float[] expected = start.clone();
        float scale = spec.contains("use_ste=False") ? 1f - 0.25f : 1f;
        float ns = spec.contains("negative_slope") ? 0.25f : 0f;
        float cap = spec.contains("is_quantized_clip=False") ? Float.POSITIVE_INFINITY
                : spec.contains("(2,0") ? 0.5f : spec.contains("(4,1") ? 1.875f : 0.9375f;
        for (int i = 0; i < size; i++) {
            float v = x[i];
            float derivative = ns;
            if (v > cap) {
                derivative = 0f;
            } else if (v > 0f) {
                derivative = 1f;
            }
            expected[i] += scale * derivative * dy[i];
        }
        assertSameBits(expected, actual, spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quantized_bits(4,0,1,alpha='auto_po2')", "quantized_bits(8,3,1,alpha='auto_po2')",
            "quantized_bits(4,0,1,alpha='auto')", "quantized_bits(6,2,1,alpha='auto_po2',qnoise_factor=0.5)",
            "quantized_bits(3,0,1,alpha='auto_po2',use_ste=False,qnoise_factor=0.75)"})
    void autoAlphaMatchesElementLoop(String spec) {
        int[][] shapes = {{3, 3, 1, 32}, {3, 3, 32, 64}, {3136, 128}, {37, 13}, {5, 1}, {50}};
        for (int[] shape : shapes) {
            QuantizedBits q = (QuantizedBits) QuantizerSpec.parse(spec);
            int size = (int) io.github.qkeras4j.tensor.Shapes.size(shape);
            float[] x = awkwardValues(size, 1f, size * 31L + shape.length);
            float[] actual = new float[size];
            for (int call = 0; call < 2; call++) {
                q.forward(Tensor.of(x, shape), Tensor.of(actual, shape), CONTEXT);
            }
            Reference expected = referenceAuto(spec, x, shape);
            String where = spec + " shape " + java.util.Arrays.toString(shape);
            assertSameBits(expected.out, actual, where);
            assertSameBits(expected.scale, q.scale().data(), where + " scale");
        }
    }

    @Test
    void autoPo2MatchesElementLoopOnFiniteExtremes() {
        String spec = "quantized_bits(4,0,1,alpha='auto_po2')";
        int[] shape = {300, 20};
        float[] x = awkwardValues(6000, 1f, 3);
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                x[i] = i % 2 == 0 ? 3e38f : -1e-45f;
            }
        }
        QuantizedBits q = (QuantizedBits) QuantizerSpec.parse(spec);
        float[] actual = new float[x.length];
        q.forward(Tensor.of(x, shape), Tensor.of(actual, shape), CONTEXT);
        Reference expected = referenceAuto(spec, x, shape);
        assertSameBits(expected.out, actual, spec);
        assertSameBits(expected.scale, q.scale().data(), spec + " scale");
    }

    @Test
    void autoAlphaMatchesElementLoopWithSignedFrozenScales() {
        // 37 channels: two full vectors of 16 lanes and a scalar tail.
        float[] frozen = new float[37];
        float[] choices = {0.5f, -0.25f, -0f, 0.125f, 0f, -2f};
        for (int c = 0; c < frozen.length; c++) {
            frozen[c] = choices[c % choices.length];
        }
        QuantizedBits q = new QuantizedBits(4, 0, true, true, Alpha.AUTO_PO2, false, null, 1.0, true, null, null, null,
                frozen);
        int[] shape = {40, frozen.length};
        float[] x = awkwardValues(40 * frozen.length, 1f, 11);
        float[] actual = new float[x.length];
        q.forward(Tensor.of(x, shape), Tensor.of(actual, shape), CONTEXT);
        float m = 8f;
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float s = frozen[i % frozen.length] / m;
            float z = QuantizedBits.code(x[i], s, 7f);
            expected[i] = Numerics.straightThrough(x[i], s * m * (z / m), 1f, true);
        }
        assertSameBits(expected, actual, "frozen scales " + java.util.Arrays.toString(frozen));
    }

    /**
     * Mixed magnitudes: gaussians scaled by 10^[-4, 4], exact ties of the grids of up to 8 bits,
     * both zeros, subnormals, numbers near the float range and a few non-finite values.
     */
    private static float[] awkwardValues(int size, float unit, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[size];
        float[] specials = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, -3e-39f, 1e-30f, 3e38f, -3e38f,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                unit, -unit, 0.5f * unit, 4e6f, -4e6f, 1e7f};
        for (int i = 0; i < size; i++) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                x[i] = specials[random.nextInt(specials.length)];
            } else if (kind <= 3) {
                int bits = 1 + random.nextInt(8);
                x[i] = (random.nextInt(1 << (bits + 2)) - (1 << (bits + 1)) + 0.5f) * unit / (1 << bits);
            } else {
                x[i] = (float) (random.nextGaussian() * unit * Math.pow(10, random.nextDouble(-4, 4)));
            }
        }
        return x;
    }

    private static void assertSameBits(float[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length, where + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                assertEquals(expected[i], actual[i], where + ": element " + i);
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                        where + ": sign of zero at element " + i);
            }
        }
    }

    /** quantized_relu's element loop as it was before the vector kernel, without sigmoid and stochastic rounding. */
    private static float[] referenceRelu(String spec, float[] x) {
        QuantizedRelu q = (QuantizedRelu) QuantizerSpec.parse(spec);
        java.util.Map<String, Object> config = q.config();
        int bits = q.bits().getAsInt();
        int integer = q.integer().getAsInt();
        double slope = ((Number) config.get("negative_slope")).doubleValue();
        Object bound = config.get("relu_upper_bound");
        boolean quantizedClip = !spec.contains("is_quantized_clip=False");
        float qn = ((Number) config.get("qnoise_factor")).floatValue();
        int nb = bits - (slope != 0 ? 1 : 0);
        float m = Numerics.pow2(nb);
        float mi = Numerics.pow2(integer);
        float ns = (float) slope;
        float top = 1f - 1f / m;
        float negativeStep = ns != 0f ? 1f / (ns * m) : 0f;
        float cap = quantizedClip ? mi - Numerics.pow2(integer - nb)
                : bound != null ? ((Number) bound).floatValue() : Float.POSITIVE_INFINITY;
        boolean clipToBound = bound != null && ((Number) bound).doubleValue() != 0.0 && !quantizedClip;

        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            float p = v * m / mi;
            float xq = mi * InternalSigmoids.clip(Numerics.rne(p) / m, 0f, top);
            if (ns > 0f) {
                float negative = Numerics.rne(p * ns) * negativeStep;
                xq += mi * ns * InternalSigmoids.clip(negative, -1f, 0f);
            }
            if (clipToBound) {
                xq = Math.min(xq, ((Number) bound).floatValue());
            }
            float leaky = v > 0f ? v : ns * v + 0f;
            float companion = v <= cap ? leaky : cap;
            out[i] = Numerics.straightThrough(companion, xq, qn, true);
        }
        return out;
    }

    private record Reference(float[] out, float[] scale) {
    }

    /**
     * Computes quantized_bits with an auto alpha as before the row-major loops: one pass per step and
     * the group looked up per element. Channels last puts element i in group i mod channels. Rank 1
     * has one group for the first scale, then one per element.
     */
    private static Reference referenceAuto(String spec, float[] x, int[] shape) {
        QuantizedBits q = (QuantizedBits) QuantizerSpec.parse(spec);
        java.util.Map<String, Object> config = q.config();
        int bits = q.bits().getAsInt();
        int integer = q.integer().getAsInt();
        float qn = ((Number) config.get("qnoise_factor")).floatValue();
        boolean useSte = !spec.contains("use_ste=False");
        boolean po2 = spec.contains("auto_po2");
        int n = x.length;
        float m = Numerics.pow2(bits - 1);
        float mi = Numerics.pow2(integer);
        float halfRange = Numerics.pow2(bits - 1) - 1f;
        float levels = Numerics.pow2(bits) - 2f;
        int channels = shape.length == 1 ? 1 : shape[shape.length - 1];
        int fittedGroups = shape.length == 1 ? n : channels;

        float[] xs = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[i] / mi;
        }
        float[] max = new float[channels];
        for (int i = 0; i < n; i++) {
            max[i % channels] = Math.max(max[i % channels], Math.abs(xs[i]));
        }
        float[] s = new float[channels];
        for (int g = 0; g < channels; g++) {
            s[g] = max[g] * 2f / levels;
            if (po2) {
                s[g] = Numerics.po2(s[g]);
            }
        }

        int groups = channels;
        float[] z = new float[n];
        if (po2) {
            for (int iteration = 0; iteration < 5; iteration++) {
                referenceCodes(xs, s, groups, halfRange, z);
                double[] sumXq = new double[fittedGroups];
                double[] sumQq = new double[fittedGroups];
                for (int i = 0; i < n; i++) {
                    float xTimesQ = xs[i] * z[i];
                    float qTimesQ = z[i] * z[i];
                    sumXq[i % fittedGroups] += xTimesQ;
                    sumQq[i % fittedGroups] += qTimesQ;
                }
                double members = n / (double) fittedGroups;
                s = new float[fittedGroups];
                for (int g = 0; g < fittedGroups; g++) {
                    float meanXq = (float) (sumXq[g] / members);
                    float meanQq = (float) (sumQq[g] / members);
                    s[g] = Math.min(Math.max(Numerics.po2(meanXq / (meanQq + Numerics.EPSILON)), 0f),
                            Float.POSITIVE_INFINITY);
                }
                groups = fittedGroups;
            }
        }
        float[] sm = new float[s.length];
        for (int g = 0; g < s.length; g++) {
            sm[g] = s[g] * m;
        }
        referenceCodes(xs, s, groups, halfRange, z);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float xq = sm[i % groups] * (mi * z[i] / m);
            out[i] = Numerics.straightThrough(mi * xs[i], xq, qn, useSte);
        }
        return new Reference(out, sm);
    }

    private static void referenceCodes(float[] xs, float[] s, int groups, float halfRange, float[] z) {
        for (int i = 0; i < xs.length; i++) {
            float v = xs[i];
            float level = (float) Math.floor(Math.abs(v) / s[i % groups] + 0.5f);
            z[i] = Numerics.sign(v) * (level < halfRange ? level : halfRange);
        }
    }
}
