package io.github.qkeras4j.train;

/**
 * A learning rate per epoch, as a function of the zero-based epoch and the initial learning rate.
 * The fit loop applies it with {@link Optimizer#setLearningRate} before each epoch, like Keras's
 * {@code LearningRateScheduler} callback.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** Returns the learning rate for {@code epoch} (0 for the first epoch). */
    double learningRate(int epoch, double initialLearningRate);

    /** Returns a schedule that keeps the initial rate. */
    static LearningRateSchedule constant() {
        return (epoch, initial) -> initial;
    }
}
