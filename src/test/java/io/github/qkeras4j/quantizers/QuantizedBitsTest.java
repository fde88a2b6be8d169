package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantizedBitsTest {
    private static final float TINY = Float.MIN_VALUE;

    @Test
    void tiesRoundHalfToEven() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,1)");
        // Step 1/8: 0.0625 is half a step (rounds to 0), 0.1875 one and a half (rounds to 2 steps).
        assertArrayEquals(new float[] {0f, 0.25f, 0f, -0.25f}, Quantizers.apply(q, 0.0625f, 0.1875f, -0.0625f, -0.1875f));
    }

    @Test
    void zeroAndNegativeZeroGiveZero() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_bits(4,0,1)"), 0f, -0f);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[0]));
        // -0 + (-0 - -0) = -0 + 0 = +0 in IEEE arithmetic, as in TensorFlow.
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[1]));
    }

    @Test
    void hugeInputIsAbsorbedByStraightThroughSum() {
        // QKeras computes x + (0.875 - x); for x = 1e8 the sum is 0, not the clipped 0.875.
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_bits(4,0,1)"), 1e8f, -1e8f, 3f);
        assertArrayEquals(new float[] {0f, 0f, 0.875f}, out);
    }

    @Test
    void tinyInputsRoundToZero() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_bits(8,0,1)"), TINY, -TINY, 1e-30f);
        assertArrayEquals(new float[] {0f, 0f, 0f}, out);
    }

    @Test
    void fixedAlphaScalesResultAfterRounding() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_bits(4,0,1,alpha=2)"), 0.5f, 0.9f);
        assertArrayEquals(new float[] {1.0f, 1.75f}, out);
    }

    @Test
    void oneSignedBitIsSign() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_bits(1,3)"), -0.2f, 0f, 5f);
        assertArrayEquals(new float[] {-1f, 1f, 1f}, out);
    }

    @Test
    void unsignedClipsNegativesToZero() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_bits(4,0,0,False)"), -1f, 0.5f, 2f);
        assertArrayEquals(new float[] {0f, 0.5f, 0.9375f}, out);
    }

    @Test
    void qnoiseFactorMixesFloatAndQuantized() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_bits(4,1,1,qnoise_factor=0.5)"), 0.6f);
        // xq = 0.5; 0.6 + 0.5·(0.5 − 0.6) in float32.
        float expected = 0.6f + 0.5f * (0.5f - 0.6f);
        assertEquals(expected, out[0]);
    }

    @Test
    void autoPo2ScaleRoundsLog2PerChannel() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,2,alpha='auto_po2')");
        Tensor x = Tensor.of(new float[] {0.23f, 2.76f, 0.1f, 0.33f, 0.53f, 0.16f, 0.3f, 1.43f}, 2, 4);
        Tensor out = Quantizers.apply(q, x);
        assertArrayEquals(new float[] {0.25f, 3f, 0.09375f, 0.25f, 0.4375f, 0f, 0.21875f, 1.5f}, out.data());
        assertArrayEquals(new int[] {1, 4}, q.scale().shape());
        assertArrayEquals(new float[] {0.125f, 1f, 0.0625f, 0.5f}, q.scale().data());
    }

    @Test
    void autoScaleIsSmallestThatKeepsTheMax() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(3,0,alpha='auto')");
        Tensor x = Tensor.of(new float[] {0.3f, -0.6f, 0.1f, 0.2f}, 2, 2);
        Quantizers.apply(q, x);
        // s = 2·max|x| / (2^3 − 2), scale = s·m with m = 4.
        assertArrayEquals(new float[] {0.3f * 2f / 6f * 4f, 0.6f * 2f / 6f * 4f}, q.scale().data());
    }

    @Test
    void autoOnVectorUsesOneMaxThenPerElementPo2() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,alpha='auto_po2')");
        Quantizers.apply(q, 0.5f, 0.1f);
        assertArrayEquals(new int[] {2}, q.scale().shape());
    }

    @Test
    void autoOnZeroChannelGivesZero() {
        // s = 0 makes 0/0 = NaN; QKeras's tf.where maps it to the top level, times sgn(0) = 0.
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,alpha='auto')");
        Tensor out = Quantizers.apply(q, Tensor.of(new float[] {0f, 0.5f, 0f, -0.5f}, 2, 2));
        assertArrayEquals(new float[] {0f, 0.5f, 0f, -0.5f}, out.data(), 1e-6f);
        assertEquals(0f, out.data()[0]);
        assertEquals(0f, q.scale().data()[0]);
    }

    @Test
    void po2ExponentLimitsNeedAutoPo2() {
        QuantizerSpecTest.assertMessage("quantized_bits(4,alpha='auto',min_po2_exponent=-3)",
                "min_po2_exponent and max_po2_exponent need alpha='auto_po2', received alpha='auto'");
    }

    @Test
    void frozenScaleReproducesAutoPo2() {
        SplittableRandom random = new SplittableRandom(42);
        Tensor x = Tensor.zeros(7, 8, 8, 3);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) (random.nextDouble() * 10);
        }
        QuantizedBits auto = (QuantizedBits) QuantizerSpec.parse("quantized_bits(8,3,alpha='auto_po2')");
        Tensor expected = Quantizers.apply(auto, x);
        float[] scale = auto.scale().data();
        QuantizedBits frozen = new QuantizedBits(8, 3, true, true, Alpha.AUTO_PO2, false, null, 1.0, true, null, null,
                null, scale);
        assertArrayEquals(scale, frozen.scale().data());
        assertArrayEquals(expected.data(), Quantizers.apply(frozen, x).data());
        assertArrayEquals(auto.scale().shape(), frozen.scale().shape());
    }

    @Test
    void autoRejectsScalar() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,alpha='auto')");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.forward(Tensor.scalar(1f), Tensor.scalar(0f), QuantizerContext.inference()));
        assertTrue(e.getMessage().contains("rank >= 1"), e.getMessage());
    }

    @Test
    void elementsPerScaleGroupsConsecutiveChannels() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,alpha='auto_po2',scale_axis=1,elements_per_scale=2)");
        float[] values = new float[32];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 8 + 1) / 8f;
        }
        Quantizers.apply(q, Tensor.of(values, 4, 8));
        float[] scale = q.scale().data();
        assertArrayEquals(new int[] {1, 8}, q.scale().shape());
        for (int c = 0; c < 8; c += 2) {
            assertEquals(scale[c], scale[c + 1], "channels " + c + " and " + (c + 1) + " share a scale");
        }
    }

    @Test
    void straightThroughGradientIsOneEverywhere() {
        float[] grad = Quantizers.gradient(QuantizerSpec.parse("quantized_bits(4,0,1)"), -5f, -0.3f, 0f, 0.4f, 7f);
        assertArrayEquals(new float[] {1f, 1f, 1f, 1f, 1f}, grad);
    }

    @Test
    void gradientWithoutSteIsOneMinusQnoise() {
        float[] grad = Quantizers.gradient(QuantizerSpec.parse("quantized_bits(4,0,1,qnoise_factor=0.25,use_ste=False)"),
                -5f, 0.4f);
        assertArrayEquals(new float[] {0.75f, 0.75f}, grad);
    }

    @Test
    void gradientMatchesFiniteDifferencesOfCompanion() {
        // With qnoise_factor 0 the output is x itself, so finite differences see the STE slope.
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,1,qnoise_factor=0.0)");
        Tensor x = GradientCheck.random(new SplittableRandom(3), 2f, 3, 5);
        GradientCheck.check(vars -> tape -> io.github.qkeras4j.autograd.ops.QuantizeOp.apply(tape, q, vars.get(0),
                QuantizerContext.inference()), java.util.List.of(x), 1e-3, 1e-2);
    }

    @Test
    void forKernelTurnsAlphaNoneIntoAutoPo2() {
        QuantizedBits q = (QuantizedBits) QuantizerSpec.parse("quantized_bits(4,0,0)");
        Quantizer kernel = q.forKernel();
        assertNotSame(q, kernel);
        assertEquals("quantized_bits(4,0,1,alpha='auto_po2')", kernel.spec());
        assertEquals("quantized_bits(4,0,0)", q.spec());
    }

    @Test
    void forKernelKeepsExplicitAlpha() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(2,0,alpha=1.0)");
        assertEquals(q, q.forKernel());
    }

    @Test
    void integerCodesOfFixedGrid() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,1,1)");
        Tensor x = Tensor.of(new float[] {0.3f, -1.9f, 1.2f, 0f}, 4);
        Tensor out = Quantizers.apply(q, x);
        IntegerCodes codes = q.integerCodes(out);
        assertArrayEquals(new int[] {1, -7, 5, 0}, codes.codes());
        assertEquals(-7, codes.minCode());
        assertEquals(7, codes.maxCode());
        assertCodesReproduce(out, codes);
    }

    @Test
    void integerCodesOfAutoPo2PerChannel() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,2,alpha='auto_po2')");
        Tensor x = Tensor.of(new float[] {0.23f, 2.76f, 0.1f, 0.33f, 0.53f, 0.16f, 0.3f, 1.43f}, 2, 4);
        Tensor out = Quantizers.apply(q, x);
        IntegerCodes codes = q.integerCodes(out);
        assertArrayEquals(new int[] {1, 4}, codes.scale().shape());
        // Exported scale = scale · mi / m = [0.125, 1, 0.0625, 0.5] · 4 / 8.
        assertArrayEquals(new float[] {0.0625f, 0.5f, 0.03125f, 0.25f}, codes.scale().data());
        assertEquals(7, codes.maxCode());
        assertCodesReproduce(out, codes);
    }

    @Test
    void integerCodesRejectAbsorbedOutput() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,1,qnoise_factor=0.5)");
        Tensor out = Quantizers.apply(q, Tensor.of(new float[] {0.3f}, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.integerCodes(out));
        assertTrue(e.getMessage().contains("not an integer multiple"), e.getMessage());
    }

    @Test
    void minMaxAreClippingBounds() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,1)");
        assertEquals(1.0, q.max());
        assertEquals(-1.0, q.min());
        assertEquals(0.0, QuantizerSpec.parse("quantized_bits(4,2,0,False)").min());
    }

    @Test
    void rangeInCodeOrder() {
        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, -1f, -0.75f, -0.5f, -0.25f},
                QuantizerSpec.parse("quantized_bits(3,0)").range());
        assertEquals(null, QuantizerSpec.parse("quantized_bits(3,0,1)").range());
    }

    @Test
    void rejectsBitsBelowOne() {
        QuantizerSpecException e = assertThrows(QuantizerSpecException.class,
                () -> QuantizerSpec.parse("quantized_bits(0)"));
        assertTrue(e.getMessage().contains("bits must be >= 1, received 0"), e.getMessage());
    }

    @Test
    void acceptsIntegerBitsAboveBits() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_bits(4,6,1)"), 5f, 100f);
        // Step 2^(6−4+1) = 8.
        assertArrayEquals(new float[] {8f, 56f}, out);
    }

    static void assertCodesReproduce(Tensor out, IntegerCodes codes) {
        float[] scale = codes.scale().data();
        int channels = scale.length;
        for (int i = 0; i < out.size(); i++) {
            float s = channels == 1 ? scale[0] : scale[i % channels];
            assertEquals(Float.floatToIntBits(out.data()[i] + 0f), Float.floatToIntBits(codes.codes()[i] * s + 0f),
                    "element " + i);
        }
    }
}
