package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code quantized_tanh}: {@code clip(rne(p·m)/m, −1 + symmetric/m, 1 − 1/m)} with
 * {@code m = 2^(bits−1)} and {@code p = tanh(x)} (use_real_tanh) or {@code 2·σ_int(x) − 1} (with the
 * default hard internal sigmoid that is {@code clip(x, −1, 1)}). Only the rounding is
 * straight-through: the gradient is {@code dp/dx} where the rounded value lies inside the clip range,
 * else 0. Note the positional order (bits, use_stochastic_rounding, symmetric, use_real_tanh), which
 * differs from quantized_sigmoid's.
 */
public final class QuantizedTanh extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("quantized_tanh")
            .parameter("bits", 8L).parameter("use_stochastic_rounding", false).parameter("symmetric", false)
            .parameter("use_real_tanh", false)
            .alwaysPrinted(1)
            .config("bits", "symmetric", "use_stochastic_rounding", "use_real_tanh")
            .build();

    private final int bits;
    private final boolean useStochasticRounding;
    private final boolean symmetric;
    private final boolean useRealTanh;
    /** The internal sigmoid of the last forward call, which the backward pass differentiates. */
    private volatile InternalSigmoid lastSigmoid = InternalSigmoid.HARD;

    /** @throws IllegalArgumentException for bits < 1 */
    public QuantizedTanh(int bits, boolean useStochasticRounding, boolean symmetric, boolean useRealTanh) {
        check(bits >= 1, SIGNATURE.quantizer(), "bits must be >= 1, received " + bits);
        this.bits = bits;
        this.useStochasticRounding = useStochasticRounding;
        this.symmetric = symmetric;
        this.useRealTanh = useRealTanh;
    }

    static QuantizedTanh fromArguments(Arguments a) {
        return new QuantizedTanh(a.integer("bits"), a.flag("use_stochastic_rounding"), a.flag("symmetric"),
                a.flag("use_real_tanh"));
    }

    @Override
    Signature signature() {
        return SIGNATURE;
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("bits", (long) bits);
        values.put("use_stochastic_rounding", useStochasticRounding);
        values.put("symmetric", symmetric);
        values.put("use_real_tanh", useRealTanh);
        return values;
    }

    private float levels() {
        return Numerics.pow2(bits - 1);
    }

    private float p(float x, InternalSigmoid sigmoid) {
        return useRealTanh ? Numerics.tanh(x) : 2f * InternalSigmoids.apply(sigmoid, x) - 1f;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        float[] x = input.data();
        float[] out = output.data();
        float m = levels();
        float lo = -1f + (symmetric ? 1f : 0f) / m;
        float hi = 1f - 1f / m;
        boolean stochastic = useStochasticRounding && context.training();
        InternalSigmoid sigmoid = context.internalSigmoid();
        lastSigmoid = sigmoid;
        for (int i = 0; i < x.length; i++) {
            float scaled = p(x[i], sigmoid) * m;
            float rounded = stochastic ? Numerics.stochasticRound(scaled, 0.5, context.random()) : Numerics.rne(scaled);
            out[i] = InternalSigmoids.clip(rounded / m, lo, hi);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        float[] x = input.data();
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        float m = levels();
        float lo = -1f + (symmetric ? 1f : 0f) / m;
        float hi = 1f - 1f / m;
        InternalSigmoid sigmoid = lastSigmoid;
        for (int i = 0; i < x.length; i++) {
            float v = Numerics.rne(p(x[i], sigmoid) * m) / m;
            if (v < lo || v > hi) {
                continue;
            }
            float slope;
            if (useRealTanh) {
                float t = Numerics.tanh(x[i]);
                slope = 1f - t * t;
            } else {
                slope = 2f * InternalSigmoids.derivative(sigmoid, x[i]);
            }
            dx[i] += slope * dy[i];
        }
    }

    @Override
    public double max() {
        return 1.0 - 1.0 / Math.pow(2, bits - 1);
    }

    @Override
    public double min() {
        return -1.0 + (symmetric ? 1.0 : 0.0) / Math.pow(2, bits - 1);
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(bits);
    }
}
