package io.github.qkeras4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.ops.GlobalAvgPool2DOp;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlobalAvgPool2DOpTest {
    @Test
    void forwardMatchesHandComputedMeans() {
        // Two pixels by two, channels interleaved: channel 0 is {1, 3, 5, 7}, channel 1 is {2, 4, 6, 8}.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);

        Tensor y = GlobalAvgPool2DOp.apply(Tape.inference(), Variable.constant(x)).value();

        assertArrayEquals(new int[] {1, 2}, y.shape());
        assertArrayEquals(new float[] {4, 5}, y.data());
    }

    @Test
    void forwardMatchesNestedLoopReference() {
        Tensor x = GradientCheck.random(new SplittableRandom(4), 1f, 3, 5, 7, 3);

        Tensor y = GlobalAvgPool2DOp.apply(Tape.inference(), Variable.constant(x)).value();

        for (int b = 0; b < 3; b++) {
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 7; j++) {
                        sum += x.get(b, i, j, c);
                    }
                }
                assertEquals(sum / 35, y.get(b, c), 1e-6, "batch " + b + ", channel " + c);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Tensor x = GradientCheck.random(new SplittableRandom(9), 1f, 2, 3, 5, 3);

        GradientCheck.check(vars -> tape -> GlobalAvgPool2DOp.apply(tape, vars.get(0)), List.of(x), 1e-2, 1e-3);
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        ThreadDeterminism.assertSameBitsOnOneAndTwoThreads(GlobalAvgPool2DOpTest::runForwardBackward);
    }

    /** Returns y and dx of one seeded forward and backward pass large enough to run in several chunks. */
    private static List<Tensor> runForwardBackward() {
        SplittableRandom random = new SplittableRandom(3);
        Variable x = new Variable(GradientCheck.random(random, 1f, 16, 32, 32, 16), true);
        Tape tape = Tape.training();

        Variable y = GlobalAvgPool2DOp.apply(tape, x);
        ImageReference.backward(tape, y, GradientCheck.random(random, 1f, y.shape()));

        return List.of(y.value().copy(), x.grad().copy());
    }

    @Test
    void rejectsInputOfRankThree() {
        Variable x = Variable.constant(Tensor.zeros(2, 4, 3));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlobalAvgPool2DOp.apply(Tape.inference(), x));

        assertTrue(e.getMessage().contains("received shape [2, 4, 3]"), e.getMessage());
    }
}
