package io.github.qkeras4j.autograd;

import static io.github.qkeras4j.autograd.ImageReference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.ops.MaxPool2DOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MaxPool2DOpTest {
    static Stream<PoolCase> cases() {
        return Stream.of(
                new PoolCase("2x2 valid, stride 2", 2, 6, 6, 3, 2, 2, 2, 2, Padding.VALID),
                new PoolCase("2x2 valid, odd input", 1, 5, 7, 1, 2, 2, 2, 2, Padding.VALID),
                new PoolCase("2x2 same, odd input", 3, 5, 7, 2, 2, 2, 2, 2, Padding.SAME),
                new PoolCase("3x3 same, stride 1", 1, 4, 5, 5, 3, 3, 1, 1, Padding.SAME),
                new PoolCase("3x3 valid, stride 2 overlapping", 2, 7, 7, 3, 3, 3, 2, 2, Padding.VALID),
                new PoolCase("3x2 same, stride 3x1", 1, 7, 5, 3, 3, 2, 3, 1, Padding.SAME),
                new PoolCase("pool equals input", 3, 3, 4, 1, 3, 4, 3, 4, Padding.VALID),
                new PoolCase("1x1 pool, stride 2", 1, 5, 5, 3, 1, 1, 2, 2, Padding.SAME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesNestedLoopReference(PoolCase c) {
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        Tensor x = c.randomInput(random);

        Tensor y = MaxPool2DOp.apply(Tape.inference(), Variable.constant(x), c.geometry()).value();

        Tensor expected = ImageReference.maxPool2d(x, c.poolHeight(), c.poolWidth(), c.strideHeight(),
                c.strideWidth(), c.padding());
        assertClose(expected, y, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(PoolCase c) {
        Tensor x = c.distinctInput(new SplittableRandom(c.name().hashCode()));
        Conv2DGeometry geometry = c.geometry();

        GradientCheck.check(vars -> tape -> MaxPool2DOp.apply(tape, vars.get(0), geometry), List.of(x), 1e-3, 1e-3);
    }

    @Test
    void samePaddingNeverWins() {
        // All values are negative, so a zero padding value would win every border window if it took part.
        Tensor x = Tensor.of(new float[] {-1, -2, -3, -4, -5, -6, -7, -8, -9}, 1, 3, 3, 1);
        Conv2DGeometry geometry = Conv2DGeometry.pooling(3, 3, 2, 2, 2, 2, Padding.SAME);

        Tensor y = MaxPool2DOp.apply(Tape.inference(), Variable.constant(x), geometry).value();

        assertArrayEquals(new int[] {1, 2, 2, 1}, y.shape());
        assertArrayEquals(new float[] {-1, -3, -7, -9}, y.data());
    }

    @Test
    void forwardMatchesHandComputedValues() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        Conv2DGeometry geometry = Conv2DGeometry.pooling(3, 3, 2, 2, 1, 1, Padding.VALID);

        Tensor y = MaxPool2DOp.apply(Tape.inference(), Variable.constant(x), geometry).value();

        assertArrayEquals(new float[] {5, 6, 8, 9}, y.data());
    }

    @Test
    void gradientGoesToMaximumPosition() {
        Tensor x = Tensor.of(new float[] {1, 7, 3, 2}, 1, 2, 2, 1);
        Variable xVariable = new Variable(x, true);
        Tape tape = Tape.training();

        Variable y = MaxPool2DOp.apply(tape, xVariable, Conv2DGeometry.pooling(2, 2, 2, 2, 2, 2, Padding.VALID));
        tape.backward(y);

        assertArrayEquals(new float[] {0, 1, 0, 0}, xVariable.grad().data());
    }

    @Test
    void tieSendsGradientToFirstPosition() {
        Tensor x = Tensor.of(new float[] {1, 4, 4, 4}, 1, 2, 2, 1);
        Variable xVariable = new Variable(x, true);
        Tape tape = Tape.training();

        Variable y = MaxPool2DOp.apply(tape, xVariable, Conv2DGeometry.pooling(2, 2, 2, 2, 2, 2, Padding.VALID));
        tape.backward(y);

        assertArrayEquals(new float[] {0, 1, 0, 0}, xVariable.grad().data());
    }

    @Test
    void overlappingWindowsAddGradients() {
        // Pool 2x1 at stride 1 over a column [1, 3, 2]: both windows pick the 3.
        Tensor x = Tensor.of(new float[] {1, 3, 2}, 1, 3, 1, 1);
        Variable xVariable = new Variable(x, true);
        Tape tape = Tape.training();

        Variable y = MaxPool2DOp.apply(tape, xVariable, Conv2DGeometry.pooling(3, 1, 2, 1, 1, 1, Padding.VALID));
        ImageReference.backward(tape, y, Tensor.of(new float[] {0.5f, 2f}, 1, 2, 1, 1));

        assertArrayEquals(new float[] {0, 2.5f, 0}, xVariable.grad().data());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        PoolCase c = new PoolCase("3x3 same, stride 2", 16, 32, 31, 16, 3, 3, 2, 2, Padding.SAME);

        ThreadDeterminism.assertSameBitsOnOneAndTwoThreads(() -> runForwardBackward(c));
    }

    /** Returns y and dx of one seeded forward and backward pass. */
    private static List<Tensor> runForwardBackward(PoolCase c) {
        SplittableRandom random = new SplittableRandom(3);
        Variable x = new Variable(c.randomInput(random), true);
        Tape tape = Tape.training();

        Variable y = MaxPool2DOp.apply(tape, x, c.geometry());
        ImageReference.backward(tape, y, GradientCheck.random(random, 1f, y.shape()));

        return List.of(y.value().copy(), x.grad().copy());
    }

    @Test
    void rejectsDilatedGeometry() {
        Conv2DGeometry dilated = Conv2DGeometry.convolution(5, 5, 2, 2, 1, 1, 2, 1, Padding.VALID);
        Variable x = Variable.constant(Tensor.zeros(1, 5, 5, 1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaxPool2DOp.apply(Tape.inference(), x, dilated));

        assertTrue(e.getMessage().contains("dilation rate 2x1"), e.getMessage());
    }

    @Test
    void rejectsInputOfOtherSize() {
        Variable x = Variable.constant(Tensor.zeros(1, 4, 5, 1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaxPool2DOp.apply(Tape.inference(), x, Conv2DGeometry.pooling(5, 5, 2, 2, 2, 2, Padding.VALID)));

        assertTrue(e.getMessage().contains("[1, 4, 5, 1] does not match the geometry's input 5x5"), e.getMessage());
    }
}
