package io.github.qkeras4j.autograd;

import static io.github.qkeras4j.autograd.ImageReference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qkeras4j.autograd.ImageReference.Conv;
import io.github.qkeras4j.autograd.ops.DepthwiseConv2DOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The depthwise convolution against a second code path: a full convolution whose kernel is
 * block-diagonal ({@code kernel2[kh, kw, c, c·multiplier + m] = kernel[kh, kw, c, m]}, zero elsewhere),
 * computed in double by the test reference.
 */
class DepthwiseConv2DOpTest {
    record Case(String name, int batch, int height, int width, int channels, int kernelHeight, int kernelWidth,
                int multiplier, int stride, int dilation, Padding padding) {
        Conv2DGeometry geometry() {
            return Conv2DGeometry.convolution(height, width, kernelHeight, kernelWidth, stride, stride, dilation,
                    dilation, padding);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("valid 3x3, multiplier 1", 2, 5, 6, 3, 3, 3, 1, 1, 1, Padding.VALID),
                new Case("same 3x3 stride 2, multiplier 2", 2, 7, 7, 3, 3, 3, 2, 2, 1, Padding.SAME),
                new Case("same 2x3 dilation 2, multiplier 3", 1, 6, 5, 2, 2, 3, 3, 1, 2, Padding.SAME),
                new Case("valid 1x1, multiplier 2", 3, 2, 3, 4, 1, 1, 2, 1, 1, Padding.VALID),
                new Case("same 4x4 even kernel stride 3", 1, 5, 5, 1, 4, 4, 1, 3, 1, Padding.SAME));
    }

    private static Tensor blockDiagonal(Tensor kernel) {
        int kh = kernel.dim(0);
        int kw = kernel.dim(1);
        int channels = kernel.dim(2);
        int multiplier = kernel.dim(3);
        Tensor full = Tensor.zeros(kh, kw, channels, channels * multiplier);
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                for (int c = 0; c < channels; c++) {
                    for (int m = 0; m < multiplier; m++) {
                        full.set(kernel.get(i, j, c, m), i, j, c, c * multiplier + m);
                    }
                }
            }
        }
        return full;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardMatchesBlockDiagonalConvolution(Case c) {
        SplittableRandom random = new SplittableRandom(31);
        Tensor x = GradientCheck.random(random, 1f, c.batch(), c.height(), c.width(), c.channels());
        Tensor kernel = GradientCheck.random(random, 1f, c.kernelHeight(), c.kernelWidth(), c.channels(),
                c.multiplier());

        Tensor y = DepthwiseConv2DOp.apply(Tape.inference(), Variable.constant(x), Variable.constant(kernel),
                c.geometry()).value();

        Tensor expected = ImageReference.conv2d(x, blockDiagonal(kernel),
                new Conv(c.stride(), c.stride(), c.dilation(), c.dilation(), c.padding()));
        assertClose(expected, y, 1e-5);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(Case c) {
        SplittableRandom random = new SplittableRandom(32);
        Tensor x = GradientCheck.random(random, 1f, c.batch(), c.height(), c.width(), c.channels());
        Tensor kernel = GradientCheck.random(random, 1f, c.kernelHeight(), c.kernelWidth(), c.channels(),
                c.multiplier());

        GradientCheck.check(vars -> tape -> DepthwiseConv2DOp.apply(tape, vars.get(0), vars.get(1), c.geometry()),
                List.of(x, kernel), 1e-2, 2e-3);
    }

    @Test
    void resultsAreSameOnOneAndTwoThreads() {
        // 16x16 outputs of a 3x3x4x2 kernel put one image in each chunk, so eight chunks share the work.
        SplittableRandom random = new SplittableRandom(33);
        Tensor x = GradientCheck.random(random, 1f, 8, 16, 16, 4);
        Tensor kernel = GradientCheck.random(random, 1f, 3, 3, 4, 2);
        Tensor dy = GradientCheck.random(random, 1f, 8, 16, 16, 8);
        Conv2DGeometry geometry = Conv2DGeometry.convolution(16, 16, 3, 3, 1, 1, 1, 1, Padding.SAME);

        ThreadDeterminism.assertSameBitsOnOneAndTwoThreads(() -> {
            Tape tape = Tape.training();
            Variable input = new Variable(x, true);
            Variable weights = new Variable(kernel, true);
            Variable y = DepthwiseConv2DOp.apply(tape, input, weights, geometry);
            ImageReference.backward(tape, y, dy);
            return List.of(y.value().copy(), input.grad().copy(), weights.grad().copy());
        });
    }

    @Test
    void outputChannelIsChannelTimesMultiplierPlusIndex() {
        // One pixel, channels [2, 3], multiplier 2: outputs [2·k00, 2·k01, 3·k10, 3·k11].
        Tensor x = Tensor.of(new float[] {2f, 3f}, 1, 1, 1, 2);
        Tensor kernel = Tensor.of(new float[] {1f, 10f, 100f, 1000f}, 1, 1, 2, 2);
        Conv2DGeometry geometry = Conv2DGeometry.convolution(1, 1, 1, 1, 1, 1, 1, 1, Padding.VALID);

        float[] y = DepthwiseConv2DOp.apply(Tape.inference(), Variable.constant(x), Variable.constant(kernel), geometry)
                .value().data();

        assertArrayEquals(new float[] {2f, 20f, 300f, 3000f}, y);
    }

    @Test
    void channelMismatchIsRejected() {
        Conv2DGeometry geometry = Conv2DGeometry.convolution(3, 3, 2, 2, 1, 1, 1, 1, Padding.VALID);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2DOp.apply(
                Tape.inference(), Variable.constant(Tensor.zeros(1, 3, 3, 2)), Variable.constant(Tensor.zeros(2, 2, 3, 1)),
                geometry));

        assertEquals("depthwise_conv2d: kernel shape [2, 2, 3, 1] expects 3 input channels but the input shape"
                + " [1, 3, 3, 2] has 2", e.getMessage());
    }
}
