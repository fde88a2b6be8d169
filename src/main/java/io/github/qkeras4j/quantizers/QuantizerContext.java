package io.github.qkeras4j.quantizers;

import java.util.SplittableRandom;

/**
 * What a quantizer call may depend on besides its input: the learning phase (QKeras's global
 * {@code K.learning_phase()}: stochastic rounding is active only in training), a seeded random
 * source, and the internal sigmoid that QKeras keeps as module-global state.
 *
 * @param training        true for learning phase 1
 * @param random          source of uniform draws for stochastic quantizers
 * @param internalSigmoid QKeras's {@code set_internal_sigmoid} mode
 */
public record QuantizerContext(boolean training, SplittableRandom random, InternalSigmoid internalSigmoid) {
    public QuantizerContext {
        if (random == null) {
            throw new IllegalArgumentException("random source must not be null");
        }
        if (internalSigmoid == null) {
            throw new IllegalArgumentException("internal sigmoid must not be null");
        }
    }

    /** Inference mode with the default ("hard") internal sigmoid. */
    public static QuantizerContext inference() {
        return new QuantizerContext(false, new SplittableRandom(0), InternalSigmoid.HARD);
    }

    /** Training mode with a seeded random source and the default internal sigmoid. */
    public static QuantizerContext training(long seed) {
        return new QuantizerContext(true, new SplittableRandom(seed), InternalSigmoid.HARD);
    }
}
