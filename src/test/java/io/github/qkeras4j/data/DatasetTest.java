package io.github.qkeras4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** Ten samples of shape [2]: sample i is {@code [i, 10·i]}, label {@code i mod 3}. */
    private static Dataset labelled() {
        float[] x = new float[20];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            labels[i] = i % 3;
        }
        return Dataset.withLabels(Tensor.of(x, 10, 2), labels);
    }

    @Test
    void splitTakesLastFraction() {
        Dataset.Split split = labelled().split(0.25);

        assertEquals(7, split.train().size());
        assertEquals(3, split.validation().size());
        assertArrayEquals(new float[] {7, 70, 8, 80, 9, 90}, split.validation().x().data());
        assertArrayEquals(new int[] {1, 2, 0}, split.validation().labels());
        assertEquals(0, split.train().label(0));
    }

    @Test
    void splitRejectsEmptyPart() {
        Dataset data = labelled();

        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class, () -> data.split(0.95));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> data.split(1.0));

        assertEquals("validation split 0.95 of 10 samples leaves 0 for training and 10 for validation; use more"
                + " samples or another fraction", tooSmall.getMessage());
        assertEquals("validation split must be in (0, 1), received 1.0", outside.getMessage());
    }

    @Test
    void toOneHotKeepsViewOffset() {
        Dataset validation = labelled().split(0.2).validation();

        Dataset oneHot = validation.toOneHot(3);

        assertArrayEquals(new int[] {2, 3}, oneHot.targets().shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, oneHot.targets().data());
        assertArrayEquals(new float[] {8, 80, 9, 90}, oneHot.x().data());
    }

    @Test
    void toOneHotRejectsTooFewClasses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labelled().toOneHot(2));

        assertEquals("label 2 is 2, outside the 2 classes of the one-hot encoding; pass a larger class count",
                e.getMessage());
    }

    @Test
    void wholeDatasetReturnsOriginalTensor() {
        Tensor x = Tensor.zeros(4, 3);
        Dataset data = Dataset.withTargets(x, Tensor.zeros(4, 2));

        assertSame(x, data.x());
        assertArrayEquals(new int[] {2}, data.targetShape());
        assertFalse(data.hasLabels());
    }

    @Test
    void constructorsRejectCountMismatch() {
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> Dataset.withLabels(Tensor.zeros(3, 2), new int[2]));
        IllegalArgumentException targets = assertThrows(IllegalArgumentException.class,
                () -> Dataset.withTargets(Tensor.zeros(3, 2), Tensor.zeros(4, 1)));

        assertEquals("dataset has 3 input samples but 2 labels; the counts must be equal", labels.getMessage());
        assertEquals("dataset has 3 input samples but targets of shape [4, 1]; the targets need shape [3, ...]",
                targets.getMessage());
    }

    @Test
    void batcherCopiesRowsInOrder() {
        Batcher batcher = new Batcher(labelled(), 4);
        int[] order = {9, 0, 5, 1, 2, 3, 4, 6, 7, 8};

        Batcher.Batch first = batcher.batch(order, 0);

        assertEquals(3, batcher.batchCount());
        assertArrayEquals(new int[] {4, 2}, first.x().shape());
        assertArrayEquals(new float[] {9, 90, 0, 0, 5, 50, 1, 10}, first.x().data());
        assertArrayEquals(new float[] {0, 0, 2, 1}, first.y().data());
    }

    @Test
    void batcherReusesBuffers() {
        Batcher batcher = new Batcher(labelled(), 4);
        int[] order = Batcher.identityOrder(10);

        Batcher.Batch first = batcher.batch(order, 0);
        Batcher.Batch second = batcher.batch(order, 1);
        Batcher.Batch last = batcher.batch(order, 2);
        Batcher.Batch lastAgain = batcher.batch(order, 2);

        assertSame(first, second);
        assertSame(last, lastAgain);
        assertEquals(2, last.rows());
        assertArrayEquals(new float[] {8, 80, 9, 90}, last.x().data());
        assertArrayEquals(new float[] {4, 40, 5, 50, 6, 60, 7, 70}, second.x().data());
    }

    @Test
    void batcherCopiesTargetRowsOfView() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4}, 5, 1);
        Tensor y = Tensor.of(new float[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4}, 5, 2);
        Dataset validation = Dataset.withTargets(x, y).split(0.4).validation();

        Batcher.Batch batch = new Batcher(validation, 8).batch(new int[] {1, 0}, 0);

        assertArrayEquals(new float[] {4, 3}, batch.x().data());
        assertArrayEquals(new int[] {2, 2}, batch.y().shape());
        assertArrayEquals(new float[] {4, 4, 3, 3}, batch.y().data());
    }

    @Test
    void batcherRejectsWrongOrderLength() {
        Batcher batcher = new Batcher(labelled(), 4);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batcher.batch(new int[3], 0));

        assertEquals("sample order has 3 entries but the dataset has 10 samples", e.getMessage());
    }

    @Test
    void shufflerRepeatsForSameSeed() {
        Shuffler a = new Shuffler(42);
        Shuffler b = new Shuffler(42);
        int[] orderA = new int[100];
        int[] orderB = new int[100];

        for (int epoch = 0; epoch < 3; epoch++) {
            a.shuffle(orderA);
            b.shuffle(orderB);
            assertArrayEquals(orderA, orderB, "epoch " + epoch);
        }
    }

    @Test
    void shufflerProducesPermutations() {
        Shuffler shuffler = new Shuffler(7);
        int[] first = new int[50];
        int[] second = new int[50];

        shuffler.shuffle(first);
        shuffler.shuffle(second);

        int[] sorted = first.clone();
        Arrays.sort(sorted);
        assertArrayEquals(Batcher.identityOrder(50), sorted);
        assertFalse(Arrays.equals(first, Batcher.identityOrder(50)), "the first permutation is shuffled");
        assertFalse(Arrays.equals(first, second), "successive epochs differ");
    }

    @Test
    void shufflerMatchesSplitMix64ReferenceOutput() {
        // The same numbers as new java.util.SplittableRandom(0).nextLong() on JDK 25, which uses
        // SplitMix64 with the same finalizer.
        Shuffler shuffler = new Shuffler(0);

        assertEquals(0xE220A8397B1DCDAFL, shuffler.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, shuffler.nextLong());
    }
}
