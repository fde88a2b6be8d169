package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code quantized_bits}: signed or unsigned fixed point with {@code bits} bits of which
 * {@code integer} are integer bits (sign bit excluded), optionally scaled.
 *
 * <p>With {@code kn = keep_negative ? 1 : 0}, {@code m = 2^(bits−kn)}, {@code mi = 2^integer}:
 * <ul>
 *   <li>alpha None or a number: {@code c = clip(rne(x·m/mi), kn·(symmetric − m), m − 1)},
 *       {@code xq = alpha · mi·c/m}, a grid of step {@code 2^(integer−bits+kn)} multiplied by alpha
 *       after rounding. With {@code bits − kn ≤ 0} (one signed bit) {@code xq = alpha·(x < 0 ? −1 : 1)}.</li>
 *   <li>alpha 'auto' / 'auto_po2': {@code xs = x/mi}, per channel (last axis; the whole vector for
 *       rank 1) {@code s = 2·max|xs| / (2^bits − 2)}; 'auto_po2' rounds s to a power of two and refines
 *       it five times by least squares against {@code z = sgn(xs)·min(⌊|xs|/s + ½⌋, 2^(bits−1) − 1)}
 *       (per element for rank 1). {@code xq = s·mi·z}; {@link #scale()} is {@code s·m}.</li>
 * </ul>
 * The output is QKeras's straight-through sum {@code x + qnoise_factor·(xq − x)} in float32 and the
 * gradient is 1 everywhere ({@code 1 − qnoise_factor} without use_ste).
 */
public final class QuantizedBits extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("quantized_bits")
            .parameter("bits", 8L).parameter("integer", 0L).parameter("symmetric", 0L)
            .parameter("keep_negative", true).parameter("alpha", null)
            .parameter("use_stochastic_rounding", false).parameter("scale_axis", null)
            .parameter("qnoise_factor", 1.0).parameter("var_name", null).parameter("use_ste", true)
            .parameter("use_variables", false).parameter("elements_per_scale", null)
            .parameter("min_po2_exponent", null).parameter("max_po2_exponent", null)
            .parameter("post_training_scale", null)
            .alwaysPrinted(3)
            .config("bits", "integer", "symmetric", "alpha", "keep_negative", "use_stochastic_rounding",
                    "qnoise_factor", "post_training_scale")
            .acceptedOnly("var_name", "use_variables")
            .build();

    /** Iterations of the least-squares refinement of an 'auto_po2' scale; QKeras does not stop early. */
    private static final int PO2_REFINEMENTS = 5;

    private final int bits;
    private final int integer;
    private final boolean symmetric;
    private final boolean keepNegative;
    private final Alpha alpha;
    private final boolean useStochasticRounding;
    private final int[] scaleAxis;
    private final double qnoiseFactor;
    private final boolean useSte;
    private final int[] elementsPerScale;
    private final Integer minPo2Exponent;
    private final Integer maxPo2Exponent;
    private final float[] postTrainingScale;

    /** The scale after the last call; written by {@link #forward}. */
    private volatile LastCall last;

    private record LastCall(Tensor scale, ChannelGroups groups, float[] exportedScale) {
    }

    /** {@code quantized_bits(bits, integer, symmetric)} with the remaining parameters at their defaults. */
    public QuantizedBits(int bits, int integer, boolean symmetric) {
        this(bits, integer, symmetric, true, Alpha.NONE, false, null, 1.0, true, null, null, null, null);
    }

    /**
     * Creates the quantizer; parameters as in QKeras. A string alpha forces symmetric, as QKeras does.
     *
     * @throws IllegalArgumentException for a parameter value QKeras cannot compute with
     */
    public QuantizedBits(int bits, int integer, boolean symmetric, boolean keepNegative, Alpha alpha,
                         boolean useStochasticRounding, int[] scaleAxis, double qnoiseFactor, boolean useSte,
                         int[] elementsPerScale, Integer minPo2Exponent, Integer maxPo2Exponent,
                         float[] postTrainingScale) {
        String name = SIGNATURE.quantizer();
        check(bits >= 1, name, "bits must be >= 1, received " + bits);
        check(alpha != null, name, "alpha must not be null; use Alpha.NONE");
        check(elementsPerScale == null || alpha.kind() == Alpha.Kind.AUTO_PO2, name,
                "elements_per_scale needs alpha='auto_po2', received alpha=" + PythonValues.format(alpha.pythonValue()));
        check(elementsPerScale == null || scaleAxis != null, name, "elements_per_scale needs scale_axis");
        check((minPo2Exponent == null && maxPo2Exponent == null) || alpha.kind() == Alpha.Kind.AUTO_PO2, name,
                "min_po2_exponent and max_po2_exponent need alpha='auto_po2', received alpha="
                        + PythonValues.format(alpha.pythonValue()));
        if (elementsPerScale != null) {
            check(scaleAxis.length > 1 || elementsPerScale.length == 1, name,
                    "an integer scale_axis needs an integer elements_per_scale, received "
                            + PythonValues.format(axesValue(elementsPerScale)));
            check(elementsPerScale.length == 1 || elementsPerScale.length == scaleAxis.length, name,
                    "elements_per_scale " + PythonValues.format(axesValue(elementsPerScale))
                            + " must have one count per scale_axis entry " + PythonValues.format(axesValue(scaleAxis)));
            for (int count : elementsPerScale) {
                check(count >= 1, name, "elements_per_scale must be >= 1, received " + count);
            }
        }
        check(postTrainingScale == null || alpha.isAuto(), name,
                "post_training_scale needs alpha='auto' or 'auto_po2', received alpha="
                        + PythonValues.format(alpha.pythonValue()));
        this.bits = bits;
        this.integer = integer;
        this.symmetric = symmetric || alpha.isAuto();
        this.keepNegative = keepNegative;
        this.alpha = alpha;
        this.useStochasticRounding = useStochasticRounding;
        this.scaleAxis = scaleAxis == null ? null : scaleAxis.clone();
        this.qnoiseFactor = qnoiseFactor;
        this.useSte = useSte;
        this.elementsPerScale = elementsPerScale == null ? null : elementsPerScale.clone();
        this.minPo2Exponent = minPo2Exponent;
        this.maxPo2Exponent = maxPo2Exponent;
        this.postTrainingScale = postTrainingScale == null ? null : postTrainingScale.clone();
        if (postTrainingScale != null) {
            this.last = new LastCall(frozenScaleTensor(), null, null);
        }
    }

    static QuantizedBits fromArguments(Arguments a) {
        return new QuantizedBits(a.integer("bits"), a.integer("integer"), a.flag("symmetric"),
                a.flag("keep_negative"), a.alpha("alpha"), a.flag("use_stochastic_rounding"), a.axes("scale_axis"),
                a.real("qnoise_factor"), a.flag("use_ste"), a.axes("elements_per_scale"),
                a.optionalInteger("min_po2_exponent"), a.optionalInteger("max_po2_exponent"),
                a.floats("post_training_scale"));
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
        values.put("symmetric", asInt(symmetric));
        values.put("keep_negative", keepNegative);
        values.put("alpha", alpha.pythonValue());
        values.put("use_stochastic_rounding", useStochasticRounding);
        values.put("scale_axis", axesValue(scaleAxis));
        values.put("qnoise_factor", qnoiseFactor);
        values.put("use_ste", useSte);
        values.put("elements_per_scale", axesValue(elementsPerScale));
        values.put("min_po2_exponent", intValue(minPo2Exponent));
        values.put("max_po2_exponent", intValue(maxPo2Exponent));
        values.put("post_training_scale", postTrainingScale == null ? null
                : java.util.stream.IntStream.range(0, postTrainingScale.length)
                        .mapToObj(i -> (Object) (double) postTrainingScale[i]).toList());
        return values;
    }

    /** Layers' kernel form: alpha None becomes 'auto_po2' (symmetric), as QKeras's layers do. */
    @Override
    public Quantizer forKernel() {
        if (alpha.kind() != Alpha.Kind.NONE) {
            return this;
        }
        return new QuantizedBits(bits, integer, true, keepNegative, Alpha.AUTO_PO2, useStochasticRounding, scaleAxis,
                qnoiseFactor, useSte, elementsPerScale, minPo2Exponent, maxPo2Exponent, null);
    }

    private int kn() {
        return keepNegative ? 1 : 0;
    }

    @Override
    public void forward(Tensor x, Tensor out, QuantizerContext context) {
        if (alpha.isAuto()) {
            forwardAuto(x, out);
        } else {
            forwardFixed(x.data(), out.data(), context);
        }
    }

    private void forwardFixed(float[] x, float[] out, QuantizerContext context) {
        int kn = kn();
        float m = Numerics.pow2(bits - kn);
        float mi = Numerics.pow2(integer);
        float scale = (float) alpha.value();
        boolean scaled = alpha.kind() == Alpha.Kind.FIXED;
        boolean stochastic = useStochasticRounding && context.training();
        float qn = (float) qnoiseFactor;
        if (bits - kn > 0) {
            float lo = kn * ((symmetric ? 1f : 0f) - m);
            float hi = Math.max(m - 1f, lo);
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                float p = v * m / mi;
                float r = stochastic ? Numerics.stochasticRound(p, 1f, context.random()) : Numerics.rne(p);
                float c = Math.min(Math.max(r, lo), hi);
                float xq = mi * c / m;
                if (scaled) {
                    xq = scale * xq;
                }
                out[i] = Numerics.straightThrough(v, xq, qn, useSte);
            }
        } else {
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                float xq = Numerics.signOrOne(v);
                if (scaled) {
                    xq = scale * xq;
                }
                out[i] = Numerics.straightThrough(v, xq, qn, useSte);
            }
        }
        last = new LastCall(Tensor.scalar(scale), null, null);
    }

    private void forwardAuto(Tensor input, Tensor output) {
        int[] shape = input.shape();
        if (shape.length == 0) {
            throw new IllegalArgumentException("quantized_bits: alpha=" + PythonValues.format(alpha.pythonValue())
                    + " needs an input of rank >= 1, received a scalar");
        }
        float[] x = input.data();
        float[] out = output.data();
        int n = x.length;
        float m = Numerics.pow2(bits - kn());
        float mi = Numerics.pow2(integer);
        float halfRange = Numerics.pow2(bits - 1) - 1f;
        float levels = Numerics.pow2(bits) - 2f;

        float[] xs = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[i] / mi;
        }

        float[] z = new float[n];
        ChannelGroups leastSquaresGroups = LeastSquares.groups(shape, scaleAxis, elementsPerScale, true);
        ChannelGroups groups;
        float[] s;
        if (postTrainingScale != null) {
            groups = frozenGroups(leastSquaresGroups);
            s = new float[postTrainingScale.length];
            for (int g = 0; g < s.length; g++) {
                s[g] = postTrainingScale[g] / m;
            }
        } else {
            // The first scale is the smallest that does not clip the channel's max. For rank 1 it is
            // taken over the whole vector, although the least-squares step is per element.
            groups = shape.length == 1 ? ChannelGroups.whole(shape)
                    : ChannelGroups.keeping(shape, ChannelGroups.reducedAxes(scaleAxis, shape.length));
            float[] max = groups.maxAbs(xs);
            s = new float[max.length];
            for (int g = 0; g < s.length; g++) {
                s[g] = max[g] * 2f / levels;
            }
            if (alpha.kind() == Alpha.Kind.AUTO_PO2) {
                for (int g = 0; g < s.length; g++) {
                    s[g] = Numerics.po2(s[g]);
                }
                for (int iteration = 0; iteration < PO2_REFINEMENTS; iteration++) {
                    codes(xs, s, groups, halfRange, z);
                    s = LeastSquares.scale(true, xs, z, leastSquaresGroups, minPo2Exponent, maxPo2Exponent);
                    groups = leastSquaresGroups;
                }
            }
        }

        float qn = (float) qnoiseFactor;
        float[] sm = new float[s.length];
        for (int g = 0; g < s.length; g++) {
            sm[g] = s[g] * m;
        }
        codes(xs, s, groups, halfRange, z);
        int channel = groups.first();
        for (int i = 0; i < n; i++) {
            float xq = sm[channel] * (mi * z[i] / m);
            float companion = mi * xs[i];
            out[i] = Numerics.straightThrough(companion, xq, qn, useSte);
            channel = groups.next(i, channel);
        }

        float[] exported = new float[s.length];
        for (int g = 0; g < s.length; g++) {
            exported[g] = sm[g] * mi / m;
        }
        // A frozen scale comes back as P itself (s·m = (P/m)·m exactly), laid out in keepdims shape.
        last = new LastCall(groups.toScaleTensor(sm), groups, exported);
    }

    /**
     * Codes {@code z = sgn(xs)·min(⌊|xs|/s + ½⌋, H)}: half away from zero, as QKeras's auto path rounds.
     * A NaN quotient (0/0 for an all-zero channel with a zero 'auto' scale) takes H like any value not
     * below H, as QKeras's {@code tf.where(v < H, v, H)} does, so the code is {@code sgn(0)·H = 0}.
     */
    private static void codes(float[] xs, float[] s, ChannelGroups groups, float halfRange, float[] z) {
        int g = groups.first();
        for (int i = 0; i < xs.length; i++) {
            float v = xs[i];
            float level = (float) Math.floor(Math.abs(v) / s[g] + 0.5f);
            z[i] = Numerics.sign(v) * (level < halfRange ? level : halfRange);
            g = groups.next(i, g);
        }
    }

    private ChannelGroups frozenGroups(ChannelGroups leastSquaresGroups) {
        if (postTrainingScale.length == 1) {
            return ChannelGroups.whole(leastSquaresGroups.shape());
        }
        if (postTrainingScale.length != leastSquaresGroups.count()) {
            throw new IllegalArgumentException("quantized_bits: post_training_scale has " + postTrainingScale.length
                    + " values but the input has " + leastSquaresGroups.count() + " channels");
        }
        return leastSquaresGroups;
    }

    private Tensor frozenScaleTensor() {
        return postTrainingScale.length == 1 ? Tensor.scalar(postTrainingScale[0])
                : Tensor.of(postTrainingScale.clone(), postTrainingScale.length);
    }

    @Override
    public void backward(Tensor x, Tensor out, Tensor gradOut, Tensor gradIn) {
        float slope = useSte ? 1f : 1f - (float) qnoiseFactor;
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        for (int i = 0; i < dx.length; i++) {
            dx[i] += slope * dy[i];
        }
    }

    /**
     * Codes and scales of the last output: the fixed grid {@code k·2^(integer−bits+kn)·alpha} with
     * {@code k ∈ [kn·(symmetric − m), m − 1]}, or for auto alphas {@code z ∈ [−H, H]} with the
     * per-channel scale {@code scale·mi/m} in the keepdims shape.
     *
     * @throws IllegalStateException when an output is not code × scale exactly: QKeras's output
     *         {@code x + (xq − x)} loses {@code xq} when {@code |x|} is far larger (absorption), or
     *         qnoise_factor is not 1, or an auto quantizer has not been called yet
     */
    @Override
    public IntegerCodes integerCodes(Tensor out) {
        int kn = kn();
        if (bits > 31) {
            throw new IllegalStateException("quantized_bits: integer codes need bits <= 31, received " + bits);
        }
        if (alpha.isAuto()) {
            LastCall call = last;
            if (call == null || call.groups() == null || !Arrays.equals(call.groups().shape(), out.shape())) {
                throw new IllegalStateException("quantized_bits: integer codes of an auto-scaled output need a"
                        + " forward call on a tensor of shape " + Arrays.toString(out.shape()) + " first");
            }
            int halfRange = (1 << (bits - 1)) - 1;
            return Grid.codes(name(), out, call.groups(), call.exportedScale(), -halfRange, halfRange);
        }
        float step = bits - kn > 0 ? Numerics.pow2(integer - bits + kn) : 1f;
        if (alpha.kind() == Alpha.Kind.FIXED) {
            step = step * (float) alpha.value();
        }
        int minCode = -1;
        int maxCode = 1;
        if (bits - kn > 0) {
            minCode = kn * ((symmetric ? 1 : 0) - (1 << (bits - kn)));
            maxCode = (1 << (bits - kn)) - 1;
        }
        return Grid.codes(name(), out, ChannelGroups.whole(out.shape()), new float[] {step}, minCode, maxCode);
    }

    @Override
    public double max() {
        return bits - kn() > 0 ? Math.max(1.0, Math.pow(2, integer)) : 1.0;
    }

    @Override
    public double min() {
        if (!keepNegative) {
            return 0.0;
        }
        return bits - 1 > 0 ? -Math.max(1.0, Math.pow(2, integer)) : -1.0;
    }

    /**
     * All {@code 2^bits} values in code order ({@code c < 2^(bits−1)} → c, else {@code c − 2^bits}),
     * times {@code 2^(integer−bits+1)}; defined only for symmetric=0, keep_negative and alpha None or 1.
     */
    @Override
    public float[] range() {
        boolean unitAlpha = alpha.kind() == Alpha.Kind.NONE
                || (alpha.kind() == Alpha.Kind.FIXED && alpha.value() == 1.0);
        if (symmetric || !keepNegative || !unitAlpha || bits > 24) {
            return null;
        }
        int count = 1 << bits;
        float step = Numerics.pow2(integer - bits + 1);
        float[] values = new float[count];
        for (int c = 0; c < count; c++) {
            values[c] = (c < count / 2 ? c : c - count) * step;
        }
        return values;
    }

    @Override
    public Tensor scale() {
        LastCall call = last;
        return call == null ? null : call.scale();
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(bits);
    }

    @Override
    public OptionalInt integer() {
        return OptionalInt.of(integer);
    }

    public Alpha alpha() {
        return alpha;
    }

    public boolean keepNegative() {
        return keepNegative;
    }

    public boolean symmetric() {
        return symmetric;
    }
}
