package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code quantized_relu}: an unsigned fixed-point relu, optionally leaky.
 *
 * <p>With {@code ns = negative_slope}, {@code nb = bits − (ns ≠ 0 ? 1 : 0)}, {@code m = 2^nb},
 * {@code mi = 2^integer} and {@code p = x·m/mi}:
 * {@code xq = mi·clip(rne(p)/m, 0, 1 − 1/m)}, plus {@code mi·ns·clip(rne(p·ns)/(ns·m), −1, 0)} when
 * ns > 0. With use_sigmoid, {@code p = σ_int(x/mi)·m} and each clip argument becomes
 * {@code 2·(rne(·)/m) − 1}. The output is {@code x̃ + qnoise_factor·(xq − x̃)} where the companion
 * {@code x̃} is the leaky relu capped at {@code mi − mi/m} (is_quantized_clip, the default) or at
 * relu_upper_bound; the gradient is that of {@code x̃}: 1 on {@code (0, cap]}, ns below, 0 above.
 */
public final class QuantizedRelu extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("quantized_relu")
            .parameter("bits", 8L).parameter("integer", 0L).parameter("use_sigmoid", 0L)
            .parameter("negative_slope", 0.0).parameter("use_stochastic_rounding", false)
            .parameter("relu_upper_bound", null).parameter("is_quantized_clip", true)
            .parameter("qnoise_factor", 1.0).parameter("var_name", null).parameter("use_ste", true)
            .parameter("use_variables", false).parameter("enable_fast_inference", false)
            .alwaysPrinted(2)
            .config("bits", "integer", "use_sigmoid", "negative_slope", "use_stochastic_rounding",
                    "relu_upper_bound", "qnoise_factor")
            .acceptedOnly("var_name", "use_variables")
            .build();

    private final int bits;
    private final int integer;
    private final boolean useSigmoid;
    private final double negativeSlope;
    private final boolean useStochasticRounding;
    private final Double reluUpperBound;
    private final boolean isQuantizedClip;
    private final double qnoiseFactor;
    private final boolean useSte;
    private final boolean enableFastInference;

    /** {@code quantized_relu(bits, integer)} with the remaining parameters at their defaults. */
    public QuantizedRelu(int bits, int integer) {
        this(bits, integer, false, 0.0, false, null, true, 1.0, true, false);
    }

    /**
     * Creates the quantizer; parameters as in QKeras.
     *
     * @throws IllegalArgumentException for bits < 1 or a negative_slope that is negative or not a power of two
     */
    public QuantizedRelu(int bits, int integer, boolean useSigmoid, double negativeSlope, boolean useStochasticRounding,
                         Double reluUpperBound, boolean isQuantizedClip, double qnoiseFactor, boolean useSte,
                         boolean enableFastInference) {
        String name = SIGNATURE.quantizer();
        check(bits >= 1, name, "bits must be >= 1, received " + bits);
        checkSlope(name, negativeSlope);
        this.bits = bits;
        this.integer = integer;
        this.useSigmoid = useSigmoid;
        this.negativeSlope = negativeSlope;
        this.useStochasticRounding = useStochasticRounding;
        this.reluUpperBound = reluUpperBound;
        this.isQuantizedClip = isQuantizedClip;
        this.qnoiseFactor = qnoiseFactor;
        this.useSte = useSte;
        this.enableFastInference = enableFastInference;
    }

    /** QKeras asserts that a negative slope is >= 0 and, when not 0, an exact power of two. */
    static void checkSlope(String quantizer, double slope) {
        boolean powerOfTwo = slope > 0 && Double.isFinite(slope) && Math.getExponent(slope) >= Double.MIN_EXPONENT
                && slope == Math.scalb(1.0, Math.getExponent(slope));
        check(slope == 0 || powerOfTwo, quantizer,
                "negative_slope must be 0 or a positive power of two, received " + slope);
    }

    static QuantizedRelu fromArguments(Arguments a) {
        return new QuantizedRelu(a.integer("bits"), a.integer("integer"), a.flag("use_sigmoid"),
                a.real("negative_slope"), a.flag("use_stochastic_rounding"), a.optionalReal("relu_upper_bound"),
                a.flag("is_quantized_clip"), a.real("qnoise_factor"), a.flag("use_ste"),
                a.flag("enable_fast_inference"));
    }

    @Override
    Signature signature() {
        return SIGNATURE;
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("bits", (long) bits);
        values.put("integer", (long) integer);
        values.put("use_sigmoid", asInt(useSigmoid));
        values.put("negative_slope", negativeSlope);
        values.put("use_stochastic_rounding", useStochasticRounding);
        values.put("relu_upper_bound", reluUpperBound);
        values.put("is_quantized_clip", isQuantizedClip);
        values.put("qnoise_factor", qnoiseFactor);
        values.put("use_ste", useSte);
        values.put("enable_fast_inference", enableFastInference);
        return values;
    }

    private int valueBits() {
        return bits - (negativeSlope != 0 ? 1 : 0);
    }

    /** Largest companion value: the top of the grid, relu_upper_bound, or unbounded. */
    private float cap() {
        if (isQuantizedClip) {
            float mi = Numerics.pow2(integer);
            return mi - Numerics.pow2(integer - valueBits());
        }
        return reluUpperBound != null ? reluUpperBound.floatValue() : Float.POSITIVE_INFINITY;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        float[] x = input.data();
        float[] out = output.data();
        if (enableFastInference) {
            forwardFast(x, out);
            return;
        }
        int nb = valueBits();
        float m = Numerics.pow2(nb);
        float mi = Numerics.pow2(integer);
        float ns = (float) negativeSlope;
        float top = 1f - 1f / m;
        float negativeStep = ns != 0f ? 1f / (ns * m) : 0f;
        float miNs = mi * ns;
        float cap = cap();
        boolean clipToBound = reluUpperBound != null && reluUpperBound != 0.0 && !isQuantizedClip;
        float bound = reluUpperBound == null ? 0f : reluUpperBound.floatValue();
        boolean stochastic = useStochasticRounding && context.training();
        InternalSigmoid sigmoid = context.internalSigmoid();
        float qn = (float) qnoiseFactor;

        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            float xq;
            if (!useSigmoid) {
                float p = v * m / mi;
                xq = mi * InternalSigmoids.clip(round(p, stochastic, context) / m, 0f, top);
                if (ns > 0f) {
                    float negative = round(p * ns, stochastic, context) * negativeStep;
                    xq += miNs * InternalSigmoids.clip(negative, -1f, 0f);
                }
            } else {
                float p = InternalSigmoids.apply(sigmoid, v / mi) * m;
                xq = mi * InternalSigmoids.clip(2f * (round(p, stochastic, context) / m) - 1f, 0f, top);
                if (ns > 0f) {
                    float negative = 2f * (round(p * ns, stochastic, context) * negativeStep) - 1f;
                    xq += miNs * InternalSigmoids.clip(negative, -1f, 0f);
                }
            }
            if (clipToBound) {
                xq = Math.min(xq, bound);
            }
            float leaky = v > 0f ? v : ns * v + 0f;
            float companion = v <= cap ? leaky : cap;
            out[i] = Numerics.straightThrough(companion, xq, qn, useSte);
        }
    }

    private static float round(float v, boolean stochastic, QuantizerContext context) {
        return stochastic ? Numerics.stochasticRound(v, 0.5f, context.random()) : Numerics.rne(v);
    }

    /** {@code mi·clip(rne(x·2^(bits−integer))·2^−bits, 0, 1 − 2^−bits)}; ignores slope, sigmoid, bound and qnoise. */
    private void forwardFast(float[] x, float[] out) {
        float mi = Numerics.pow2(integer);
        float shift = Numerics.pow2(bits - integer);
        float unit = Numerics.pow2(-bits);
        float top = 1f - unit;
        for (int i = 0; i < x.length; i++) {
            out[i] = mi * InternalSigmoids.clip(Numerics.rne(x[i] * shift) * unit, 0f, top);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        float[] x = input.data();
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        float scale = useSte ? 1f : 1f - (float) qnoiseFactor;
        float ns = (float) negativeSlope;
        float cap = cap();
        for (int i = 0; i < dx.length; i++) {
            float v = x[i];
            float derivative = ns;
            if (v > cap) {
                derivative = 0f;
            } else if (v > 0f) {
                derivative = 1f;
            }
            dx[i] += scale * derivative * dy[i];
        }
    }

    /**
     * Codes on the grid of step {@code mi/m}: {@code [−ns·m, m − 1]}. Outputs clipped to a
     * relu_upper_bound that is not on the grid have no code.
     */
    @Override
    public IntegerCodes integerCodes(Tensor out) {
        int nb = valueBits();
        if (nb > 30) {
            throw new IllegalStateException("quantized_relu: integer codes need bits <= 31, received " + bits);
        }
        float step = Numerics.pow2(integer - nb);
        int maxCode = (1 << nb) - 1;
        int minCode = (int) -Math.floor(negativeSlope * (1 << nb));
        return Grid.codes(name(), out, ChannelGroups.whole(out.shape()), new float[] {step}, minCode, maxCode);
    }

    @Override
    public double max() {
        return valueBits() > 0 ? Math.max(1.0, Math.pow(2, integer)) : 1.0;
    }

    @Override
    public double min() {
        if (negativeSlope == 0) {
            return 0.0;
        }
        return bits - 1 > 0 ? Math.min(-0.0, -negativeSlope * Math.pow(2, integer)) : -1.0;
    }

    /** {@code [0, 1, …, 2^bits − 1]·2^(integer−bits)}; defined without sigmoid and slope. */
    @Override
    public float[] range() {
        if (useSigmoid || negativeSlope != 0 || bits > 24) {
            return null;
        }
        int count = 1 << bits;
        float step = Numerics.pow2(integer - bits);
        float[] values = new float[count];
        for (int c = 0; c < count; c++) {
            values[c] = c * step;
        }
        return values;
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(bits);
    }

    @Override
    public OptionalInt integer() {
        return OptionalInt.of(integer);
    }
}
