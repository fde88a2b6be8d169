package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** quantized_tanh, quantized_sigmoid and quantized_ulaw, which have no straight-through wrapper. */
class SigmoidQuantizersTest {
    /** m = 8, values in [−1, 0.875]. */
    private static final Quantizer TANH = QuantizerSpec.parse("quantized_tanh(4)");
    /** m = 16, values in [0, 0.9375]. */
    private static final Quantizer SIGMOID = QuantizerSpec.parse("quantized_sigmoid(4)");
    /** m = 8, u = 255. */
    private static final Quantizer ULAW = QuantizerSpec.parse("quantized_ulaw(4)");

    @Test
    void tanhTiesRoundHalfToEven() {
        float[] out = Quantizers.apply(TANH, 0.0625f, 0.1875f, -0.0625f);
        assertArrayEquals(new float[] {0f, 0.25f, -0f}, out);
        // No straight-through sum: rne(−0.5) = −0 stays −0.
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(out[2]));
    }

    @Test
    void tanhZeroAndNegativeZero() {
        float[] out = Quantizers.apply(TANH, 0f, -0f);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[0]));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[1]));
    }

    @Test
    void tanhLargeAndTinyInputs() {
        assertArrayEquals(new float[] {0.875f, -1f, 0f}, Quantizers.apply(TANH, 1e30f, -1e30f, Float.MIN_VALUE));
    }

    @Test
    void tanhUsesInternalSigmoid() {
        QuantizerContext smooth = new QuantizerContext(false, new SplittableRandom(0), InternalSigmoid.SMOOTH);
        // 2·(0.1875·1 + 0.5) − 1 = 0.375 → 3 steps of 1/8.
        assertArrayEquals(new float[] {0.375f}, Quantizers.apply(TANH, smooth, 1f));
    }

    @Test
    void tanhGradientMasksClippedValues() {
        float[] grad = Quantizers.gradient(TANH, -1f, 0.5f, 0.9f, 0.95f, 1f, 2f);
        assertArrayEquals(new float[] {1f, 1f, 1f, 0f, 0f, 0f}, grad);
    }

    @Test
    void realTanhGradient() {
        float[] grad = Quantizers.gradient(QuantizerSpec.parse("quantized_tanh(8,use_real_tanh=True)"), 0f, 0.5f);
        assertEquals(1f, grad[0]);
        float t = (float) Math.tanh(0.5);
        assertEquals(1f - t * t, grad[1]);
    }

    @Test
    void sigmoidTiesRoundHalfToEven() {
        // hard_sigmoid(−0.9375)·16 = 0.5 → 0; hard_sigmoid(−0.8125)·16 = 1.5 → 2.
        assertArrayEquals(new float[] {0f, 0.125f}, Quantizers.apply(SIGMOID, -0.9375f, -0.8125f));
    }

    @Test
    void sigmoidZeroLargeAndTiny() {
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.9375f, 0f, 0.5f},
                Quantizers.apply(SIGMOID, 0f, -0f, 1e30f, -1e30f, Float.MIN_VALUE));
    }

    @Test
    void sigmoidGradientMasksClippedValues() {
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f, 0f}, Quantizers.gradient(SIGMOID, 0f, -1f, 1f, 3f));
    }

    @Test
    void ulawTiesRoundHalfToEven() {
        // p = 0.5 rounds to 0 (r = −1); p = 1.5 and p = 2.5 both round to 2 (r = −0.5).
        float[] out = Quantizers.apply(ULAW, -0.875f, -0.625f, -0.375f);
        assertEquals(-1f, out[0]);
        assertEquals(out[1], out[2]);
        float expected = -(float) StrictMath.log(1f + 255f * 0.5f) / (float) StrictMath.log(256f);
        assertEquals(expected, out[1]);
    }

    @Test
    void ulawZeroLargeAndTiny() {
        assertArrayEquals(new float[] {0f, 0f, 0.875f, -1f, 0f},
                Quantizers.apply(ULAW, 0f, -0f, 1e30f, -1e30f, Float.MIN_VALUE));
    }

    @Test
    void ulawGradientDifferentiatesCompanding() {
        float[] grad = Quantizers.gradient(ULAW, 0f, 0.25f, 0.5f);
        assertEquals(0f, grad[0], "r = 0");
        // r = 0.25: u/((1 + u·r)·ln(1 + u)) · 2 · hard_sigmoid'(0.25).
        assertEquals(255.0 / (64.75 * Math.log(256)), grad[1], 1e-6);
        assertEquals(0f, grad[2], "r = 0.5 gives 0.8757, clipped to 0.875");
    }
}
