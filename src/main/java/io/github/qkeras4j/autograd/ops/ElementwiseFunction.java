package io.github.qkeras4j.autograd.ops;

/**
 * Keras element-wise activations, each with its derivative written from the input {@code x} and the
 * output {@code y} (whichever is cheaper).
 */
public enum ElementwiseFunction {
    /** {@code y = x}. */
    LINEAR("linear") {
        @Override
        float apply(float x) {
            return x;
        }

        @Override
        float derivative(float x, float y) {
            return 1f;
        }
    },
    /** {@code y = max(x, 0)}; the derivative at 0 is 0, as in TensorFlow. */
    RELU("relu") {
        @Override
        float apply(float x) {
            return x > 0f ? x : 0f;
        }

        @Override
        float derivative(float x, float y) {
            return x > 0f ? 1f : 0f;
        }
    },
    /** {@code y = 1 / (1 + e^-x)}; {@code dy/dx = y·(1 − y)}. */
    SIGMOID("sigmoid") {
        @Override
        float apply(float x) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }

        @Override
        float derivative(float x, float y) {
            return y * (1f - y);
        }
    },
    /** {@code y = tanh(x)}; {@code dy/dx = 1 − y²}. */
    TANH("tanh") {
        @Override
        float apply(float x) {
            return (float) Math.tanh(x);
        }

        @Override
        float derivative(float x, float y) {
            return 1f - y * y;
        }
    };

    private final String kerasName;

    ElementwiseFunction(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The Keras activation name, as written in model configs. */
    public String kerasName() {
        return kerasName;
    }

    abstract float apply(float x);

    abstract float derivative(float x, float y);
}
