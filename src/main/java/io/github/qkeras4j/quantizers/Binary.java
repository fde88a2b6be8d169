package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code binary}: {@code out = s·q} with codes {@code q = sgn1(x)} ∈ {−1, +1} (0 maps to +1),
 * or {@code (q + 1)/2} ∈ {0, 1} with use_01, and scale {@code s}: 1 for alpha None, alpha itself, or
 * the least-squares fit of 'auto' / 'auto_po2' per channel (per element for rank 1, so a vector comes
 * back almost unchanged). The output is computed as {@code x̃ + (s·q − x̃)}, where the companion
 * {@code x̃} is {@code tanh(x)} for alpha None and x otherwise; the gradient is that of {@code x̃}.
 *
 * <p>With use_stochastic_rounding in training, x is first rounded stochastically to multiples of
 * {@code f/8} with {@code f = 2·min(max|x|, 1)} per channel, and zeros become ±1 at random.
 */
public final class Binary extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("binary")
            .parameter("use_01", false).parameter("alpha", null).parameter("use_stochastic_rounding", false)
            .parameter("scale_axis", null).parameter("elements_per_scale", null)
            .parameter("min_po2_exponent", null).parameter("max_po2_exponent", null)
            .config("use_01", "alpha", "use_stochastic_rounding")
            .build();

    private final boolean use01;
    private final Alpha alpha;
    private final boolean useStochasticRounding;
    private final int[] scaleAxis;
    private final int[] elementsPerScale;
    private final Integer minPo2Exponent;
    private final Integer maxPo2Exponent;

    private volatile LeastSquares.Scales last;

    /** {@code binary(alpha=alpha)}. */
    public Binary(Alpha alpha) {
        this(false, alpha, false, null, null, null, null);
    }

    /** @throws IllegalArgumentException for elements_per_scale without scale_axis */
    public Binary(boolean use01, Alpha alpha, boolean useStochasticRounding, int[] scaleAxis, int[] elementsPerScale,
                  Integer minPo2Exponent, Integer maxPo2Exponent) {
        String name = SIGNATURE.quantizer();
        check(alpha != null, name, "alpha must not be null; use Alpha.NONE");
        check(elementsPerScale == null || scaleAxis != null, name, "elements_per_scale needs scale_axis");
        this.use01 = use01;
        this.alpha = alpha;
        this.useStochasticRounding = useStochasticRounding;
        this.scaleAxis = scaleAxis == null ? null : scaleAxis.clone();
        this.elementsPerScale = elementsPerScale == null ? null : elementsPerScale.clone();
        this.minPo2Exponent = minPo2Exponent;
        this.maxPo2Exponent = maxPo2Exponent;
    }

    static Binary fromArguments(Arguments a) {
        return new Binary(a.flag("use_01"), a.alpha("alpha"), a.flag("use_stochastic_rounding"), a.axes("scale_axis"),
                a.axes("elements_per_scale"), a.optionalInteger("min_po2_exponent"),
                a.optionalInteger("max_po2_exponent"));
    }

    @Override
    Signature signature() {
        return SIGNATURE;
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("use_01", use01);
        values.put("alpha", alpha.pythonValue());
        values.put("use_stochastic_rounding", useStochasticRounding);
        values.put("scale_axis", axesValue(scaleAxis));
        values.put("elements_per_scale", axesValue(elementsPerScale));
        values.put("min_po2_exponent", intValue(minPo2Exponent));
        values.put("max_po2_exponent", intValue(maxPo2Exponent));
        return values;
    }

    @Override
    public Quantizer forKernel() {
        if (alpha.kind() != Alpha.Kind.NONE) {
            return this;
        }
        return new Binary(use01, Alpha.AUTO_PO2, useStochasticRounding, scaleAxis, elementsPerScale, minPo2Exponent,
                maxPo2Exponent);
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        float[] x = input.data();
        float[] out = output.data();
        int n = x.length;
        boolean stochastic = useStochasticRounding && context.training();
        float[] rounded = stochastic ? stochasticallyRounded(input, context) : x;

        float[] codes = new float[n];
        float[] companion = new float[n];
        for (int i = 0; i < n; i++) {
            float v = rounded[i];
            float code = Numerics.sign(v);
            if (code == 0f && stochastic) {
                code = 2f * Numerics.rne(Numerics.uniform(context.random())) - 1f;
            }
            code += 1f - Math.abs(code);
            codes[i] = use01 ? (code + 1f) / 2f : code;
            companion[i] = alpha.kind() == Alpha.Kind.NONE ? Numerics.tanh(v) : v;
        }

        ChannelGroups groups = LeastSquares.groups(input.shape(), scaleAxis, elementsPerScale, true);
        LeastSquares.Scales scales = LeastSquares.fit(alpha, companion, codes, groups, minPo2Exponent,
                maxPo2Exponent);
        last = scales;
        for (int i = 0; i < n; i++) {
            out[i] = Numerics.straightThrough(companion[i], scales.of(i) * codes[i], 1f, true);
        }
    }

    /** {@code f·stochastic_round(x/f, 1/8)} with {@code f = 2·min(max|x|, 1)} per channel. */
    private static float[] stochasticallyRounded(Tensor input, QuantizerContext context) {
        float[] x = input.data();
        ChannelGroups channels = ChannelGroups.lastAxis(input.shape());
        float[] max = channels.maxAbs(x);
        float[] rounded = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float m = max[channels.groupOf(i)];
            float f = 2f * (m > 1f ? 1f : m);
            rounded[i] = f * Numerics.stochasticRound(x[i] / f, 0.125, context.random());
        }
        return rounded;
    }

    /** 1 − tanh²(x) for alpha None, else 1. */
    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        Ternary.addCompanionGradient(alpha, input, gradOut, gradIn);
    }

    /** Codes ±1 (0/1 with use_01) and the scale of the last call; null before the first call. */
    @Override
    public IntegerCodes integerCodes(Tensor out) {
        LeastSquares.Scales scales = last;
        if (scales == null) {
            return null;
        }
        return Grid.codes(name(), out, scales.groups(), scales.values(), use01 ? 0 : -1, 1);
    }

    @Override
    public Tensor scale() {
        LeastSquares.Scales scales = last;
        return scales == null ? null : scales.tensor();
    }

    @Override
    public double max() {
        return alpha.kind() == Alpha.Kind.FIXED ? Math.max(1.0, alpha.value()) : 1.0;
    }

    @Override
    public double min() {
        if (use01) {
            return 0.0;
        }
        return alpha.kind() == Alpha.Kind.FIXED ? -Math.max(1.0, alpha.value()) : -1.0;
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(1);
    }
}
