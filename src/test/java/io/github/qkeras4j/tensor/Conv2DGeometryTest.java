package io.github.qkeras4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Conv2DGeometryTest {
    @Test
    void sameOddTotalPadsMoreAfter() {
        // 4x4 kernel, stride 1: output 6, total padding 3, split 1 before and 2 after.
        Conv2DGeometry g = Conv2DGeometry.convolution(6, 6, 4, 4, 1, 1, 1, 1, Padding.SAME);

        assertEquals(6, g.outputHeight());
        assertEquals(1, g.padTop());
        assertEquals(2, g.padBottom());
    }

    @Test
    void sameStrideTwoOnOddInput() {
        // Input 7, kernel 3, stride 2: output ceil(7 / 2) = 4, total (4 − 1) · 2 + 3 − 7 = 2.
        Conv2DGeometry g = Conv2DGeometry.convolution(7, 6, 3, 3, 2, 2, 1, 1, Padding.SAME);

        assertEquals(4, g.outputHeight());
        assertEquals(1, g.padTop());
        assertEquals(1, g.padBottom());
    }

    @Test
    void sameStrideTwoOnEvenInput() {
        // Input 6, kernel 3, stride 2: output 3, total 2 · 2 + 3 − 6 = 1, all of it after.
        Conv2DGeometry g = Conv2DGeometry.convolution(7, 6, 3, 3, 2, 2, 1, 1, Padding.SAME);

        assertEquals(3, g.outputWidth());
        assertEquals(0, g.padLeft());
        assertEquals(1, g.padRight());
    }

    @Test
    void sameNeverPadsNegative() {
        // Kernel 1 at stride 3 skips input positions, which needs no padding.
        Conv2DGeometry g = Conv2DGeometry.convolution(8, 8, 1, 1, 3, 3, 1, 1, Padding.SAME);

        assertEquals(3, g.outputHeight());
        assertEquals(0, g.padTop());
        assertEquals(0, g.padBottom());
    }

    @Test
    void sameDilatedKernelPadsItsEffectiveSize() {
        // Kernel 3 at dilation 2 spans 5 positions: output 5, total padding 4.
        Conv2DGeometry g = Conv2DGeometry.convolution(5, 5, 3, 3, 1, 1, 2, 2, Padding.SAME);

        assertEquals(5, g.outputHeight());
        assertEquals(2, g.padTop());
        assertEquals(2, g.padBottom());
    }

    @Test
    void validOutputSizes() {
        Conv2DGeometry g = Conv2DGeometry.convolution(7, 8, 3, 3, 2, 3, 1, 1, Padding.VALID);

        assertEquals(3, g.outputHeight());
        assertEquals(2, g.outputWidth());
        assertEquals(0, g.padTop() + g.padBottom() + g.padLeft() + g.padRight());
    }

    @Test
    void validDilatedOutputSize() {
        // Kernel 3 at dilation 3 spans 7 positions of 9: ceil((9 − 6) / 1) = 3.
        Conv2DGeometry g = Conv2DGeometry.convolution(9, 9, 3, 3, 1, 1, 3, 3, Padding.VALID);

        assertEquals(3, g.outputHeight());
    }

    @Test
    void poolingKeepsStridesAndHasNoDilation() {
        Conv2DGeometry g = Conv2DGeometry.pooling(5, 7, 2, 2, 2, 2, Padding.SAME);

        assertEquals(3, g.outputHeight());
        assertEquals(4, g.outputWidth());
        assertEquals(1, g.dilationHeight());
        assertEquals(1, g.dilationWidth());
    }

    @Test
    void isPointwiseForOneByOneStrideOne() {
        assertTrue(Conv2DGeometry.convolution(4, 4, 1, 1, 1, 1, 1, 1, Padding.SAME).isPointwise());
        assertFalse(Conv2DGeometry.convolution(4, 4, 1, 1, 2, 1, 1, 1, Padding.SAME).isPointwise());
        assertFalse(Conv2DGeometry.convolution(4, 4, 1, 2, 1, 1, 1, 1, Padding.SAME).isPointwise());
    }

    @Test
    void rejectsValidKernelLargerThanInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DGeometry.convolution(4, 6, 5, 3, 1, 1, 1, 1, Padding.VALID));

        assertTrue(e.getMessage().contains("kernel height 5 is larger than the input height 4"), e.getMessage());
        assertTrue(e.getMessage().contains("padding='same'"), e.getMessage());
    }

    @Test
    void rejectsValidDilatedKernelLargerThanInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DGeometry.convolution(6, 5, 3, 3, 1, 1, 1, 3, Padding.VALID));

        assertTrue(e.getMessage().contains("kernel width 3 (7 with dilation rate 3) is larger than the input width 5"),
                e.getMessage());
    }

    @Test
    void rejectsValidPoolLargerThanInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DGeometry.pooling(4, 2, 3, 3, 3, 3, Padding.VALID));

        assertTrue(e.getMessage().contains("pool2d: pool width 3 is larger than the input width 2"), e.getMessage());
    }

    @Test
    void rejectsZeroStride() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DGeometry.convolution(4, 4, 3, 3, 1, 0, 1, 1, Padding.SAME));

        assertEquals("conv2d: stride width must be >= 1, received 0", e.getMessage());
    }

    @Test
    void rejectsZeroDilation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DGeometry.convolution(4, 4, 3, 3, 1, 1, 0, 1, Padding.SAME));

        assertEquals("conv2d: dilation rate height must be >= 1, received 0", e.getMessage());
    }

    @Test
    void rejectsEmptyInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DGeometry.pooling(0, 4, 2, 2, 2, 2, Padding.SAME));

        assertEquals("pool2d: input height must be >= 1, received 0", e.getMessage());
    }

    @Test
    void rejectsMissingPadding() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DGeometry.convolution(4, 4, 3, 3, 1, 1, 1, 1, null));

        assertTrue(e.getMessage().contains("padding is missing"), e.getMessage());
    }
}
