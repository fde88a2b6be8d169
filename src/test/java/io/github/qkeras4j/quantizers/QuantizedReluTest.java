package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class QuantizedReluTest {
    @Test
    void tiesRoundHalfToEven() {
        // quantized_relu(6,2): step 1/16; 2.53125 is 40.5 steps → 40 steps = 2.5.
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_relu(6,2)"), 2.53125f, 2.59375f);
        assertArrayEquals(new float[] {2.5f, 2.625f}, out);
    }

    @Test
    void zeroNegativeZeroAndNegativesGiveZero() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_relu(4)"), 0f, -0f, -3f);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[0]));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[1]));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[2]));
    }

    @Test
    void largeInputsClipToTopOfGrid() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_relu(4,1)"), 1e30f, Float.MAX_VALUE);
        assertArrayEquals(new float[] {1.875f, 1.875f}, out);
    }

    @Test
    void tinyInputsRoundToZero() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_relu(8)"), Float.MIN_VALUE, 1e-30f);
        assertArrayEquals(new float[] {0f, 0f}, out);
    }

    @Test
    void negativeSlopeQuantizesNegatives() {
        float[] out = Quantizers.apply(QuantizerSpec.parse("quantized_relu(6,2,0,0.25)"), -3f, -7f, 2.5625f);
        assertArrayEquals(new float[] {-0.75f, -1f, 2.5f}, out);
    }

    @Test
    void upperBoundWithoutQuantizedClip() {
        Quantizer q = QuantizerSpec.parse("quantized_relu(4,1,relu_upper_bound=1.5,is_quantized_clip=False)");
        assertArrayEquals(new float[] {0.625f, 1.5f}, Quantizers.apply(q, 0.6f, 3f));
    }

    @Test
    void gradientFollowsClippedRelu() {
        float[] grad = Quantizers.gradient(QuantizerSpec.parse("quantized_relu(4,1)"), -1f, 0f, 0.5f, 1.875f, 1.9f);
        assertArrayEquals(new float[] {0f, 0f, 1f, 1f, 0f}, grad);
    }

    @Test
    void gradientOfLeakyReluIsSlopeBelowZero() {
        float[] grad = Quantizers.gradient(QuantizerSpec.parse("quantized_relu(4,1,negative_slope=0.25)"), -1f, 0f, 0.5f);
        assertArrayEquals(new float[] {0.25f, 0.25f, 1f}, grad);
    }

    @Test
    void gradientUpToUpperBound() {
        Quantizer q = QuantizerSpec.parse("quantized_relu(4,1,relu_upper_bound=1.5,is_quantized_clip=False)");
        assertArrayEquals(new float[] {1f, 1f, 0f}, Quantizers.gradient(q, 0.5f, 1.5f, 1.6f));
    }

    @Test
    void sigmoidModeUsesInternalSigmoid() {
        Quantizer q = QuantizerSpec.parse("quantized_relu(4,0,1)");
        // hard sigmoid: p = (0.5·0.5 + 0.5)·16 = 12; 2·12/16 − 1 = 0.5.
        assertArrayEquals(new float[] {0.5f}, Quantizers.apply(q, 0.5f));
    }

    @Test
    void integerCodesOnGrid() {
        Quantizer q = QuantizerSpec.parse("quantized_relu(4,1)");
        Tensor out = Quantizers.apply(q, Tensor.of(new float[] {0.6f, 3f, -1f}, 3));
        IntegerCodes codes = q.integerCodes(out);
        assertArrayEquals(new int[] {5, 15, 0}, codes.codes());
        assertEquals(0, codes.minCode());
        assertEquals(15, codes.maxCode());
        QuantizedBitsTest.assertCodesReproduce(out, codes);
    }

    @Test
    void rejectsSlopeThatIsNotPowerOfTwo() {
        QuantizerSpecException e = assertThrows(QuantizerSpecException.class,
                () -> QuantizerSpec.parse("quantized_relu(4,0,0,0.3)"));
        assertTrue(e.getMessage().contains("negative_slope must be 0 or a positive power of two, received 0.3"),
                e.getMessage());
    }

    @Test
    void rangeIsUnsignedGrid() {
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 3.5f},
                QuantizerSpec.parse("quantized_relu(3,2)").range());
    }
}
