package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** quantized_po2 and quantized_relu_po2. */
class PowerOfTwoQuantizersTest {
    /** 4 bits, max_value None: exponents [−4, 3]. */
    private static final Quantizer PO2 = QuantizerSpec.parse("quantized_po2(4)");
    /** 4 bits without value sign: exponents [−8, 7]. */
    private static final Quantizer RELU_PO2 = QuantizerSpec.parse("quantized_relu_po2(4)");

    @Test
    void po2QuadraticTiesRoundToEvenExponent() {
        Quantizer q = QuantizerSpec.parse("quantized_po2(4,quadratic_approximation=True)");
        // log2(sqrt(0.5)) = −0.5 → 0, log2(sqrt(2)) = 0.5 → 0, log2(sqrt(8)) = 1.5 → 2, doubled.
        assertArrayEquals(new float[] {1f, 1f, 16f}, Quantizers.apply(q, 0.5f, 2f, 8f));
    }

    @Test
    void po2RoundsLog2() {
        assertArrayEquals(new float[] {2f, 4f, -0.25f}, Quantizers.apply(PO2, 2.8f, 2.9f, -0.3f));
    }

    @Test
    void po2ZeroAndNegativeZeroGiveSmallestPositive() {
        assertArrayEquals(new float[] {0.0625f, 0.0625f}, Quantizers.apply(PO2, 0f, -0f));
    }

    @Test
    void po2LargeInputsClipOrAreAbsorbed() {
        // 1e8 − (8 − 1e8) is exact; 1e30 absorbs 8.
        assertArrayEquals(new float[] {8f, -8f, 0f}, Quantizers.apply(PO2, 1e8f, -1e8f, 1e30f));
    }

    @Test
    void po2TinyInputIsAbsorbed() {
        // 2^−64 is far below 1e-9, so 1e-9 + (2^−64 − 1e-9) = 0.
        assertArrayEquals(new float[] {0f}, Quantizers.apply(QuantizerSpec.parse("quantized_po2(8)"), 1e-9f));
    }

    @Test
    void po2GradientIsOne() {
        assertArrayEquals(new float[] {1f, 1f, 1f}, Quantizers.gradient(PO2, -100f, 0f, 0.3f));
    }

    @Test
    void po2GradientWithoutSte() {
        Quantizer q = QuantizerSpec.parse("quantized_po2(4,qnoise_factor=0.25,use_ste=False)");
        assertArrayEquals(new float[] {0.75f, 0.75f}, Quantizers.gradient(q, -100f, 0.3f));
    }

    @Test
    void reluPo2QuadraticTieRoundsToEvenExponent() {
        Quantizer q = QuantizerSpec.parse("quantized_relu_po2(4,quadratic_approximation=True)");
        assertArrayEquals(new float[] {1f}, Quantizers.apply(q, 0.5f));
    }

    @Test
    void reluPo2ZeroAndNegativesGiveSmallestPositive() {
        assertArrayEquals(new float[] {0.00390625f, 0.00390625f, 0.00390625f}, Quantizers.apply(RELU_PO2, 0f, -0f, -3f));
    }

    @Test
    void reluPo2LargeAndTinyInputs() {
        assertArrayEquals(new float[] {128f, 0.00390625f}, Quantizers.apply(RELU_PO2, 1e8f, Float.MIN_VALUE));
    }

    @Test
    void reluPo2NegativeSlope() {
        Quantizer q = QuantizerSpec.parse("quantized_relu_po2(4,negative_slope=0.25)");
        assertArrayEquals(new float[] {-0.25f, 1f}, Quantizers.apply(q, -1f, 1f));
    }

    @Test
    void reluPo2GradientFollowsCappedRelu() {
        Quantizer q = QuantizerSpec.parse("quantized_relu_po2(4,2.0)");
        assertArrayEquals(new float[] {0f, 0f, 1f, 1f, 0f}, Quantizers.gradient(q, -1f, 0f, 1f, 2f, 3f));
    }

    @Test
    void reluPo2GradientOfSlopeBelowZero() {
        Quantizer q = QuantizerSpec.parse("quantized_relu_po2(4,negative_slope=0.25)");
        assertArrayEquals(new float[] {0.25f, 0.25f, 1f}, Quantizers.gradient(q, -1f, 0f, 1f));
    }

    @Test
    void rejectsBitsWithoutExponentBits() {
        QuantizerSpecTest.assertMessage("quantized_po2(1)", "bits leave -1 exponent bits");
    }

    @Test
    void rejectsUnknownLog2Rounding() {
        QuantizerSpecTest.assertMessage("quantized_po2(4,log2_rounding='ceil')",
                "log2_rounding must be one of 'rnd', 'floor', received 'ceil'");
    }

    @Test
    void maxReportsExponentBound() {
        assertEquals(8.0, PO2.max());
        assertEquals(0.00390625, RELU_PO2.min());
    }
}
