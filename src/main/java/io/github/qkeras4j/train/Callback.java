package io.github.qkeras4j.train;

import java.util.Map;

/**
 * Hooks into {@code fit}, as Keras callbacks. Epochs and batches are numbered from 0; {@code logs}
 * holds the metrics so far ({@code loss}, {@code accuracy}, and after an epoch {@code val_loss},
 * {@code val_accuracy}).
 */
public interface Callback {
    default void onTrainBegin(TrainingState state) {
    }

    default void onEpochBegin(int epoch, TrainingState state) {
    }

    /** Called after each optimizer step with the step's loss and the running epoch metrics. */
    default void onBatchEnd(int batch, Map<String, Double> logs, TrainingState state) {
    }

    default void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
    }

    default void onTrainEnd(TrainingState state) {
    }
}
