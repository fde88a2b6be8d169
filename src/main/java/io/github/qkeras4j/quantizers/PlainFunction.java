package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Map;

/**
 * The element-wise functions QKeras resolves by name without calling them: its own
 * {@code hard_sigmoid}, {@code smooth_sigmoid}, {@code binary_sigmoid}, {@code hard_tanh},
 * {@code smooth_tanh}, {@code binary_tanh}, and the Keras activations {@code linear}, {@code relu},
 * {@code sigmoid} and {@code tanh} that QKeras falls back to for names it does not define. They are
 * written without parentheses, have no parameters and no config.
 *
 * <p>QKeras's hard_sigmoid is {@code clip(0.5·x + 0.5, 0, 1)}, not Keras's (slope 0.2): QKeras's
 * own definitions win because its module is searched first.
 */
public final class PlainFunction implements Quantizer {
    /** A float32 function of one variable. */
    private interface FloatFunction {
        float apply(float x);
    }

    /** {@code clip(0.5·x + 0.5, 0, 1)}; gradient 0.5 on [−1, 1]. */
    public static final PlainFunction HARD_SIGMOID = new PlainFunction("hard_sigmoid", InternalSigmoids::hard,
            x -> InternalSigmoids.derivative(InternalSigmoid.HARD, x), 1.0, 0.0);
    /** {@code clip(0.1875·x + 0.5, 0, 1)}; gradient 0.1875 on [−8/3, 8/3]. */
    public static final PlainFunction SMOOTH_SIGMOID = new PlainFunction("smooth_sigmoid", InternalSigmoids::smooth,
            x -> InternalSigmoids.derivative(InternalSigmoid.SMOOTH, x), 1.0, 0.0);
    /** {@code rne(hard_sigmoid(x))} ∈ {0, 1}, so 0 maps to 0; straight-through gradient of hard_sigmoid. */
    public static final PlainFunction BINARY_SIGMOID = new PlainFunction("binary_sigmoid",
            x -> Numerics.rne(InternalSigmoids.hard(x)),
            x -> InternalSigmoids.derivative(InternalSigmoid.HARD, x), 1.0, 0.0);
    /** {@code 2·hard_sigmoid(x) − 1} (= clip(x, −1, 1)); gradient 1 on [−1, 1]. */
    public static final PlainFunction HARD_TANH = new PlainFunction("hard_tanh",
            x -> 2f * InternalSigmoids.hard(x) - 1f,
            x -> 2f * InternalSigmoids.derivative(InternalSigmoid.HARD, x), 1.0, -1.0);
    /** {@code 2·smooth_sigmoid(x) − 1}; gradient 0.375 on [−8/3, 8/3]. */
    public static final PlainFunction SMOOTH_TANH = new PlainFunction("smooth_tanh",
            x -> 2f * InternalSigmoids.smooth(x) - 1f,
            x -> 2f * InternalSigmoids.derivative(InternalSigmoid.SMOOTH, x), 1.0, -1.0);
    /** {@code 2·binary_sigmoid(x) − 1} ∈ {−1, +1}, so 0 maps to −1 (binary() maps it to +1). */
    public static final PlainFunction BINARY_TANH = new PlainFunction("binary_tanh",
            x -> 2f * Numerics.rne(InternalSigmoids.hard(x)) - 1f,
            x -> 2f * InternalSigmoids.derivative(InternalSigmoid.HARD, x), 1.0, -1.0);
    /** Keras {@code linear}: the identity. */
    public static final PlainFunction LINEAR = new PlainFunction("linear", x -> x, x -> 1f,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    /** Keras {@code relu}: {@code max(x, 0)}; gradient 1 for x > 0, 0 elsewhere (also at 0, as TensorFlow). */
    public static final PlainFunction RELU = new PlainFunction("relu", x -> x > 0f ? x : 0f, x -> x > 0f ? 1f : 0f,
            Double.POSITIVE_INFINITY, 0.0);
    /** Keras {@code sigmoid}: the logistic function (in double, rounded to float32). */
    public static final PlainFunction SIGMOID = new PlainFunction("sigmoid", InternalSigmoids::logistic,
            x -> InternalSigmoids.derivative(InternalSigmoid.REAL, x), 1.0, 0.0);
    /** Keras {@code tanh} (in double, rounded to float32). */
    public static final PlainFunction TANH = new PlainFunction("tanh", Numerics::tanh, x -> {
        float t = Numerics.tanh(x);
        return 1f - t * t;
    }, 1.0, -1.0);

    /** Every function, QKeras's first. */
    static final PlainFunction[] ALL = {HARD_SIGMOID, SMOOTH_SIGMOID, BINARY_SIGMOID, HARD_TANH, SMOOTH_TANH,
        BINARY_TANH, LINEAR, RELU, SIGMOID, TANH};

    private final String name;
    private final FloatFunction value;
    private final FloatFunction derivative;
    private final double max;
    private final double min;

    private PlainFunction(String name, FloatFunction value, FloatFunction derivative, double max, double min) {
        this.name = name;
        this.value = value;
        this.derivative = derivative;
        this.max = max;
        this.min = min;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void forward(Tensor x, Tensor out, QuantizerContext context) {
        float[] in = x.data();
        float[] result = out.data();
        for (int i = 0; i < in.length; i++) {
            result[i] = value.apply(in[i]);
        }
    }

    @Override
    public void backward(Tensor x, Tensor out, Tensor gradOut, Tensor gradIn) {
        float[] in = x.data();
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        for (int i = 0; i < in.length; i++) {
            dx[i] += derivative.apply(in[i]) * dy[i];
        }
    }

    /** The bare name, which QKeras resolves to the function itself. */
    @Override
    public String spec() {
        return name;
    }

    /** Empty: a function has no config; Keras stores it by name. */
    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    /** Upper bound of the function's values (the weight-constraint bound of a layer). */
    @Override
    public double max() {
        return max;
    }

    @Override
    public double min() {
        return min;
    }

    @Override
    public String toString() {
        return name;
    }
}
