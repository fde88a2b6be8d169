package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.quantizers.QuantizerContext;
import java.util.SplittableRandom;

/**
 * What a layer's forward pass may use besides its input.
 *
 * @param tape       records ops (training) and provides the step's buffers
 * @param training   Keras's {@code training} argument: batch statistics, dropout, moving-average updates
 * @param quantizers the quantizers' learning phase, random source and internal sigmoid
 * @param random     the step's random source for dropout masks; layers draw from it in model order
 */
public record ForwardContext(Tape tape, boolean training, QuantizerContext quantizers, SplittableRandom random) {
    /** An inference context with a fresh non-recording tape. */
    public static ForwardContext inference() {
        return new ForwardContext(Tape.inference(), false, QuantizerContext.modelInference(), new SplittableRandom(0));
    }
}
