package io.github.qkeras4j.quantizers;

/** Evaluates QKeras's internal sigmoid modes in float32. */
final class InternalSigmoids {
    private InternalSigmoids() {
    }

    /** {@code σ_int(x)} for a mode. */
    static float apply(InternalSigmoid mode, float x) {
        return switch (mode) {
            case HARD -> hard(x);
            case SMOOTH -> smooth(x);
            case REAL -> logistic(x);
        };
    }

    /** Derivative of {@code σ_int} at {@code x}; the clip ends count as inside, as in TensorFlow. */
    static float derivative(InternalSigmoid mode, float x) {
        return switch (mode) {
            case HARD -> {
                float v = 0.5f * x + 0.5f;
                yield v >= 0f && v <= 1f ? 0.5f : 0f;
            }
            case SMOOTH -> {
                float v = 0.1875f * x + 0.5f;
                yield v >= 0f && v <= 1f ? 0.1875f : 0f;
            }
            case REAL -> {
                float s = logistic(x);
                yield s * (1f - s);
            }
        };
    }

    /** {@code clip(0.5·x + 0.5, 0, 1)}. */
    static float hard(float x) {
        return clip(0.5f * x + 0.5f, 0f, 1f);
    }

    /** {@code clip(0.1875·x + 0.5, 0, 1)}. */
    static float smooth(float x) {
        return clip(0.1875f * x + 0.5f, 0f, 1f);
    }

    /** The logistic function, evaluated in double and rounded once to float32. */
    static float logistic(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
    }

    /** Keras {@code clip}: {@code min(max(v, lo), hi)}. */
    static float clip(float v, float lo, float hi) {
        return Math.min(Math.max(v, lo), hi);
    }
}
