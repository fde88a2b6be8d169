package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PlainFunctionTest {
    @Test
    void bareNamesResolveToFunctions() {
        assertSame(PlainFunction.HARD_SIGMOID, QuantizerSpec.parse("hard_sigmoid"));
        assertSame(PlainFunction.RELU, QuantizerSpec.parse("relu"));
        assertEquals("binary_tanh", QuantizerSpec.parse("binary_tanh").spec());
    }

    @Test
    void calledFunctionIsRejected() {
        QuantizerSpecTest.assertMessage("hard_sigmoid()", "hard_sigmoid is a function; write it without parentheses");
    }

    @Test
    void binarySigmoidTieAtZeroRoundsDown() {
        // A tiny positive x still gives hard_sigmoid = 0.5 in float32, which rounds to 0.
        assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 0f}, Quantizers.apply(PlainFunction.BINARY_SIGMOID, 0f, -0f,
                Float.MIN_VALUE, 0.01f, -1e30f));
    }

    @Test
    void binaryTanhMapsZeroToMinusOne() {
        assertArrayEquals(new float[] {-1f, -1f, 1f, 1f, -1f}, Quantizers.apply(PlainFunction.BINARY_TANH, 0f, -0f,
                0.01f, 1e30f, -1e30f));
    }

    @Test
    void hardSigmoidZeroLargeAndTiny() {
        assertArrayEquals(new float[] {0.5f, 0.5f, 1f, 0f, 0.5f},
                Quantizers.apply(PlainFunction.HARD_SIGMOID, 0f, -0f, 1e30f, -1e30f, Float.MIN_VALUE));
    }

    @Test
    void smoothAndHardTanhValues() {
        assertArrayEquals(new float[] {-1f, 0.375f, 1f}, Quantizers.apply(PlainFunction.SMOOTH_TANH, -1e30f, 1f, 3f));
        assertArrayEquals(new float[] {-1f, 0.5f, 1f}, Quantizers.apply(PlainFunction.HARD_TANH, -1e30f, 0.5f, 1e30f));
    }

    @Test
    void gradientsFollowClippedSlopes() {
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0f},
                Quantizers.gradient(PlainFunction.HARD_SIGMOID, -1f, 0f, 1f, 1.5f));
        assertArrayEquals(new float[] {0.1875f, 0f}, Quantizers.gradient(PlainFunction.SMOOTH_SIGMOID, 2.5f, 3f));
        assertArrayEquals(new float[] {1f, 0f}, Quantizers.gradient(PlainFunction.HARD_TANH, 1f, 1.5f));
        assertArrayEquals(new float[] {0.375f, 0f}, Quantizers.gradient(PlainFunction.SMOOTH_TANH, -2.5f, 3f));
        assertArrayEquals(new float[] {0.5f, 0f}, Quantizers.gradient(PlainFunction.BINARY_SIGMOID, 0f, 2f));
        assertArrayEquals(new float[] {1f, 0f}, Quantizers.gradient(PlainFunction.BINARY_TANH, 0f, 2f));
        assertArrayEquals(new float[] {0f, 0f, 1f}, Quantizers.gradient(PlainFunction.RELU, -1f, 0f, 2f));
    }
}
