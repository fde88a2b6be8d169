package io.github.qkeras4j.train;

import java.util.function.IntToDoubleFunction;

/**
 * Keras's {@code LearningRateScheduler}: sets the optimizer's learning rate at the start of every
 * epoch to {@code schedule(epoch)} (epochs counted from 0).
 */
public final class LearningRateScheduler implements Callback {
    private final IntToDoubleFunction schedule;

    public LearningRateScheduler(IntToDoubleFunction schedule) {
        this.schedule = schedule;
    }

    @Override
    public void onEpochBegin(int epoch, TrainingState state) {
        double rate = schedule.applyAsDouble(epoch);
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning-rate schedule returned " + rate + " for epoch " + epoch
                    + "; a learning rate must be a positive finite number");
        }
        state.optimizer().setLearningRate(rate);
    }
}
