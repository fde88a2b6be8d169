package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code quantized_hswish}: quantized_bits applied to the hard swish
 * {@code h = x·r/ub} with {@code r = relu(x + relu_shift)} capped at {@code ub = relu_upper_bound}.
 * keep_negative is always True. Alpha, scale_axis and the scale behave as in {@link QuantizedBits},
 * computed from h; the gradient is {@code (r + x·𝟙[0 < x + relu_shift ≤ ub]) / ub}.
 */
public final class QuantizedHswish extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("quantized_hswish")
            .parameter("bits", 8L).parameter("integer", 0L).parameter("symmetric", 0L).parameter("alpha", null)
            .parameter("use_stochastic_rounding", false).parameter("scale_axis", null)
            .parameter("qnoise_factor", 1.0).parameter("var_name", null).parameter("use_variables", false)
            .parameter("relu_shift", 3L).parameter("relu_upper_bound", 6L)
            // QKeras's get_config also writes these two, although its constructor rejects them. They are
            // accepted here with their only valid values, so that a config round trip works.
            .parameter("keep_negative", true).parameter("post_training_scale", null)
            .alwaysPrinted(3)
            .config("bits", "integer", "symmetric", "alpha", "keep_negative", "use_stochastic_rounding",
                    "qnoise_factor", "post_training_scale", "relu_shift", "relu_upper_bound")
            .acceptedOnly("var_name", "use_variables")
            .build();

    private final QuantizedBits bits;
    private final double reluShift;
    private final double reluUpperBound;

    /** @throws IllegalArgumentException for bits < 1 or a relu_shift or relu_upper_bound that is not > 0 */
    public QuantizedHswish(int bits, int integer, boolean symmetric, Alpha alpha, boolean useStochasticRounding,
                           int[] scaleAxis, double qnoiseFactor, double reluShift, double reluUpperBound) {
        this(new QuantizedBits(bits, integer, symmetric, true, alpha, useStochasticRounding, scaleAxis, qnoiseFactor,
                true, null, null, null, null), reluShift, reluUpperBound);
    }

    private QuantizedHswish(QuantizedBits bits, double reluShift, double reluUpperBound) {
        String name = SIGNATURE.quantizer();
        check(reluShift > 0, name, "relu_shift must be > 0, received " + reluShift);
        check(reluUpperBound > 0, name, "relu_upper_bound must be > 0, received " + reluUpperBound);
        this.bits = bits;
        this.reluShift = reluShift;
        this.reluUpperBound = reluUpperBound;
    }

    static QuantizedHswish fromArguments(Arguments a) {
        if (!a.flag("keep_negative")) {
            throw new QuantizerSpecException("quantized_hswish: keep_negative is always True, received False");
        }
        if (a.floats("post_training_scale") != null) {
            throw new QuantizerSpecException("quantized_hswish: post_training_scale is not supported, received "
                    + "a value; remove it");
        }
        return new QuantizedHswish(a.integer("bits"), a.integer("integer"), a.flag("symmetric"), a.alpha("alpha"),
                a.flag("use_stochastic_rounding"), a.axes("scale_axis"), a.real("qnoise_factor"),
                a.real("relu_shift"), a.real("relu_upper_bound"));
    }

    @Override
    Signature signature() {
        return SIGNATURE;
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> inner = bits.arguments();
        for (String key : new String[] {"bits", "integer", "symmetric", "alpha", "use_stochastic_rounding",
            "scale_axis", "qnoise_factor"}) {
            values.put(key, inner.get(key));
        }
        values.put("relu_shift", number(reluShift));
        values.put("relu_upper_bound", number(reluUpperBound));
        values.put("keep_negative", true);
        values.put("post_training_scale", null);
        return values;
    }

    /** An integral value as a Python int (QKeras's defaults are ints), else a float. */
    private static Object number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : (Object) value;
    }

    @Override
    public Quantizer forKernel() {
        QuantizedBits kernel = (QuantizedBits) bits.forKernel();
        return kernel == bits ? this : new QuantizedHswish(kernel, reluShift, reluUpperBound);
    }

    /** {@code relu(x + shift)} capped at the upper bound. */
    private float shiftedRelu(float x) {
        float shifted = x + (float) reluShift;
        float bound = (float) reluUpperBound;
        return shifted <= bound ? Math.max(shifted, 0f) : bound;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        float[] x = input.data();
        Tensor swish = Tensor.zeros(input.shape());
        float[] h = swish.data();
        float bound = (float) reluUpperBound;
        for (int i = 0; i < x.length; i++) {
            h[i] = x[i] * shiftedRelu(x[i]) / bound;
        }
        bits.forward(swish, output, context);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        float[] x = input.data();
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        float shift = (float) reluShift;
        float bound = (float) reluUpperBound;
        for (int i = 0; i < x.length; i++) {
            float shifted = x[i] + shift;
            float active = shifted > 0f && shifted <= bound ? 1f : 0f;
            dx[i] += (shiftedRelu(x[i]) + x[i] * active) / bound * dy[i];
        }
    }

    @Override
    public IntegerCodes integerCodes(Tensor out) {
        return bits.integerCodes(out);
    }

    @Override
    public double max() {
        return bits.max();
    }

    /**
     * quantized_bits' min(), unless the hard swish's minimum {@code −shift²/(4·ub)} lies above it; then
     * that minimum quantized on the fixed grid. (QKeras means this but raises AttributeError instead.)
     */
    @Override
    public double min() {
        double quantizedMin = bits.min();
        double parabolicMin = -reluShift * reluShift / (4 * reluUpperBound);
        if (quantizedMin >= parabolicMin || bits.alpha().isAuto()) {
            return quantizedMin;
        }
        Tensor out = Tensor.zeros(1);
        bits.forward(Tensor.of(new float[] {(float) parabolicMin}, 1), out, QuantizerContext.inference());
        return out.data()[0];
    }

    @Override
    public Tensor scale() {
        return bits.scale();
    }

    @Override
    public OptionalInt bits() {
        return bits.bits();
    }

    @Override
    public OptionalInt integer() {
        return bits.integer();
    }
}
