package io.github.qkeras4j.autograd;

/**
 * One differentiable operation as recorded on a {@link Tape}. An op computes its forward value when it
 * is applied (usually in a static {@code apply} method beside it) and records itself; during the
 * backward pass {@link #backward} reads the gradient of its output and adds the gradients of its
 * inputs. Each op's gradient rule is written once, in its own class.
 */
public interface Op {
    /**
     * Adds {@code d loss / d input} to every input that requires a gradient, given
     * {@code d loss / d output}, which the tape has already accumulated.
     */
    void backward(Tape tape);

    /** Work category for the training-time breakdown. */
    default OpCategory category() {
        return OpCategory.OTHER;
    }
}
