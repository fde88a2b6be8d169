package io.github.qkeras4j.train;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Keras's {@code "accuracy"} metric, accumulated over batches as counts of correct and total
 * predictions, so the result is exact over an epoch and not a mean of batch means.
 *
 * <p>Kinds, as in tf.keras 2.15's metrics:
 * <ul>
 *   <li>{@link Kind#BINARY}: an element is correct when {@code (p > 0.5) == (t == 1)}; Keras
 *       compares {@code float(p > 0.5)} with the target, so a target other than 0 or 1 never counts
 *       as correct. The threshold is 0.5 also for logits, as in Keras.</li>
 *   <li>{@link Kind#CATEGORICAL}: a sample is correct when {@code argmax(p) == argmax(t)}.</li>
 *   <li>{@link Kind#SPARSE_CATEGORICAL}: a sample is correct when {@code argmax(p)} equals its
 *       float-coded class index.</li>
 * </ul>
 * Ties in argmax resolve to the first maximum, as {@code tf.argmax} does.
 */
public final class Accuracy {
    /** Keras accuracy function that the metric applies. */
    public enum Kind {
        BINARY,
        CATEGORICAL,
        SPARSE_CATEGORICAL
    }

    private static final float THRESHOLD = 0.5f;

    private final Kind kind;
    private long correct;
    private long total;

    public Accuracy(Kind kind) {
        this.kind = kind;
    }

    /**
     * Picks the accuracy function the way tf.keras 2.15's {@code compile(metrics=["accuracy"])} does,
     * from the shapes alone: binary when the predictions' last axis has size 1, sparse categorical
     * when the targets have a lower rank than the predictions or a last axis of size 1, categorical
     * otherwise. Predictions of rank 1 count as binary here: Keras would take the argmax across the
     * batch, which is never the intent.
     *
     * @param targetShape     shape of a batch of targets, for example {@code [batch]}
     * @param predictionShape shape of a batch of predictions, for example {@code [batch, classes]}
     */
    public static Kind kindFor(int[] targetShape, int[] predictionShape) {
        if (predictionShape.length == 0 || targetShape.length == 0) {
            throw new IllegalArgumentException("accuracy needs batched targets and predictions, received shapes "
                    + Arrays.toString(targetShape) + " and " + Arrays.toString(predictionShape));
        }
        int predictionLast = predictionShape[predictionShape.length - 1];
        int targetLast = targetShape[targetShape.length - 1];
        if (predictionShape.length == 1 || predictionLast == 1) {
            return Kind.BINARY;
        }
        if (targetShape.length < predictionShape.length || targetLast == 1) {
            return Kind.SPARSE_CATEGORICAL;
        }
        return Kind.CATEGORICAL;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Adds one batch.
     *
     * @param predictions {@code [batch, ...]}; for the categorical kinds the last axis is the classes
     * @param targets     same element count as the predictions for BINARY and CATEGORICAL, one class
     *                    index per sample for SPARSE_CATEGORICAL
     */
    public void update(Tensor predictions, Tensor targets) {
        switch (kind) {
            case BINARY -> updateBinary(predictions, targets);
            case CATEGORICAL -> updateCategorical(predictions, targets);
            case SPARSE_CATEGORICAL -> updateSparse(predictions, targets);
        }
    }

    private void updateBinary(Tensor predictions, Tensor targets) {
        checkCounts(predictions.size(), targets);
        float[] p = predictions.data();
        float[] t = targets.data();
        for (int i = 0; i < p.length; i++) {
            float predicted = p[i] > THRESHOLD ? 1f : 0f;
            if (predicted == t[i]) {
                correct++;
            }
        }
        total += p.length;
    }

    private void updateCategorical(Tensor predictions, Tensor targets) {
        checkCounts(predictions.size(), targets);
        int classes = predictions.dim(-1);
        for (int row = 0; row < predictions.size(); row += classes) {
            if (argmax(predictions.data(), row, classes) == argmax(targets.data(), row, classes)) {
                correct++;
            }
            total++;
        }
    }

    private void updateSparse(Tensor predictions, Tensor targets) {
        int classes = predictions.rank() == 0 ? 0 : predictions.dim(-1);
        int rows = classes == 0 ? 0 : predictions.size() / classes;
        checkCounts(rows, targets);
        for (int sample = 0; sample < rows; sample++) {
            if (argmax(predictions.data(), sample * classes, classes) == targets.data()[sample]) {
                correct++;
            }
            total++;
        }
    }

    private void checkCounts(int expected, Tensor targets) {
        if (targets.size() != expected) {
            throw new IllegalArgumentException("accuracy (" + kind + "): expected " + expected
                    + " target values for the predictions, received targets of shape "
                    + Arrays.toString(targets.shape()));
        }
    }

    private static int argmax(float[] values, int offset, int length) {
        int best = 0;
        for (int j = 1; j < length; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    /** Number of correct predictions since the last {@link #reset()}. */
    public long correct() {
        return correct;
    }

    /** Number of predictions counted since the last {@link #reset()}. */
    public long total() {
        return total;
    }

    /** Returns {@code correct / total}, or NaN before the first update. */
    public double result() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    public void reset() {
        correct = 0;
        total = 0;
    }
}
