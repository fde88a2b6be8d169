package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code quantized_po2}: signed powers of two, {@code xq = sgn1(x)·2^e(|x|)} (0 maps to
 * {@code +2^min_exponent}) with the exponent range of {@code bits − 1} bits (one fewer when
 * max_value > 1 or None, for the exponent's sign). The output is {@code x + qnoise_factor·(xq − x)}
 * in float32 (so tiny inputs such as 1e-9 come out as 0 by absorption) and the gradient is 1
 * ({@code 1 − qnoise_factor} without use_ste).
 */
public final class QuantizedPo2 extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("quantized_po2")
            .parameter("bits", 8L).parameter("max_value", null).parameter("use_stochastic_rounding", false)
            .parameter("quadratic_approximation", false).parameter("log2_rounding", "rnd")
            .parameter("qnoise_factor", 1.0).parameter("var_name", null).parameter("use_ste", true)
            .parameter("use_variables", false)
            .alwaysPrinted(1)
            .config("bits", "max_value", "use_stochastic_rounding", "quadratic_approximation", "qnoise_factor",
                    "log2_rounding")
            .acceptedOnly("var_name", "use_variables")
            .build();

    private final int bits;
    private final Double maxValue;
    private final boolean useStochasticRounding;
    private final boolean quadraticApproximation;
    private final String log2Rounding;
    private final double qnoiseFactor;
    private final boolean useSte;
    private final PowerOfTwo exponents;

    /**
     * @param log2Rounding "rnd" (round half to even) or "floor"
     * @throws IllegalArgumentException for a negative max_value, an unknown log2_rounding or bits that
     *                                  leave no exponent bits
     */
    public QuantizedPo2(int bits, Double maxValue, boolean useStochasticRounding, boolean quadraticApproximation,
                        String log2Rounding, double qnoiseFactor, boolean useSte) {
        String name = SIGNATURE.quantizer();
        check("rnd".equals(log2Rounding) || "floor".equals(log2Rounding), name,
                "log2_rounding must be 'rnd' or 'floor', received " + PythonValues.format(log2Rounding));
        this.exponents = PowerOfTwo.of(name, bits - 1, maxValue, quadraticApproximation, log2Rounding);
        this.bits = bits;
        this.maxValue = maxValue;
        this.useStochasticRounding = useStochasticRounding;
        this.quadraticApproximation = quadraticApproximation;
        this.log2Rounding = log2Rounding;
        this.qnoiseFactor = qnoiseFactor;
        this.useSte = useSte;
    }

    static QuantizedPo2 fromArguments(Arguments a) {
        return new QuantizedPo2(a.integer("bits"), a.optionalReal("max_value"), a.flag("use_stochastic_rounding"),
                a.flag("quadratic_approximation"), a.choice("log2_rounding", "rnd", "floor"), a.real("qnoise_factor"),
                a.flag("use_ste"));
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
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            float exponent = exponents.exponent(Math.abs(v), stochastic, context.random());
            float xq = Numerics.signOrOne(v) * Numerics.pow2(exponent);
            out[i] = Numerics.straightThrough(v, xq, qn, useSte);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        float slope = useSte ? 1f : 1f - (float) qnoiseFactor;
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        for (int i = 0; i < dx.length; i++) {
            dx[i] += slope * dy[i];
        }
    }

    /** {@code max(1, max_value)} when max_value is set and non-zero, else {@code max(1, 2^max_exponent)}. */
    @Override
    public double max() {
        if (maxValue != null && maxValue != 0) {
            return Math.max(1.0, maxValue);
        }
        return Math.max(1.0, Math.pow(2, exponents.maxExponent()));
    }

    @Override
    public double min() {
        return -max();
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(bits);
    }
}
