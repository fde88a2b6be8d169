package io.github.qkeras4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AccuracyTest {
    @Test
    void sparseCountsArgmaxMatches() {
        Accuracy accuracy = new Accuracy(Accuracy.Kind.SPARSE_CATEGORICAL);
        Tensor predictions = Tensor.of(new float[] {0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f, 0.2f, 0.2f, 0.6f}, 3, 3);

        accuracy.update(predictions, Tensor.of(new float[] {1, 1, 2}, 3));

        assertEquals(2, accuracy.correct());
        assertEquals(3, accuracy.total());
    }

    @Test
    void accumulatesCountsAcrossBatches() {
        Accuracy accuracy = new Accuracy(Accuracy.Kind.SPARSE_CATEGORICAL);

        // Batch 1: 1 of 1 correct; batch 2: 1 of 3 correct. Counts give 2/4, a mean of batch means 2/3.
        accuracy.update(Tensor.of(new float[] {0, 1}, 1, 2), Tensor.of(new float[] {1}, 1));
        accuracy.update(Tensor.of(new float[] {0, 1, 0, 1, 0, 1}, 3, 2), Tensor.of(new float[] {1, 0, 0}, 3));

        assertEquals(0.5, accuracy.result());
    }

    @Test
    void categoricalComparesArgmaxOfBoth() {
        Accuracy accuracy = new Accuracy(Accuracy.Kind.CATEGORICAL);
        Tensor predictions = Tensor.of(new float[] {0.1f, 0.9f, 0.8f, 0.2f}, 2, 2);
        Tensor oneHot = Tensor.of(new float[] {0, 1, 0, 1}, 2, 2);

        accuracy.update(predictions, oneHot);

        assertEquals(1, accuracy.correct());
        assertEquals(2, accuracy.total());
    }

    @Test
    void argmaxTieTakesFirstClass() {
        Accuracy accuracy = new Accuracy(Accuracy.Kind.SPARSE_CATEGORICAL);

        accuracy.update(Tensor.of(new float[] {0.5f, 0.5f}, 1, 2), Tensor.of(new float[] {0}, 1));

        assertEquals(1, accuracy.correct());
    }

    @Test
    void binaryThresholdIsStrictlyAboveHalf() {
        Accuracy accuracy = new Accuracy(Accuracy.Kind.BINARY);
        Tensor predictions = Tensor.of(new float[] {0.5f, 0.51f, 0.2f, 0.9f}, 4, 1);
        Tensor targets = Tensor.of(new float[] {0, 1, 1, 1}, 4);

        accuracy.update(predictions, targets);

        assertEquals(3, accuracy.correct());
        assertEquals(4, accuracy.total());
    }

    @Test
    void resetClearsCounts() {
        Accuracy accuracy = new Accuracy(Accuracy.Kind.BINARY);
        accuracy.update(Tensor.of(new float[] {1}, 1, 1), Tensor.of(new float[] {1}, 1));

        accuracy.reset();

        assertEquals(0, accuracy.total());
        assertTrue(Double.isNaN(accuracy.result()));
    }

    @Test
    void kindFollowsKerasShapeRule() {
        assertEquals(Accuracy.Kind.SPARSE_CATEGORICAL, Accuracy.kindFor(new int[] {32}, new int[] {32, 10}));
        assertEquals(Accuracy.Kind.SPARSE_CATEGORICAL, Accuracy.kindFor(new int[] {32, 1}, new int[] {32, 10}));
        assertEquals(Accuracy.Kind.CATEGORICAL, Accuracy.kindFor(new int[] {32, 10}, new int[] {32, 10}));
        assertEquals(Accuracy.Kind.BINARY, Accuracy.kindFor(new int[] {32}, new int[] {32, 1}));
        assertEquals(Accuracy.Kind.BINARY, Accuracy.kindFor(new int[] {32, 1}, new int[] {32, 1}));
        assertEquals(Accuracy.Kind.BINARY, Accuracy.kindFor(new int[] {32}, new int[] {32}));
    }

    @Test
    void rejectsTargetCountMismatch() {
        Accuracy accuracy = new Accuracy(Accuracy.Kind.SPARSE_CATEGORICAL);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> accuracy.update(Tensor.zeros(3, 10), Tensor.zeros(2)));

        assertEquals("accuracy (SPARSE_CATEGORICAL): expected 3 target values for the predictions, received targets"
                + " of shape [2]", e.getMessage());
    }
}
