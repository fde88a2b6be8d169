package io.github.qkeras4j.quantizers;

/**
 * QKeras's internal sigmoid ({@code set_internal_sigmoid}), used by quantized_relu(use_sigmoid),
 * quantized_ulaw, quantized_tanh, quantized_sigmoid and the stochastic quantizers.
 */
public enum InternalSigmoid {
    /** {@code clip(0.5·x + 0.5, 0, 1)}; QKeras's default. */
    HARD,
    /** {@code clip(0.1875·x + 0.5, 0, 1)}. */
    SMOOTH,
    /** The logistic function {@code 1 / (1 + e^-x)}. */
    REAL
}
