package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuantizedHswishTest {
    /** h = x·min(relu(x + 1), 2)/2 on a grid of step 1/8 up to 3.875. */
    private static final Quantizer Q = QuantizerSpec.parse("quantized_hswish(6,2,0,relu_shift=1,relu_upper_bound=2)");

    @Test
    void tiesRoundHalfToEven() {
        // For x ≥ 1 the swish is x itself: 1.0625 is 8.5 steps → 8, 1.1875 is 9.5 steps → 10.
        assertArrayEquals(new float[] {1f, 1.25f}, Quantizers.apply(Q, 1.0625f, 1.1875f));
    }

    @Test
    void zeroAndNegativeZero() {
        float[] out = Quantizers.apply(Q, 0f, -0f);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[0]));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[1]));
    }

    @Test
    void largeAndTinyInputs() {
        // 1e30 clips to 3.875, which the straight-through sum 1e30 + (3.875 − 1e30) loses.
        assertArrayEquals(new float[] {3f, 0f, 0f, 0f}, Quantizers.apply(Q, 3f, 1e30f, -1e30f, Float.MIN_VALUE));
    }

    @Test
    void gradientIsHardSwishDerivative() {
        assertArrayEquals(new float[] {1f, 0f, 1f, 0f}, Quantizers.gradient(Q, 0.5f, -2f, 3f, -0.5f));
    }

    @Test
    void configRoundTripKeepsReluParameters() {
        assertEquals(Q, QuantizerSpec.fromConfig("quantized_hswish", Q.config()));
        assertEquals(1L, Q.config().get("relu_shift"));
    }

    @Test
    void forKernelUsesAutoPo2() {
        assertEquals("quantized_hswish(6,2,1,alpha='auto_po2',relu_shift=1,relu_upper_bound=2)", Q.forKernel().spec());
    }
}
