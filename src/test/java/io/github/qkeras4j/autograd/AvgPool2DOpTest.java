package io.github.qkeras4j.autograd;

import static io.github.qkeras4j.autograd.ImageReference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.ops.AvgPool2DOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvgPool2DOpTest {
    static Stream<PoolCase> cases() {
        return Stream.of(
                new PoolCase("2x2 valid, stride 2", 2, 6, 6, 3, 2, 2, 2, 2, Padding.VALID),
                new PoolCase("2x2 valid, odd input", 1, 5, 7, 1, 2, 2, 2, 2, Padding.VALID),
                new PoolCase("2x2 same, odd input", 3, 5, 7, 2, 2, 2, 2, 2, Padding.SAME),
                new PoolCase("3x3 same, stride 1", 1, 4, 5, 5, 3, 3, 1, 1, Padding.SAME),
                new PoolCase("3x3 valid, stride 2 overlapping", 2, 7, 7, 3, 3, 3, 2, 2, Padding.VALID),
                new PoolCase("3x2 same, stride 3x1", 1, 7, 5, 3, 3, 2, 3, 1, Padding.SAME),
                new PoolCase("pool equals input", 3, 3, 4, 1, 3, 4, 3, 4, Padding.VALID),
                new PoolCase("4x4 same, uneven padding", 1, 5, 6, 2, 4, 4, 1, 1, Padding.SAME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesNestedLoopReference(PoolCase c) {
        Tensor x = c.randomInput(new SplittableRandom(c.name().hashCode()));

        Tensor y = AvgPool2DOp.apply(Tape.inference(), Variable.constant(x), c.geometry()).value();

        Tensor expected = ImageReference.avgPool2d(x, c.poolHeight(), c.poolWidth(), c.strideHeight(),
                c.strideWidth(), c.padding());
        assertClose(expected, y, 1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(PoolCase c) {
        Tensor x = c.randomInput(new SplittableRandom(c.name().hashCode()));
        Conv2DGeometry geometry = c.geometry();

        GradientCheck.check(vars -> tape -> AvgPool2DOp.apply(tape, vars.get(0), geometry), List.of(x), 1e-2, 1e-3);
    }

    @Test
    void sameBorderWindowsAverageInsidePositionsOnly() {
        // Windows: {1, 2, 4, 5} / 4, {3, 6} / 2, {7, 8} / 2 and {9} / 1.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        Conv2DGeometry geometry = Conv2DGeometry.pooling(3, 3, 2, 2, 2, 2, Padding.SAME);

        Tensor y = AvgPool2DOp.apply(Tape.inference(), Variable.constant(x), geometry).value();

        assertArrayEquals(new int[] {1, 2, 2, 1}, y.shape());
        assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, y.data());
    }

    @Test
    void sameBorderGradientDividesByInsideCount() {
        // Pool 1x2 at stride 2 over a row of three: windows {0, 1} (count 2) and {2} (count 1).
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 1, 3, 1);
        Variable xVariable = new Variable(x, true);
        Tape tape = Tape.training();

        Variable y = AvgPool2DOp.apply(tape, xVariable, Conv2DGeometry.pooling(1, 3, 1, 2, 1, 2, Padding.SAME));
        ImageReference.backward(tape, y, Tensor.of(new float[] {1f, 4f}, 1, 1, 2, 1));

        assertArrayEquals(new float[] {0.5f, 0.5f, 4f}, xVariable.grad().data());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        PoolCase c = new PoolCase("3x3 same, stride 2", 8, 32, 31, 16, 3, 3, 2, 2, Padding.SAME);

        ThreadDeterminism.assertSameBitsOnOneAndTwoThreads(() -> runForwardBackward(c));
    }

    /** Returns y and dx of one seeded forward and backward pass. */
    private static List<Tensor> runForwardBackward(PoolCase c) {
        SplittableRandom random = new SplittableRandom(3);
        Variable x = new Variable(c.randomInput(random), true);
        Tape tape = Tape.training();

        Variable y = AvgPool2DOp.apply(tape, x, c.geometry());
        ImageReference.backward(tape, y, GradientCheck.random(random, 1f, y.shape()));

        return List.of(y.value().copy(), x.grad().copy());
    }

    @Test
    void rejectsInputOfRankTwo() {
        Variable x = Variable.constant(Tensor.zeros(5, 5));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AvgPool2DOp.apply(Tape.inference(), x, Conv2DGeometry.pooling(5, 5, 2, 2, 2, 2, Padding.VALID)));

        assertTrue(e.getMessage().contains("avg_pool2d: input must be [batch, height, width, channels], received shape [5, 5]"),
                e.getMessage());
    }
}
