package io.github.qkeras4j.autograd;

import static io.github.qkeras4j.autograd.ImageReference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.ImageReference.Conv;
import io.github.qkeras4j.autograd.ops.Conv2DOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2DOpTest {
    /** One convolution: input, kernel and window settings. */
    record Case(String name, int batch, int height, int width, int inChannels, int kernelHeight, int kernelWidth,
                int filters, int strideHeight, int strideWidth, int dilationHeight, int dilationWidth,
                Padding padding) {
        Conv2DGeometry geometry() {
            return Conv2DGeometry.convolution(height, width, kernelHeight, kernelWidth, strideHeight, strideWidth,
                    dilationHeight, dilationWidth, padding);
        }

        Conv conv() {
            return new Conv(strideHeight, strideWidth, dilationHeight, dilationWidth, padding);
        }

        Tensor randomInput(SplittableRandom random) {
            return GradientCheck.random(random, 1f, batch, height, width, inChannels);
        }

        Tensor randomKernel(SplittableRandom random) {
            return GradientCheck.random(random, 1f, kernelHeight, kernelWidth, inChannels, filters);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> forwardCases() {
        return Stream.of(
                new Case("3x3 valid, one channel", 1, 5, 7, 1, 3, 3, 1, 1, 1, 1, 1, Padding.VALID),
                new Case("3x3 same, batch 3", 3, 5, 7, 3, 3, 3, 5, 1, 1, 1, 1, Padding.SAME),
                new Case("3x2 same, stride 2", 2, 6, 7, 3, 3, 2, 4, 2, 2, 1, 1, Padding.SAME),
                new Case("3x3 valid, stride 2x1", 2, 7, 9, 5, 3, 3, 3, 2, 1, 1, 1, Padding.VALID),
                new Case("3x3 valid, stride 3 odd input", 1, 8, 11, 3, 3, 3, 2, 3, 3, 1, 1, Padding.VALID),
                new Case("3x3 same, dilation 2", 1, 8, 7, 3, 3, 3, 2, 1, 1, 2, 2, Padding.SAME),
                new Case("2x3 valid, dilation 2x1", 3, 9, 9, 1, 2, 3, 5, 1, 1, 2, 1, Padding.VALID),
                new Case("3x3 same, stride 2 dilation 2", 2, 7, 6, 3, 3, 3, 3, 2, 2, 2, 2, Padding.SAME),
                new Case("1x1 pointwise", 2, 5, 5, 3, 1, 1, 4, 1, 1, 1, 1, Padding.VALID),
                new Case("1x1 same, stride 2", 2, 5, 5, 3, 1, 1, 4, 2, 2, 1, 1, Padding.SAME),
                new Case("kernel equals input, valid", 3, 4, 5, 3, 4, 5, 2, 1, 1, 1, 1, Padding.VALID),
                new Case("kernel equals input, same", 1, 4, 5, 5, 4, 5, 3, 1, 1, 1, 1, Padding.SAME),
                new Case("4x4 same, uneven padding", 1, 6, 5, 2, 4, 4, 2, 1, 1, 1, 1, Padding.SAME),
                new Case("2x2 same, stride 2 even input", 1, 6, 6, 2, 2, 2, 3, 2, 2, 1, 1, Padding.SAME),
                new Case("3x5 same, stride 3x2", 2, 3, 11, 1, 3, 5, 1, 3, 2, 1, 1, Padding.SAME),
                new Case("single pixel input", 3, 1, 1, 5, 1, 1, 3, 1, 1, 1, 1, Padding.VALID),
                new Case("3x3 same on a 1x1 input", 1, 1, 1, 3, 3, 3, 2, 1, 1, 1, 1, Padding.SAME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forwardCases")
    void forwardMatchesNestedLoopReference(Case c) {
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        Tensor x = c.randomInput(random);
        Tensor kernel = c.randomKernel(random);

        Tensor y = Conv2DOp.apply(Tape.inference(), Variable.constant(x), Variable.constant(kernel), c.geometry())
                .value();

        assertClose(ImageReference.conv2d(x, kernel, c.conv()), y, 1e-5);
    }

    @Test
    void forwardValidMatchesHandComputedValues() {
        // kernel[0, 0] = kernel[1, 1] = 1, so y[i, j] = x[i, j] + x[i + 1, j + 1].
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        Tensor kernel = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2, 1, 1);
        Conv2DGeometry geometry = Conv2DGeometry.convolution(3, 3, 2, 2, 1, 1, 1, 1, Padding.VALID);

        Tensor y = Conv2DOp.apply(Tape.inference(), Variable.constant(x), Variable.constant(kernel), geometry)
                .value();

        assertArrayEquals(new int[] {1, 2, 2, 1}, y.shape());
        assertArrayEquals(new float[] {6, 8, 12, 14}, y.data());
    }

    @Test
    void forwardSamePadsOddTotalAfter() {
        // A 2x2 kernel needs one padding row and column; TensorFlow puts it after the input, so the last
        // row and column read zeros at [i + 1, j + 1].
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        Tensor kernel = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2, 1, 1);
        Conv2DGeometry geometry = Conv2DGeometry.convolution(3, 3, 2, 2, 1, 1, 1, 1, Padding.SAME);

        Tensor y = Conv2DOp.apply(Tape.inference(), Variable.constant(x), Variable.constant(kernel), geometry)
                .value();

        assertArrayEquals(new float[] {6, 8, 3, 12, 14, 6, 7, 8, 9}, y.data());
    }

    static Stream<Case> gradientCases() {
        return Stream.of(
                new Case("3x2 same, batch 2", 2, 5, 4, 2, 3, 2, 3, 1, 1, 1, 1, Padding.SAME),
                new Case("3x3 valid, stride 2", 1, 6, 5, 3, 3, 3, 2, 2, 2, 1, 1, Padding.VALID),
                new Case("2x2 same, dilation 2", 2, 5, 5, 1, 2, 2, 2, 1, 1, 2, 2, Padding.SAME),
                new Case("3x3 same, stride 2 dilation 2", 1, 5, 6, 2, 3, 3, 2, 2, 2, 2, 2, Padding.SAME),
                new Case("1x1 pointwise", 2, 3, 4, 3, 1, 1, 2, 1, 1, 1, 1, Padding.VALID),
                new Case("kernel equals input", 1, 3, 4, 2, 3, 4, 3, 1, 1, 1, 1, Padding.VALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gradientCases")
    void gradientMatchesFiniteDifferences(Case c) {
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        Tensor x = c.randomInput(random);
        Tensor kernel = c.randomKernel(random);
        Conv2DGeometry geometry = c.geometry();

        GradientCheck.check(vars -> tape -> Conv2DOp.apply(tape, vars.get(0), vars.get(1), geometry),
                List.of(x, kernel), 1e-2, 1e-3);
    }

    @Test
    void kernelGradientWithConstantInput() {
        Case c = new Case("3x3 same", 2, 5, 6, 3, 3, 3, 4, 1, 1, 1, 1, Padding.SAME);
        SplittableRandom random = new SplittableRandom(11);
        Tensor x = c.randomInput(random);
        Tensor kernel = c.randomKernel(random);
        Variable kernelVariable = new Variable(kernel, true);
        Tape tape = Tape.training();

        Variable y = Conv2DOp.apply(tape, Variable.constant(x), kernelVariable, c.geometry());
        Tensor dy = GradientCheck.random(random, 1f, y.shape());
        ImageReference.backward(tape, y, dy);

        assertClose(ImageReference.conv2dKernelGradient(x, kernel, dy, c.conv()), kernelVariable.grad(), 1e-5);
    }

    @Test
    void multiSlabBatchMatchesReference() {
        // One image's column matrix (64·64 pixels × 3·3·64 values ≈ 2.4M floats) is more than half of a
        // slab, so each of the three images is its own slab and the backward pass recomputes columns.
        Case c = new Case("3 slabs", 3, 64, 64, 64, 3, 3, 2, 1, 1, 1, 1, Padding.SAME);
        SplittableRandom random = new SplittableRandom(5);
        Tensor x = c.randomInput(random);
        Tensor kernel = c.randomKernel(random);
        Variable xVariable = new Variable(x, true);
        Variable kernelVariable = new Variable(kernel, true);
        Tape tape = Tape.training();

        Variable y = Conv2DOp.apply(tape, xVariable, kernelVariable, c.geometry());
        Tensor dy = GradientCheck.random(random, 1f, y.shape());
        ImageReference.backward(tape, y, dy);

        assertClose(ImageReference.conv2d(x, kernel, c.conv()), y.value(), 1e-4);
        assertClose(ImageReference.conv2dInputGradient(x, kernel, dy, c.conv()), xVariable.grad(), 1e-4);
        assertClose(ImageReference.conv2dKernelGradient(x, kernel, dy, c.conv()), kernelVariable.grad(), 1e-3);
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        Case c = new Case("3x3 same, stride 2", 4, 17, 16, 8, 3, 3, 8, 2, 1, 1, 1, Padding.SAME);

        ThreadDeterminism.assertSameBitsOnOneAndTwoThreads(() -> runForwardBackward(c));
    }

    /** Returns y, dx and d kernel of one seeded forward and backward pass. */
    private static List<Tensor> runForwardBackward(Case c) {
        SplittableRandom random = new SplittableRandom(3);
        Variable x = new Variable(c.randomInput(random), true);
        Variable kernel = new Variable(c.randomKernel(random), true);
        Tape tape = Tape.training();

        Variable y = Conv2DOp.apply(tape, x, kernel, c.geometry());
        ImageReference.backward(tape, y, GradientCheck.random(random, 1f, y.shape()));

        return List.of(y.value().copy(), x.grad().copy(), kernel.grad().copy());
    }

    @Test
    void rejectsKernelWithOtherInputChannels() {
        Conv2DGeometry geometry = Conv2DGeometry.convolution(5, 5, 3, 3, 1, 1, 1, 1, Padding.SAME);
        Variable x = Variable.constant(Tensor.zeros(1, 5, 5, 3));
        Variable kernel = Variable.constant(Tensor.zeros(3, 3, 4, 8));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DOp.apply(Tape.inference(), x, kernel, geometry));

        assertTrue(e.getMessage().contains("expects 4 input channels"), e.getMessage());
        assertTrue(e.getMessage().contains("[1, 5, 5, 3] has 3"), e.getMessage());
    }

    @Test
    void rejectsInputOfOtherSize() {
        Conv2DGeometry geometry = Conv2DGeometry.convolution(5, 5, 3, 3, 1, 1, 1, 1, Padding.SAME);
        Variable x = Variable.constant(Tensor.zeros(1, 6, 5, 3));
        Variable kernel = Variable.constant(Tensor.zeros(3, 3, 3, 8));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DOp.apply(Tape.inference(), x, kernel, geometry));

        assertTrue(e.getMessage().contains("[1, 6, 5, 3] does not match the geometry's input 5x5"), e.getMessage());
    }

    @Test
    void rejectsKernelOfOtherSize() {
        Conv2DGeometry geometry = Conv2DGeometry.convolution(5, 5, 3, 3, 1, 1, 1, 1, Padding.SAME);
        Variable x = Variable.constant(Tensor.zeros(1, 5, 5, 3));
        Variable kernel = Variable.constant(Tensor.zeros(2, 3, 3, 8));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DOp.apply(Tape.inference(), x, kernel, geometry));

        assertTrue(e.getMessage().contains("[2, 3, 3, 8] does not match the geometry's kernel size 3x3"),
                e.getMessage());
    }

    @Test
    void rejectsInputOfRankThree() {
        Conv2DGeometry geometry = Conv2DGeometry.convolution(5, 5, 3, 3, 1, 1, 1, 1, Padding.SAME);
        Variable x = Variable.constant(Tensor.zeros(5, 5, 3));
        Variable kernel = Variable.constant(Tensor.zeros(3, 3, 3, 8));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DOp.apply(Tape.inference(), x, kernel, geometry));

        assertTrue(e.getMessage().contains("received shape [5, 5, 3]"), e.getMessage());
    }
}
