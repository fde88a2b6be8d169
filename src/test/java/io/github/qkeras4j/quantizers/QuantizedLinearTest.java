package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qkeras4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class QuantizedLinearTest {
    /** bits 4, symmetric: step 1/8, codes [−7, 7]. */
    private static final Quantizer Q = QuantizerSpec.parse("quantized_linear(4,0)");

    @Test
    void tiesRoundHalfToEven() {
        assertArrayEquals(new float[] {0f, 0.25f, 0f, -0.25f}, Quantizers.apply(Q, 0.0625f, 0.1875f, -0.0625f, -0.1875f));
    }

    @Test
    void zeroAndNegativeZeroGivePositiveZero() {
        float[] out = Quantizers.apply(Q, 0f, -0f);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[0]));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[1]));
    }

    @Test
    void largeInputsClipOrAreAbsorbed() {
        // 3 clips to 0.875; for 1e8 the sum 1e8 + (0.875 − 1e8) loses the 0.875.
        assertArrayEquals(new float[] {0.875f, -0.875f, 0f}, Quantizers.apply(Q, 3f, -3f, 1e8f));
    }

    @Test
    void tinyInputsRoundToZero() {
        assertArrayEquals(new float[] {0f, 0f}, Quantizers.apply(Q, Float.MIN_VALUE, -1e-30f));
    }

    @Test
    void fixedAlphaStretchesGrid() {
        // Unlike quantized_bits, alpha=2 doubles the step before rounding: 0.5 stays 0.5.
        assertArrayEquals(new float[] {0.5f}, Quantizers.apply(QuantizerSpec.parse("quantized_linear(4,0,1,alpha=2)"), 0.5f));
    }

    @Test
    void signModeMapsZeroToPositiveHalf() {
        Quantizer q = QuantizerSpec.parse("quantized_linear(1)");
        assertArrayEquals(new float[] {0.5f, 0.5f, -0.5f}, Quantizers.apply(q, 0f, -0f, -3f));
    }

    @Test
    void gradientMasksOutsideClipRange() {
        float[] grad = Quantizers.gradient(Q, -1f, -0.875f, 0f, 0.875f, 0.9f);
        assertArrayEquals(new float[] {0f, 1f, 1f, 1f, 0f}, grad);
    }

    @Test
    void gradientWithQnoiseKeepsFloatPart() {
        float[] grad = Quantizers.gradient(QuantizerSpec.parse("quantized_linear(4,0,qnoise_factor=0.25)"), 0.5f, 2f);
        assertArrayEquals(new float[] {1f, 0.75f}, grad);
    }

    @Test
    void autoScaleIsPerElementForVectors() {
        Quantizer q = QuantizerSpec.parse("quantized_linear(2,alpha='auto')");
        Quantizers.apply(q, 1f, 2f, 3f);
        assertArrayEquals(new float[] {2f, 4f, 6f}, q.scale().data());
    }

    @Test
    void autoPo2ScalePerChannel() {
        Quantizer q = QuantizerSpec.parse("quantized_linear(2,alpha='auto_po2')");
        Quantizers.apply(q, Tensor.of(new float[] {0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f}, 2, 2, 2));
        assertArrayEquals(new int[] {1, 1, 2}, q.scale().shape());
        assertArrayEquals(new float[] {16f, 16f}, q.scale().data());
    }

    @Test
    void forKernelMakesAutoPo2Symmetric() {
        assertEquals("quantized_linear(4,0,1,alpha='auto_po2')",
                QuantizerSpec.parse("quantized_linear(4,0,0)").forKernel().spec());
    }
}
