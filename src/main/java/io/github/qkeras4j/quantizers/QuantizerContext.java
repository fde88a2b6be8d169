package io.github.qkeras4j.quantizers;

import java.util.SplittableRandom;

/**
 * What a quantizer call may depend on besides its input: the learning phase (QKeras's global
 * {@code K.learning_phase()}: stochastic rounding is active only in training), a seeded random
 * source, the internal sigmoid that QKeras keeps as module-global state, and whether the call
 * stands for one inside a compiled Keras model.
 *
 * <p>The last point matters because TensorFlow runs a Keras model's {@code predict} and {@code fit}
 * as a graph, and its graph optimizer rewrites {@code log(1 + x)} into {@code log1p(x)}, which
 * rounds differently in float32. A quantizer called on its own (QKeras's
 * {@code model_save_quantized_weights}, a direct call) runs eagerly without that rewrite. Only
 * quantized_ulaw's expansion contains such an expression.
 *
 * @param training        true for learning phase 1
 * @param random          source of uniform draws for stochastic quantizers
 * @param internalSigmoid QKeras's {@code set_internal_sigmoid} mode
 * @param inModel         true inside a model's forward pass (TensorFlow graph semantics), false
 *                        for a quantizer called on its own (eager semantics)
 */
public record QuantizerContext(boolean training, SplittableRandom random, InternalSigmoid internalSigmoid,
                               boolean inModel) {
    public QuantizerContext {
        if (random == null) {
            throw new IllegalArgumentException("random source must not be null");
        }
        if (internalSigmoid == null) {
            throw new IllegalArgumentException("internal sigmoid must not be null");
        }
    }

    /** A context for a quantizer called on its own (eager semantics). */
    public QuantizerContext(boolean training, SplittableRandom random, InternalSigmoid internalSigmoid) {
        this(training, random, internalSigmoid, false);
    }

    /** Inference mode with the default ("hard") internal sigmoid, for a quantizer called on its own. */
    public static QuantizerContext inference() {
        return new QuantizerContext(false, new SplittableRandom(0), InternalSigmoid.HARD);
    }

    /** Training mode with a seeded random source and the default internal sigmoid, on its own. */
    public static QuantizerContext training(long seed) {
        return new QuantizerContext(true, new SplittableRandom(seed), InternalSigmoid.HARD);
    }

    /** Inference inside a model's forward pass, with the default internal sigmoid. */
    public static QuantizerContext modelInference() {
        return new QuantizerContext(false, new SplittableRandom(0), InternalSigmoid.HARD, true);
    }
}
