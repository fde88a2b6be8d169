package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** binary and ternary. */
class BinaryTernaryTest {
    private static final Quantizer BINARY = QuantizerSpec.parse("binary");
    private static final Quantizer TERNARY = QuantizerSpec.parse("ternary(1.0,0.5)");

    @Test
    void binaryMapsZeroToPlusOne() {
        assertArrayEquals(new float[] {1f, 1f, -1f}, Quantizers.apply(BINARY, 0f, -0f, -Float.MIN_VALUE));
    }

    @Test
    void binaryLargeAndTinyInputs() {
        assertArrayEquals(new float[] {1f, -1f, 1f}, Quantizers.apply(BINARY, 1e30f, -1e30f, Float.MIN_VALUE));
    }

    @Test
    void binaryUse01AndFixedAlpha() {
        assertArrayEquals(new float[] {0f, 1f}, Quantizers.apply(QuantizerSpec.parse("binary(use_01=True)"), -3f, 0f));
        assertArrayEquals(new float[] {-2f, 2f}, Quantizers.apply(QuantizerSpec.parse("binary(alpha=2)"), -0.5f, 0f));
    }

    @Test
    void binaryAutoScalesPerChannel() {
        Quantizer q = QuantizerSpec.parse("binary(alpha='auto')");
        Tensor out = Quantizers.apply(q, Tensor.of(new float[] {1f, -2f, 3f, 4f}, 2, 2));
        float s0 = 2f / (1f + Numerics.EPSILON);
        float s1 = 3f / (1f + Numerics.EPSILON);
        assertArrayEquals(new float[] {s0, s1}, q.scale().data());
        assertArrayEquals(new float[] {s0, -s1, s0, s1}, out.data(), 1e-6f);
    }

    @Test
    void binaryGradientIsTanhDerivativeWithoutAlpha() {
        float[] grad = Quantizers.gradient(BINARY, 0f, 1f);
        assertEquals(1f, grad[0]);
        float t = (float) Math.tanh(1.0);
        assertEquals(1f - t * t, grad[1]);
    }

    @Test
    void binaryGradientIsOneWithAlpha() {
        assertArrayEquals(new float[] {1f, 1f}, Quantizers.gradient(QuantizerSpec.parse("binary(alpha=1)"), 0f, 5f));
    }

    @Test
    void binaryIntegerCodes() {
        Quantizer q = QuantizerSpec.parse("binary(alpha=2)");
        Tensor out = Quantizers.apply(q, Tensor.of(new float[] {0.3f, -7f}, 2));
        IntegerCodes codes = q.integerCodes(out);
        assertArrayEquals(new int[] {1, -1}, codes.codes());
        assertArrayEquals(new float[] {2f}, codes.scale().data());
    }

    @Test
    void ternaryThresholdIsInclusive() {
        assertArrayEquals(new float[] {1f, 0f, -1f}, Quantizers.apply(TERNARY, 0.5f, 0.49999997f, -0.5f));
    }

    @Test
    void ternaryZeroAndNegativeZero() {
        float[] out = Quantizers.apply(TERNARY, 0f, -0f);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[0]));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[1]));
    }

    @Test
    void ternaryLargeInputIsAbsorbed() {
        // 1e30 + (1 − 1e30) = 0 in float32, as in QKeras; with alpha None the companion tanh(x) = 1 avoids it.
        assertArrayEquals(new float[] {0f, 0f}, Quantizers.apply(TERNARY, 1e30f, Float.MIN_VALUE));
        assertArrayEquals(new float[] {1f, -1f}, Quantizers.apply(QuantizerSpec.parse("ternary"), 1e30f, -1e30f));
    }

    @Test
    void ternaryAutoPo2FitsPerChannel() {
        Quantizer q = QuantizerSpec.parse("ternary(alpha='auto_po2')");
        Tensor x = Tensor.of(new float[] {1f, 0.1f, -1f, 0.2f, 0.05f, -0.4f}, 3, 2);
        Tensor out = Quantizers.apply(q, x);
        assertArrayEquals(new float[] {1f, 0.25f}, q.scale().data());
        assertArrayEquals(new float[] {1f, 0f, -1f, 0.25f, 0f, -0.25f}, out.data());
        IntegerCodes codes = q.integerCodes(out);
        assertArrayEquals(new int[] {1, 0, -1, 1, 0, -1}, codes.codes());
    }

    @Test
    void ternaryGradient() {
        assertArrayEquals(new float[] {1f, 1f}, Quantizers.gradient(TERNARY, 0f, 3f));
        float t = (float) Math.tanh(2.0);
        assertArrayEquals(new float[] {1f - t * t}, Quantizers.gradient(QuantizerSpec.parse("ternary"), 2f));
    }

    @Test
    void forKernelTurnsAlphaNoneIntoAutoPo2() {
        assertEquals("binary(alpha='auto_po2')", BINARY.forKernel().spec());
        assertEquals("ternary(alpha='auto_po2')", QuantizerSpec.parse("ternary").forKernel().spec());
        assertEquals(TERNARY, TERNARY.forKernel());
    }

    @Test
    void ternaryRejectsThresholdWithAutoAlpha() {
        QuantizerSpecTest.assertMessage("ternary(alpha='auto',threshold=0.3)",
                "threshold must be None with alpha='auto' or 'auto_po2', received 0.3");
    }

    @Test
    void integerCodesBeforeCallAreNull() {
        assertNull(QuantizerSpec.parse("ternary(alpha='auto')").integerCodes(Tensor.zeros(2)));
    }

    @Test
    void integerCodesRejectOffGridOutput() {
        Quantizer q = QuantizerSpec.parse("binary(alpha=3)");
        Tensor out = Quantizers.apply(q, Tensor.of(new float[] {0.3f}, 1));
        out.data()[0] = 2.5f;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.integerCodes(out));
        assertTrue(e.getMessage().contains("not an integer multiple"), e.getMessage());
    }

    /** Uniform samples in [−m, m) of shape [rows, 10]. */
    private static Tensor uniform(float m, int rows, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] values = new float[rows * 10];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * m);
        }
        return Tensor.of(values, rows, 10);
    }

    @Test
    void binaryAutoScaleOfUniformIsHalfTheRange() {
        // E|x| = m/2 for x uniform on [−m, m], so the least-squares scale of sign codes is about m/2.
        for (float m : new float[] {1f, 0.1f, 0.01f, 0.001f}) {
            Quantizer q = QuantizerSpec.parse("binary(alpha='auto')");
            Quantizers.apply(q, uniform(m, 100_000, 42));
            for (float s : q.scale().data()) {
                assertEquals(m / 2, s, 0.02 * m / 2, "m = " + m);
            }
        }
    }

    @Test
    void binaryAutoPo2ScaleRoundsAutoScale() {
        Tensor x = uniform(0.1f, 100_000, 43);
        Quantizer auto = QuantizerSpec.parse("binary(alpha='auto')");
        Quantizer po2 = QuantizerSpec.parse("binary(alpha='auto_po2')");
        Quantizers.apply(auto, x);
        Quantizers.apply(po2, x);
        for (int c = 0; c < 10; c++) {
            double expected = Math.pow(2, Math.rint(Math.log(auto.scale().data()[c]) / Math.log(2)));
            assertEquals(expected, po2.scale().data()[c], 1e-4 * expected, "channel " + c);
        }
    }

    @Test
    void ternaryAutoScaleOfUniform() {
        // Codes are 0 below about m/3, so the fitted scale is about the mean of |x| above it, (m + m/3)/2.
        for (float m : new float[] {1f, 0.1f, 0.01f, 0.001f}) {
            Quantizer q = QuantizerSpec.parse("ternary(alpha='auto')");
            Quantizers.apply(q, uniform(m, 100_000, 44));
            double mean = 0;
            for (float s : q.scale().data()) {
                mean += s / 10.0;
            }
            assertEquals((m + m / 3) / 2, mean, 0.02 * (m + m / 3) / 2, "m = " + m);
        }
    }
}
