package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code quantized_sigmoid}: {@code clip(rne(p·m)/m, symmetric/m, 1 − 1/m)} with
 * {@code m = 2^bits} and {@code p} the logistic function (use_real_sigmoid) or the internal sigmoid.
 * The gradient is {@code dp/dx} where the rounded value lies inside the clip range, else 0.
 */
public final class QuantizedSigmoid extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("quantized_sigmoid")
            .parameter("bits", 8L).parameter("symmetric", false).parameter("use_real_sigmoid", false)
            .parameter("use_stochastic_rounding", false)
            .alwaysPrinted(1)
            .config("bits", "symmetric", "use_real_sigmoid", "use_stochastic_rounding")
            .build();

    private final int bits;
    private final boolean symmetric;
    private final boolean useRealSigmoid;
    private final boolean useStochasticRounding;
    /** The internal sigmoid of the last forward call, which the backward pass differentiates. */
    private volatile InternalSigmoid lastSigmoid = InternalSigmoid.HARD;

    /** @throws IllegalArgumentException for bits < 1 */
    public QuantizedSigmoid(int bits, boolean symmetric, boolean useRealSigmoid, boolean useStochasticRounding) {
        check(bits >= 1, SIGNATURE.quantizer(), "bits must be >= 1, received " + bits);
        this.bits = bits;
        this.symmetric = symmetric;
        this.useRealSigmoid = useRealSigmoid;
        this.useStochasticRounding = useStochasticRounding;
    }

    static QuantizedSigmoid fromArguments(Arguments a) {
        return new QuantizedSigmoid(a.integer("bits"), a.flag("symmetric"), a.flag("use_real_sigmoid"),
                a.flag("use_stochastic_rounding"));
    }

    @Override
    Signature signature() {
        return SIGNATURE;
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("bits", (long) bits);
        values.put("symmetric", symmetric);
        values.put("use_real_sigmoid", useRealSigmoid);
        values.put("use_stochastic_rounding", useStochasticRounding);
        return values;
    }

    private InternalSigmoid mode(InternalSigmoid internal) {
        return useRealSigmoid ? InternalSigmoid.REAL : internal;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        float[] x = input.data();
        float[] out = output.data();
        float m = Numerics.pow2(bits);
        float lo = (symmetric ? 1f : 0f) / m;
        float hi = 1f - 1f / m;
        boolean stochastic = useStochasticRounding && context.training();
        InternalSigmoid sigmoid = mode(context.internalSigmoid());
        lastSigmoid = sigmoid;
        for (int i = 0; i < x.length; i++) {
            float scaled = InternalSigmoids.apply(sigmoid, x[i]) * m;
            float rounded = stochastic ? Numerics.stochasticRound(scaled, 0.5, context.random()) : Numerics.rne(scaled);
            out[i] = InternalSigmoids.clip(rounded / m, lo, hi);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        float[] x = input.data();
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        float m = Numerics.pow2(bits);
        float lo = (symmetric ? 1f : 0f) / m;
        float hi = 1f - 1f / m;
        InternalSigmoid sigmoid = lastSigmoid;
        for (int i = 0; i < x.length; i++) {
            float v = Numerics.rne(InternalSigmoids.apply(sigmoid, x[i]) * m) / m;
            if (v >= lo && v <= hi) {
                dx[i] += InternalSigmoids.derivative(sigmoid, x[i]) * dy[i];
            }
        }
    }

    @Override
    public double max() {
        return 1.0 - 1.0 / Math.pow(2, bits);
    }

    @Override
    public double min() {
        return (symmetric ? 1.0 : 0.0) / Math.pow(2, bits);
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(bits);
    }
}
