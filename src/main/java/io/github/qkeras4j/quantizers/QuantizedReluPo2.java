package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code quantized_relu_po2}: non-negative powers of two {@code 2^e(relu(x))}, with the
 * exponent range of {@code bits} bits (one fewer for the exponent's sign when max_value > 1 or None).
 * With a negative_slope ns, negative inputs become {@code −2^e(ns·|x|)}; without one, negative inputs
 * and 0 become {@code +2^min_exponent}. The output is {@code x̃ + qnoise_factor·(xq − x̃)} with
 * {@code x̃} the leaky relu capped at max_value, and the gradient is that of {@code x̃}.
 */
public final class QuantizedReluPo2 extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("quantized_relu_po2")
            .parameter("bits", 8L).parameter("max_value", null).parameter("negative_slope", 0L)
            .parameter("use_stochastic_rounding", false).parameter("quadratic_approximation", false)
            .parameter("log2_rounding", "rnd").parameter("qnoise_factor", 1.0).parameter("var_name", null)
            .parameter("use_ste", true).parameter("use_variables", false)
            .alwaysPrinted(1)
            .config("bits", "max_value", "negative_slope", "use_stochastic_rounding", "quadratic_approximation",
                    "qnoise_factor", "log2_rounding")
            .acceptedOnly("var_name", "use_variables")
            .build();

    private final int bits;
    private final Double maxValue;
    private final double negativeSlope;
    private final boolean useStochasticRounding;
    private final boolean quadraticApproximation;
    private final String log2Rounding;
    private final double qnoiseFactor;
    private final boolean useSte;
    private final PowerOfTwo exponents;

    /**
     * @throws IllegalArgumentException for a negative max_value, a negative_slope that is negative or
     *                                  not a power of two, or an unknown log2_rounding
     */
    public QuantizedReluPo2(int bits, Double maxValue, double negativeSlope, boolean useStochasticRounding,
                            boolean quadraticApproximation, String log2Rounding, double qnoiseFactor,
                            boolean useSte) {
        String name = SIGNATURE.quantizer();
        check("rnd".equals(log2Rounding) || "floor".equals(log2Rounding), name,
                "log2_rounding must be 'rnd' or 'floor', received " + PythonValues.format(log2Rounding));
        QuantizedRelu.checkSlope(name, negativeSlope);
        this.exponents = PowerOfTwo.of(name, bits, maxValue, quadraticApproximation, log2Rounding);
        this.bits = bits;
        this.maxValue = maxValue;
        this.negativeSlope = negativeSlope;
        this.useStochasticRounding = useStochasticRounding;
        this.quadraticApproximation = quadraticApproximation;
        this.log2Rounding = log2Rounding;
        this.qnoiseFactor = qnoiseFactor;
        this.useSte = useSte;
    }

    static QuantizedReluPo2 fromArguments(Arguments a) {
        return new QuantizedReluPo2(a.integer("bits"), a.optionalReal("max_value"), a.real("negative_slope"),
                a.flag("use_stochastic_rounding"), a.flag("quadratic_approximation"),
                a.choice("log2_rounding", "rnd", "floor"), a.real("qnoise_factor"), a.flag("use_ste"));
    }

    @Override
    Signature signature() {
        return SIGNATURE;
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("bits", (long) bits);
        values.put("max_value", maxValue);
        values.put("negative_slope", negativeSlope == Math.rint(negativeSlope) && Math.abs(negativeSlope) < 1e15
                ? (Object) (long) negativeSlope : (Object) negativeSlope);
        values.put("use_stochastic_rounding", useStochasticRounding);
        values.put("quadratic_approximation", quadraticApproximation);
        values.put("log2_rounding", log2Rounding);
        values.put("qnoise_factor", qnoiseFactor);
        values.put("use_ste", useSte);
        return values;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        float[] x = input.data();
        float[] out = output.data();
        boolean stochastic = useStochasticRounding && context.training();
        float qn = (float) qnoiseFactor;
        float ns = (float) negativeSlope;
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            float xq;
            if (v >= 0f || ns == 0f) {
                float positive = v > 0f ? v : 0f;
                xq = Numerics.pow2(exponents.exponent(positive, stochastic, context.random()));
            } else {
                float negative = -v * ns;
                xq = -Numerics.pow2(exponents.exponent(negative, stochastic, context.random()));
            }
            out[i] = Numerics.straightThrough(companion(v, ns), xq, qn, useSte);
        }
    }

    /** The leaky relu of x, replaced by max_value above it. */
    private float companion(float v, float ns) {
        if (maxValue != null && v > maxValue.floatValue()) {
            return maxValue.floatValue();
        }
        return v > 0f ? v : ns * v + 0f;
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        float[] x = input.data();
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        float scale = useSte ? 1f : 1f - (float) qnoiseFactor;
        float ns = (float) negativeSlope;
        for (int i = 0; i < dx.length; i++) {
            float v = x[i];
            float derivative;
            if (maxValue != null && v > maxValue.floatValue()) {
                derivative = 0f;
            } else if (v > 0f) {
                derivative = 1f;
            } else {
                derivative = ns;
            }
            dx[i] += scale * derivative * dy[i];
        }
    }

    @Override
    public double max() {
        if (maxValue != null && maxValue != 0) {
            return Math.max(1.0, maxValue);
        }
        return Math.max(1.0, Math.pow(2, exponents.maxExponent()));
    }

    /** {@code 2^min_exponent}, or with a slope and bits > 1 {@code min(2^min_exponent, −slope·2^(bits−1))}. */
    @Override
    public double min() {
        double smallest = Math.pow(2, exponents.minExponent());
        if (negativeSlope == 0 || bits - 1 <= 0) {
            return smallest;
        }
        return Math.min(smallest, -negativeSlope * Math.pow(2, bits - 1));
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(bits);
    }
}
