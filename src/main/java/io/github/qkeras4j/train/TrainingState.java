package io.github.qkeras4j.train;

import io.github.qkeras4j.models.Model;

/** What a {@link Callback} can see and change during {@code fit}. */
public interface TrainingState {
    Model model();

    Optimizer optimizer();

    /** Number of epochs {@code fit} was asked for. */
    int epochs();

    /** Number of steps per epoch. */
    int steps();

    /** Asks {@code fit} to stop after the current batch, giving the reason recorded in the history. */
    void stopTraining(String reason);

    boolean isStopping();
}
