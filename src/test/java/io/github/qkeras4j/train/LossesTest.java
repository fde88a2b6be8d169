package io.github.qkeras4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Forward values of the losses against hand-computed numbers and the examples in the Keras docs. */
class LossesTest {
    private static double loss(Loss loss, Tensor predictions, Tensor targets) {
        return loss.compute(Tape.inference(), Variable.constant(predictions), targets).value().data()[0];
    }

    private static Tensor tensor(float[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    @Test
    void sparseUniformLogitsGiveLnClasses() {
        Tensor logits = Tensor.zeros(2, 10);
        Tensor labels = tensor(new float[] {3, 7}, 2);

        assertEquals(Math.log(10), loss(new SparseCategoricalCrossentropy(true), logits, labels), 1e-6);
    }

    @Test
    void categoricalFromLogitsMatchesLogSoftmax() {
        Tensor logits = tensor(new float[] {1, 2, 3}, 1, 3);
        Tensor oneHot = tensor(new float[] {0, 0, 1}, 1, 3);

        // log(e + e² + e³) − 3
        assertEquals(0.40760596, loss(new CategoricalCrossentropy(true), logits, oneHot), 1e-6);
    }

    @Test
    void categoricalFromLogitsIsStableForLargeLogits() {
        Tensor logits = tensor(new float[] {1000, 0, -1000}, 1, 3);
        Tensor oneHot = tensor(new float[] {0, 1, 0}, 1, 3);

        assertEquals(1000, loss(new CategoricalCrossentropy(true), logits, oneHot), 1e-3);
    }

    @Test
    void categoricalFromProbabilitiesRenormalizes() {
        Tensor probabilities = tensor(new float[] {0.2f, 0.2f, 0.4f}, 1, 3);
        Tensor oneHot = tensor(new float[] {0, 0, 1}, 1, 3);

        assertEquals(Math.log(2), loss(new CategoricalCrossentropy(false), probabilities, oneHot), 1e-6);
    }

    @Test
    void categoricalClipsZeroProbability() {
        Tensor probabilities = tensor(new float[] {1, 0}, 1, 2);
        Tensor oneHot = tensor(new float[] {0, 1}, 1, 2);

        // −log(1e-7)
        assertEquals(16.118095, loss(new CategoricalCrossentropy(false), probabilities, oneHot), 1e-5);
    }

    @Test
    void categoricalMatchesKerasDocExample() {
        Tensor probabilities = tensor(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
        Tensor oneHot = tensor(new float[] {0, 1, 0, 0, 0, 1}, 2, 3);

        assertEquals(1.177, loss(new CategoricalCrossentropy(false), probabilities, oneHot), 1e-3);
    }

    @Test
    void sparseMatchesKerasDocExample() {
        Tensor probabilities = tensor(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
        Tensor labels = tensor(new float[] {1, 2}, 2);

        assertEquals(1.177, loss(new SparseCategoricalCrossentropy(false), probabilities, labels), 1e-3);
    }

    @Test
    void sparseFromProbabilitiesClipsBeforeNormalizing() {
        Tensor probabilities = tensor(new float[] {1, 0}, 1, 2);
        Tensor labels = tensor(new float[] {1}, 1, 1);

        // log(clip(1) + clip(0)) − log(clip(0)) = log(0.99999988 + 1e-7) − log(1e-7)
        assertEquals(16.1180956, loss(new SparseCategoricalCrossentropy(false), probabilities, labels), 1e-5);
    }

    @Test
    void binaryFromLogitsMatchesHandValues() {
        Tensor logits = tensor(new float[] {0, 2}, 2, 1);
        Tensor targets = tensor(new float[] {1, 0}, 2, 1);

        // (log 2 + 2 + log(1 + e^−2)) / 2
        assertEquals(1.4100376, loss(new BinaryCrossentropy(true), logits, targets), 1e-6);
    }

    @Test
    void binaryMatchesKerasDocExamples() {
        Tensor targets = tensor(new float[] {0, 1, 0, 0}, 2, 2);
        Tensor logits = tensor(new float[] {-18.6f, 0.51f, 2.94f, -12.8f}, 2, 2);
        Tensor probabilities = tensor(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);

        assertEquals(0.865, loss(new BinaryCrossentropy(true), logits, targets), 1e-3);
        assertEquals(0.815, loss(new BinaryCrossentropy(false), probabilities, targets), 1e-3);
    }

    @Test
    void binaryFromProbabilitiesAddsEpsilonInLog() {
        Tensor probabilities = tensor(new float[] {0.8f, 0}, 2);
        Tensor targets = tensor(new float[] {1, 1}, 2);

        // (−log(0.8 + 1e-7) − log(1e-7 + 1e-7)) / 2
        double expected = (0.22314343 + 15.42494847) / 2;
        assertEquals(expected, loss(new BinaryCrossentropy(false), probabilities, targets), 1e-5);
    }

    @Test
    void meanSquaredErrorAveragesAllElements() {
        Tensor predictions = tensor(new float[] {1, 1, 1, 0}, 2, 2);
        Tensor targets = tensor(new float[] {0, 1, 0, 0}, 2, 2);

        // The Keras docs example: mean of (1, 0, 1, 0).
        assertEquals(0.5, loss(new MeanSquaredError(), predictions, targets), 1e-7);
    }

    @Test
    void lossOfBatchIsMeanOfSamples() {
        Tensor logits = tensor(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);
        Tensor labels = tensor(new float[] {2, 0}, 2);

        double expected = (0.40760596 + Math.log(3)) / 2;
        assertEquals(expected, loss(new SparseCategoricalCrossentropy(true), logits, labels), 1e-6);
    }

    @Test
    void byNameFindsEveryLoss() {
        assertInstanceOf(CategoricalCrossentropy.class, Losses.byName("categorical_crossentropy", true));
        assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.byName("sparse_categorical_crossentropy", false));
        assertInstanceOf(BinaryCrossentropy.class, Losses.byName("binary_crossentropy", false));
        assertInstanceOf(MeanSquaredError.class, Losses.byName("mse", false));
        assertInstanceOf(MeanSquaredError.class, Losses.byName("mean_squared_error", false));
        assertEquals(true, ((CategoricalCrossentropy) Losses.byName("categorical_crossentropy", true)).fromLogits());
    }

    @Test
    void byNameRejectsUnknownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.byName("hinge", false));

        assertEquals("unknown loss 'hinge'; expected one of categorical_crossentropy, sparse_categorical_crossentropy,"
                + " binary_crossentropy, mean_squared_error, mse", e.getMessage());
    }

    @Test
    void sparseRejectsClassOutsideRange() {
        Tensor logits = Tensor.zeros(2, 10);
        Tensor labels = tensor(new float[] {3, 10}, 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss(new SparseCategoricalCrossentropy(true), logits, labels));

        assertEquals("sparse_categorical_crossentropy: target 1 is 10.0, expected a class index in [0, 10)",
                e.getMessage());
    }

    @Test
    void sparseRejectsFractionalClass() {
        Tensor labels = tensor(new float[] {1.5f}, 1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss(new SparseCategoricalCrossentropy(true), Tensor.zeros(1, 3), labels));

        assertEquals("sparse_categorical_crossentropy: target 0 is 1.5, expected a class index in [0, 3)",
                e.getMessage());
    }

    @Test
    void categoricalRejectsShapeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss(new CategoricalCrossentropy(true), Tensor.zeros(2, 10), Tensor.zeros(2)));

        assertEquals("categorical_crossentropy: predictions of shape [2, 10] and targets of shape [2] differ;"
                + " one-hot targets need the shape [batch, classes] of the predictions", e.getMessage());
    }

    @Test
    void meanSquaredErrorRejectsSizeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss(new MeanSquaredError(), Tensor.zeros(2, 3), Tensor.zeros(2, 2)));

        assertEquals("mean_squared_error: predictions of shape [2, 3] and targets of shape [2, 2] differ;"
                + " they need the same non-empty shape", e.getMessage());
    }

    @Test
    void inferenceTapeRecordsNothing() {
        Tape tape = Tape.inference();
        Variable predictions = new Variable(Tensor.zeros(2, 3), true);

        Variable result = new SparseCategoricalCrossentropy(true).compute(tape, predictions,
                tensor(new float[] {0, 1}, 2));

        assertEquals(0, tape.recordedOps());
        assertEquals(false, result.requiresGrad());
        assertEquals(0, result.value().rank());
    }
}
