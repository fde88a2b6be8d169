package io.github.qkeras4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the losses against central finite differences. Probabilities are kept inside
 * [0.05, 0.95], away from the clip bounds where the derivative jumps. The tolerance 2e-3 covers the
 * float32 rounding of the loss value divided by the step 1e-3.
 */
class LossGradientTest {
    private static final double STEP = 1e-3;
    private static final double TOLERANCE = 2e-3;

    private final SplittableRandom random = new SplittableRandom(11);

    private static void check(Loss loss, Tensor predictions, Tensor targets) {
        GradientCheck.check(vars -> tape -> loss.compute(tape, vars.get(0), targets), List.of(predictions), STEP,
                TOLERANCE);
    }

    /** Uniform values in [0.05, 0.95). */
    private Tensor probabilities(int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (0.05 + 0.9 * random.nextDouble());
        }
        return t;
    }

    /** One-hot rows {@code [rows, classes]} with the hot class at {@code (3·row + 1) mod classes}. */
    private static Tensor oneHot(int rows, int classes) {
        Tensor t = Tensor.zeros(rows, classes);
        for (int row = 0; row < rows; row++) {
            t.set(1f, row, (3 * row + 1) % classes);
        }
        return t;
    }

    private static Tensor labels(int rows, int classes) {
        Tensor t = Tensor.zeros(rows);
        for (int row = 0; row < rows; row++) {
            t.data()[row] = (3 * row + 1) % classes;
        }
        return t;
    }

    @Test
    void categoricalFromLogits() {
        check(new CategoricalCrossentropy(true), GradientCheck.random(random, 3f, 4, 5), oneHot(4, 5));
    }

    @Test
    void categoricalFromLogitsWithSoftTargets() {
        check(new CategoricalCrossentropy(true), GradientCheck.random(random, 3f, 3, 4), probabilities(3, 4));
    }

    @Test
    void categoricalFromProbabilities() {
        check(new CategoricalCrossentropy(false), probabilities(4, 5), oneHot(4, 5));
    }

    @Test
    void sparseFromLogits() {
        check(new SparseCategoricalCrossentropy(true), GradientCheck.random(random, 3f, 5, 7), labels(5, 7));
    }

    @Test
    void sparseFromProbabilities() {
        check(new SparseCategoricalCrossentropy(false), probabilities(5, 7), labels(5, 7));
    }

    @Test
    void binaryFromLogits() {
        check(new BinaryCrossentropy(true), GradientCheck.random(random, 4f, 6, 2), probabilities(6, 2));
    }

    @Test
    void binaryFromProbabilities() {
        check(new BinaryCrossentropy(false), probabilities(6, 2), probabilities(6, 2));
    }

    @Test
    void meanSquaredError() {
        check(new MeanSquaredError(), GradientCheck.random(random, 2f, 3, 4), GradientCheck.random(random, 2f, 3, 4));
    }

    @Test
    void binaryGradientIsZeroWhereClipped() {
        Variable predictions = new Variable(Tensor.of(new float[] {0f, 1f, 0.5f}, 3), true);
        Tensor targets = Tensor.of(new float[] {1, 0, 1}, 3);
        Tape tape = Tape.training();

        tape.backward(new BinaryCrossentropy(false).compute(tape, predictions, targets));

        float[] gradient = predictions.grad().data();
        assertEquals(0f, gradient[0]);
        assertEquals(0f, gradient[1]);
        // −1/(0.5 + ε) / 3
        assertEquals(-2.0 / 3, gradient[2], 1e-6);
    }

    @Test
    void sparseFromLogitsGradientIsSoftmaxMinusOneHot() {
        Variable logits = new Variable(Tensor.zeros(2, 4), true);
        Tape tape = Tape.training();

        tape.backward(new SparseCategoricalCrossentropy(true).compute(tape, logits, labels(2, 4)));

        // (softmax − onehot) / batch with softmax = 1/4 everywhere; row 0 has class 1, row 1 class 0.
        assertArrayEquals(new float[] {0.125f, -0.375f, 0.125f, 0.125f, -0.375f, 0.125f, 0.125f, 0.125f},
                logits.grad().data(), 1e-7f);
    }
}
