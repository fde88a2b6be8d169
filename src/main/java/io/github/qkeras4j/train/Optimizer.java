package io.github.qkeras4j.train;

import io.github.qkeras4j.autograd.Parameter;
import java.util.List;

/**
 * Updates trainable parameters from their gradients, one step per batch.
 *
 * <p>{@link #step} updates every trainable parameter in the list from {@link Parameter#grad()} and
 * skips parameters that are not trainable. It neither reads nor clears gradients otherwise: the fit
 * loop zeroes them before the next backward pass. Per-parameter state (momentum, moment estimates)
 * is created on a parameter's first step and reused after that.
 */
public interface Optimizer {
    /** Applies one update to every trainable parameter and increments {@link #iterations()}. */
    void step(List<Parameter> parameters);

    /** Current learning rate. */
    double learningRate();

    /**
     * Sets the learning rate used from the next step on; learning-rate schedules call this between
     * epochs.
     *
     * @throws IllegalArgumentException when the rate is negative, NaN or infinite
     */
    void setLearningRate(double learningRate);

    /** Number of steps taken, like Keras's {@code optimizer.iterations}. */
    long iterations();

    /** Keras name of the optimizer, for example {@code adam}. */
    String name();
}
