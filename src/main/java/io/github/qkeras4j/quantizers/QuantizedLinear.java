package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code quantized_linear} (QKeras master since 2023; not in the 0.9.0 PyPI release):
 * {@code xq = qs·(rne(clip(x/qs, lo, hi) − h) + h)}, {@code out = x + qnoise_factor·(xq − x)}.
 *
 * <p>The data-type scale is {@code 2^(integer − bits + kn)}; the quantization scale {@code qs} is
 * that times alpha (a fixed alpha stretches the grid, unlike quantized_bits where it multiplies the
 * result), or fitted per channel for 'auto' (the smallest scale that does not clip the max) and
 * 'auto_po2' (a power of two refined by least squares until it stops changing, at most five times).
 * For rank ≤ 1 inputs every element has its own auto scale. Clip bounds in the integer domain are
 * {@code [kn·(symmetric − 2^(bits−kn)), 2^(bits−kn) − 1]}; one signed bit is the sign mode
 * {@code [−½, ½]} with {@code h = ½}, so outputs are {@code ±qs/2} and 0 maps to {@code +qs/2}.
 * The gradient is {@code 1 − qn + qn·𝟙[lo ≤ x/qs ≤ hi]}.
 */
public final class QuantizedLinear extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("quantized_linear")
            .parameter("bits", 8L).parameter("integer", 0L).parameter("symmetric", 1L)
            .parameter("keep_negative", true).parameter("alpha", null)
            .parameter("use_stochastic_rounding", false).parameter("scale_axis", null)
            .parameter("qnoise_factor", 1.0).parameter("var_name", null).parameter("use_variables", false)
            .alwaysPrinted(3)
            .config("bits", "integer", "symmetric", "alpha", "keep_negative", "use_stochastic_rounding",
                    "qnoise_factor")
            .acceptedOnly("var_name", "use_variables")
            .build();

    /** Most least-squares refinements of an 'auto_po2' scale (one in sign mode). */
    private static final int PO2_REFINEMENTS = 5;

    private final int bits;
    private final int integer;
    private final boolean symmetric;
    private final boolean keepNegative;
    private final Alpha alpha;
    private final boolean useStochasticRounding;
    private final int[] scaleAxis;
    private final double qnoiseFactor;

    /** Quantization scale of the last auto call and its channel layout. */
    private volatile LastCall last;

    private record LastCall(float[] scale, ChannelGroups groups) {
    }

    /** @throws IllegalArgumentException for bits < 1 */
    public QuantizedLinear(int bits, int integer, boolean symmetric, boolean keepNegative, Alpha alpha,
                           boolean useStochasticRounding, int[] scaleAxis, double qnoiseFactor) {
        check(bits >= 1, SIGNATURE.quantizer(), "bits must be >= 1, received " + bits);
        check(alpha != null, SIGNATURE.quantizer(), "alpha must not be null; use Alpha.NONE");
        this.bits = bits;
        this.integer = integer;
        this.symmetric = symmetric;
        this.keepNegative = keepNegative;
        this.alpha = alpha;
        this.useStochasticRounding = useStochasticRounding;
        this.scaleAxis = scaleAxis == null ? null : scaleAxis.clone();
        this.qnoiseFactor = qnoiseFactor;
    }

    static QuantizedLinear fromArguments(Arguments a) {
        return new QuantizedLinear(a.integer("bits"), a.integer("integer"), a.flag("symmetric"),
                a.flag("keep_negative"), a.alpha("alpha"), a.flag("use_stochastic_rounding"), a.axes("scale_axis"),
                a.real("qnoise_factor"));
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
        return values;
    }

    /** Layers' kernel form: alpha None becomes 'auto_po2' and symmetric True. */
    @Override
    public Quantizer forKernel() {
        if (alpha.kind() != Alpha.Kind.NONE) {
            return this;
        }
        return new QuantizedLinear(bits, integer, true, keepNegative, Alpha.AUTO_PO2, useStochasticRounding,
                scaleAxis, qnoiseFactor);
    }

    private int kn() {
        return keepNegative ? 1 : 0;
    }

    private boolean signMode() {
        return bits == 1 && keepNegative;
    }

    private float dataTypeScale() {
        return Numerics.pow2(integer - bits + kn());
    }

    private float lo() {
        if (signMode()) {
            return -0.5f;
        }
        return kn() * (-Numerics.pow2(bits - kn()) + (symmetric ? 1f : 0f));
    }

    private float hi() {
        return signMode() ? 0.5f : Numerics.pow2(bits - kn()) - 1f;
    }

    /** The fixed quantization scale: data-type scale, times alpha when alpha is a number. */
    private float fixedScale() {
        float scale = dataTypeScale();
        return alpha.kind() == Alpha.Kind.FIXED ? (float) alpha.value() * scale : scale;
    }

    /** Rounded integer-domain value {@code rne(clip(x/qs, lo, hi) − h) + h}. */
    private float rounded(float x, float qs, float lo, float hi, float shift, boolean stochastic,
                          QuantizerContext context) {
        float clipped = Math.min(Math.max(x / qs, lo), hi) - shift;
        float r = stochastic ? Numerics.stochasticRound(clipped, 1.0, context.random()) : Numerics.rne(clipped);
        return r + shift;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        float[] x = input.data();
        float[] out = output.data();
        float lo = lo();
        float hi = hi();
        float shift = signMode() ? 0.5f : 0f;
        boolean stochastic = useStochasticRounding && context.training();
        float qn = (float) qnoiseFactor;
        ChannelGroups groups;
        float[] scale;
        if (alpha.isAuto()) {
            groups = ChannelGroups.keeping(input.shape(), ChannelGroups.reducedAxes(scaleAxis, input.rank()));
            scale = autoScale(x, groups, lo, hi, shift, context);
            last = new LastCall(scale, groups);
        } else {
            groups = ChannelGroups.whole(input.shape());
            scale = new float[] {fixedScale()};
        }
        for (int i = 0; i < x.length; i++) {
            float qs = scale[groups.groupOf(i)];
            float xq = rounded(x[i], qs, lo, hi, shift, stochastic, context) * qs;
            out[i] = Numerics.straightThrough(x[i], xq, qn, true);
        }
    }

    private float[] autoScale(float[] x, ChannelGroups groups, float lo, float hi, float shift,
                              QuantizerContext context) {
        float range = hi - lo;
        float[] max = keepNegative ? groups.maxAbs(x) : groups.max(x);
        float[] scale = new float[max.length];
        for (int g = 0; g < scale.length; g++) {
            float qs = keepNegative ? max[g] * 2f / range : max[g] / range;
            scale[g] = Math.max(qs, Numerics.EPSILON);
        }
        if (alpha.kind() != Alpha.Kind.AUTO_PO2) {
            return scale;
        }
        for (int g = 0; g < scale.length; g++) {
            scale[g] = Numerics.po2(scale[g]);
        }
        // Stop as soon as an iteration leaves every scale unchanged, as QKeras's while_loop does.
        int iterations = signMode() ? 1 : PO2_REFINEMENTS;
        float[] codes = new float[x.length];
        for (int iteration = 0; iteration < iterations; iteration++) {
            for (int i = 0; i < x.length; i++) {
                codes[i] = rounded(x[i], scale[groups.groupOf(i)], lo, hi, shift, false, context);
            }
            float[] next = LeastSquares.scale(true, x, codes, groups, null, null);
            boolean changed = !java.util.Arrays.equals(next, scale);
            scale = next;
            if (!changed) {
                break;
            }
        }
        return scale;
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        float[] x = input.data();
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        float lo = lo();
        float hi = hi();
        float qn = (float) qnoiseFactor;
        float outside = 1f - qn;
        float inside = outside + qn;
        LastCall call = last;
        boolean auto = alpha.isAuto() && call != null && call.groups().shape().length == input.rank();
        float fixed = fixedScale();
        for (int i = 0; i < x.length; i++) {
            float qs = auto ? call.scale()[call.groups().groupOf(i)] : fixed;
            float scaled = x[i] / qs;
            dx[i] += (scaled >= lo && scaled <= hi ? inside : outside) * dy[i];
        }
    }

    /** The quantization scale as one number: the fixed one, or the last auto scale when it has one channel. */
    private float currentScale() {
        LastCall call = last;
        if (alpha.isAuto() && call != null && call.scale().length == 1) {
            return call.scale()[0];
        }
        // TODO: after an auto call with several channels QKeras's min()/max() are tensors; this reports
        // the bounds of the data-type scale.
        return alpha.isAuto() ? dataTypeScale() : fixedScale();
    }

    @Override
    public double max() {
        return hi() * currentScale();
    }

    @Override
    public double min() {
        return lo() * currentScale();
    }

    /** Sign mode {@code [max, min]}, else {@code qs·[0, 1, …, hi, lo, lo + 1, …, −1]}. */
    @Override
    public float[] range() {
        float qs = currentScale();
        if (signMode()) {
            return new float[] {(float) max(), (float) min()};
        }
        int hi = (int) hi();
        int lo = (int) lo();
        if (bits > 24) {
            return null;
        }
        float[] values = new float[hi + 1 + (-lo)];
        int k = 0;
        for (int c = 0; c <= hi; c++) {
            values[k++] = qs * c;
        }
        for (int c = lo; c < 0; c++) {
            values[k++] = qs * c;
        }
        return values;
    }

    /** {@code quantization_scale / data_type_scale}: alpha, 1 for None, the auto scales after a call. */
    @Override
    public Tensor scale() {
        LastCall call = last;
        float dataType = dataTypeScale();
        if (!alpha.isAuto() || call == null) {
            return Tensor.scalar(fixedScale() / dataType);
        }
        float[] scale = new float[call.scale().length];
        for (int g = 0; g < scale.length; g++) {
            scale[g] = call.scale()[g] / dataType;
        }
        return call.groups().toScaleTensor(scale);
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
