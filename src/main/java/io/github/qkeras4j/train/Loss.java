package io.github.qkeras4j.train;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/**
 * A training loss: a differentiable map from a batch of predictions and fixed targets to a scalar.
 *
 * <p>Every loss uses Keras's default reduction, {@code sum_over_batch_size}: the per-sample losses
 * are summed in a fixed order and divided by their count, so the result is the batch mean.
 *
 * <p>Keras difference to keep in mind: in tf.keras 2.15, a crossentropy loss built with
 * {@code from_logits=False} whose predictions come straight from a softmax (categorical losses) or a
 * sigmoid (binary loss) computes the loss from that activation's input instead, as if
 * {@code from_logits=True}. A loss here computes from the values it receives only. To reproduce
 * Keras's numbers in that case, a fit loop passes the pre-activation values and a loss with
 * {@code fromLogits = true}.
 */
public interface Loss {
    /**
     * Computes the mean loss over the batch and records its gradient rule on {@code tape} when the
     * predictions require a gradient.
     *
     * @param predictions model outputs; the shape each loss expects is in its class documentation
     * @param targets     target values; the tape keeps a reference, so they must stay unchanged until
     *                    the backward pass has run
     * @return a scalar variable (rank 0)
     */
    Variable compute(Tape tape, Variable predictions, Tensor targets);

    /** Keras name of the loss, for example {@code categorical_crossentropy}. */
    String name();
}
