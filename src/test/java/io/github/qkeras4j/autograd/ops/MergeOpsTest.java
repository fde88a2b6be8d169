package io.github.qkeras4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MergeOpsTest {
    private static Variable constant(float[] values, int... shape) {
        return Variable.constant(Tensor.of(values, shape));
    }

    @Test
    void addSumsLeftToRight() {
        // (1e8 + -1e8) + 1 = 1 in float32, whereas 1e8 + (-1e8 + 1) = 0: the order is Keras's.
        Variable a = constant(new float[] {1e8f, 2f}, 1, 2);
        Variable b = constant(new float[] {-1e8f, 3f}, 1, 2);
        Variable c = constant(new float[] {1f, 4f}, 1, 2);

        float[] y = AddOp.apply(Tape.inference(), List.of(a, b, c)).value().data();

        assertArrayEquals(new float[] {1f, 9f}, y);
    }

    @Test
    void addRejectsDifferentShapes() {
        Variable a = constant(new float[] {1, 2}, 1, 2);
        Variable b = constant(new float[] {1, 2, 3}, 1, 3);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AddOp.apply(Tape.inference(), List.of(a, b)));

        assertTrue(e.getMessage().contains("[1, 2], [1, 3]"), e.getMessage());
    }

    @Test
    void addGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(3);
        List<Tensor> inputs = List.of(GradientCheck.random(random, 1f, 2, 3), GradientCheck.random(random, 1f, 2, 3),
                GradientCheck.random(random, 1f, 2, 3));

        GradientCheck.check(vars -> tape -> AddOp.apply(tape, vars), inputs, 1e-2, 1e-3);
    }

    @Test
    void concatenateLastAxisInterleavesRows() {
        Variable a = constant(new float[] {1, 2, 3, 4}, 2, 2);
        Variable b = constant(new float[] {5, 6}, 2, 1);

        Tensor y = ConcatenateOp.apply(Tape.inference(), List.of(a, b), -1).value();

        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, y.data());
    }

    @Test
    void concatenateMiddleAxisAppendsBlocks() {
        Variable a = constant(new float[] {1, 2, 3, 4}, 1, 2, 2);
        Variable b = constant(new float[] {5, 6}, 1, 1, 2);

        Tensor y = ConcatenateOp.apply(Tape.inference(), List.of(a, b), 1).value();

        assertArrayEquals(new int[] {1, 3, 2}, y.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, y.data());
    }

    @Test
    void concatenateGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(4);
        List<Tensor> inputs = List.of(GradientCheck.random(random, 1f, 2, 3, 2), GradientCheck.random(random, 1f, 2, 3, 1));

        GradientCheck.check(vars -> tape -> ConcatenateOp.apply(tape, vars, -1), inputs, 1e-2, 1e-3);
    }

    @Test
    void reluDefaultsMatchPlainRectifier() {
        Variable x = constant(new float[] {-2f, -0f, 0.5f, 7f}, 4);

        float[] y = ReluOp.apply(Tape.inference(), x, Float.POSITIVE_INFINITY, 0f, 0f).value().data();

        assertArrayEquals(new float[] {0f, 0f, 0.5f, 7f}, y);
    }

    @Test
    void reluAppliesMaxValueSlopeAndThreshold() {
        Variable x = constant(new float[] {-1f, 0.5f, 1f, 3f, 9f}, 5);

        float[] y = ReluOp.apply(Tape.inference(), x, 6f, 0.1f, 1f).value().data();

        // Below the threshold: -0.1·(1 − x); x equal to the threshold gives 0 as in Keras (x > threshold).
        assertArrayEquals(new float[] {-0.1f * 2f, -0.1f * 0.5f, 0f, 3f, 6f}, y);
    }

    @Test
    void reluNegativeThresholdWithoutMaxPassesNegativeValues() {
        Variable x = constant(new float[] {-2f, -0.5f}, 2);

        float[] y = ReluOp.apply(Tape.inference(), x, Float.POSITIVE_INFINITY, 0f, -1f).value().data();

        assertArrayEquals(new float[] {0f, -0.5f}, y);
    }

    @Test
    void reluGradientMatchesFiniteDifferences() {
        // Values stay away from the kinks at 0.2 (threshold) and 0.8 (max) so the differences are smooth.
        Tensor x = Tensor.of(new float[] {-0.9f, -0.4f, 0.0f, 0.35f, 0.5f, 0.7f, 0.95f, 1.3f}, 2, 4);

        GradientCheck.check(vars -> tape -> ReluOp.apply(tape, vars.get(0), 0.8f, 0.3f, 0.2f), List.of(x), 1e-3, 1e-3);
    }
}
