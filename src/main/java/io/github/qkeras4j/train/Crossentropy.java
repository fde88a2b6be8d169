package io.github.qkeras4j.train;

/** A crossentropy loss, which reads its predictions either as logits or as probabilities. */
abstract class Crossentropy extends MeanLoss {
    private final boolean fromLogits;

    Crossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** True when the predictions are logits, false when they are probabilities (Keras's {@code from_logits}). */
    public final boolean fromLogits() {
        return fromLogits;
    }
}
