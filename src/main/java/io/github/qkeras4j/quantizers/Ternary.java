package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code ternary}: {@code out = s·q} with {@code q ∈ {−1, 0, +1}}, computed as
 * {@code x̃ + (s·q − x̃)} where {@code x̃ = tanh(x)} for alpha None (gradient {@code 1 − tanh²}) and x
 * otherwise (gradient 1).
 * <ul>
 *   <li>alpha None or a number (activations): {@code q = sgn(x)·𝟙[|x| ≥ t]} with {@code t} the
 *       threshold (0.33 by default) applied to the raw x, {@code s} = alpha or 1.</li>
 *   <li>alpha 'auto' / 'auto_po2' (weights; threshold must be None): {@code s = 2·max|x|/3} per channel
 *       (whole vector for rank 1), rounded to a power of two for 'auto_po2', then number_of_unrolls
 *       times {@code q = sgn(x)·𝟙[|s·rne(x/s)| ≥ s/2]} and {@code s} = least-squares fit to q (per
 *       element for rank 1, where an element that once gets q = 0 keeps s = 0).</li>
 * </ul>
 */
public final class Ternary extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("ternary")
            .parameter("alpha", null).parameter("threshold", null).parameter("use_stochastic_rounding", false)
            .parameter("number_of_unrolls", 5L)
            .config("alpha", "threshold", "use_stochastic_rounding", "number_of_unrolls")
            .build();

    /** QKeras's default threshold of the activation mode. */
    static final float DEFAULT_THRESHOLD = 0.33f;

    private final Alpha alpha;
    private final Double threshold;
    private final boolean useStochasticRounding;
    private final int numberOfUnrolls;

    private volatile LeastSquares.Scales last;

    /**
     * @throws IllegalArgumentException for a threshold with an auto alpha, stochastic rounding without
     *                                  one, or number_of_unrolls < 1 with one
     */
    public Ternary(Alpha alpha, Double threshold, boolean useStochasticRounding, int numberOfUnrolls) {
        check(SIGNATURE.quantizer(), alpha, threshold, useStochasticRounding, numberOfUnrolls);
        this.alpha = alpha;
        this.threshold = threshold;
        this.useStochasticRounding = useStochasticRounding;
        this.numberOfUnrolls = numberOfUnrolls;
    }

    /** QKeras's assertions on ternary's parameters, checked at construction instead of at the call. */
    static void check(String name, Alpha alpha, Double threshold, boolean useStochasticRounding, int numberOfUnrolls) {
        AbstractQuantizer.check(alpha != null, name, "alpha must not be null; use Alpha.NONE");
        if (alpha.isAuto()) {
            AbstractQuantizer.check(threshold == null, name,
                    "threshold must be None with alpha='auto' or 'auto_po2', received " + threshold);
            AbstractQuantizer.check(numberOfUnrolls >= 1, name,
                    "number_of_unrolls must be >= 1 with an auto alpha, received " + numberOfUnrolls);
        } else {
            AbstractQuantizer.check(!useStochasticRounding, name,
                    "use_stochastic_rounding needs alpha='auto' or 'auto_po2'");
        }
    }

    static Ternary fromArguments(Arguments a) {
        return new Ternary(a.alpha("alpha"), a.optionalReal("threshold"), a.flag("use_stochastic_rounding"),
                a.integer("number_of_unrolls"));
    }

    @Override
    Signature signature() {
        return SIGNATURE;
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("alpha", alpha.pythonValue());
        values.put("threshold", threshold);
        values.put("use_stochastic_rounding", useStochasticRounding);
        values.put("number_of_unrolls", (long) numberOfUnrolls);
        return values;
    }

    @Override
    public Quantizer forKernel() {
        if (alpha.kind() != Alpha.Kind.NONE) {
            return this;
        }
        return new Ternary(Alpha.AUTO_PO2, threshold, useStochasticRounding, numberOfUnrolls);
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        last = quantize(input, output, alpha, threshold, numberOfUnrolls,
                useStochasticRounding && context.training(), context);
    }

    /** The ternary forward pass, shared with stochastic_ternary's inference mode; returns the scales. */
    static LeastSquares.Scales quantize(Tensor input, Tensor output, Alpha alpha, Double threshold, int unrolls,
                                        boolean stochastic, QuantizerContext context) {
        float[] x = input.data();
        float[] out = output.data();
        int n = x.length;
        float[] codes = new float[n];
        LeastSquares.Scales scales;
        if (alpha.isAuto()) {
            scales = fitWeights(input, alpha, unrolls, stochastic, context, codes);
        } else {
            float t = threshold == null ? DEFAULT_THRESHOLD : threshold.floatValue();
            for (int i = 0; i < n; i++) {
                codes[i] = Math.abs(x[i]) >= t ? Numerics.sign(x[i]) : 0f;
            }
            scales = LeastSquares.fit(alpha, x, codes, ChannelGroups.whole(input.shape()), null, null);
        }
        for (int i = 0; i < n; i++) {
            float companion = alpha.kind() == Alpha.Kind.NONE ? Numerics.tanh(x[i]) : x[i];
            out[i] = Numerics.straightThrough(companion, scales.of(i) * codes[i], 1f, true);
        }
        return scales;
    }

    /** The weight mode's alternating fit of codes and least-squares scales; writes the final codes. */
    private static LeastSquares.Scales fitWeights(Tensor input, Alpha alpha, int unrolls, boolean stochastic,
                                                  QuantizerContext context, float[] codes) {
        float[] x = input.data();
        ChannelGroups channels = ChannelGroups.lastAxis(input.shape());
        float[] max = channels.maxAbs(x);
        float[] initial = new float[max.length];
        for (int g = 0; g < initial.length; g++) {
            initial[g] = 2f * max[g] / 3f;
            if (alpha.kind() == Alpha.Kind.AUTO_PO2) {
                initial[g] = Numerics.po2(initial[g]);
            }
        }
        LeastSquares.Scales scales = new LeastSquares.Scales(initial, channels, false);
        ChannelGroups leastSquaresGroups = LeastSquares.groups(input.shape(), null, null, true);
        for (int iteration = 0; iteration < unrolls; iteration++) {
            for (int i = 0; i < x.length; i++) {
                float s = scales.of(i);
                float scaled = x[i] / s;
                float rounded = stochastic ? Numerics.stochasticRound(scaled, 1.0 / 3.0, context.random())
                        : Numerics.rne(scaled);
                float v = s * rounded;
                codes[i] = Math.abs(v) >= s / 2f ? Numerics.sign(x[i]) : 0f;
            }
            scales = LeastSquares.fit(alpha, x, codes, leastSquaresGroups, null, null);
        }
        return scales;
    }

    /** Adds the gradient of the companion: {@code 1 − tanh²(x)} for alpha None, else 1. */
    static void addCompanionGradient(Alpha alpha, Tensor input, Tensor gradOut, Tensor gradIn) {
        float[] x = input.data();
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        boolean tanh = alpha.kind() == Alpha.Kind.NONE;
        for (int i = 0; i < dx.length; i++) {
            float slope = 1f;
            if (tanh) {
                float t = Numerics.tanh(x[i]);
                slope = 1f - t * t;
            }
            dx[i] += slope * dy[i];
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        addCompanionGradient(alpha, input, gradOut, gradIn);
    }

    /** Codes −1, 0, +1 and the scale of the last call; null before the first call. */
    @Override
    public IntegerCodes integerCodes(Tensor out) {
        LeastSquares.Scales scales = last;
        return scales == null ? null : Grid.codes(name(), out, scales.groups(), scales.values(), -1, 1);
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
        return -max();
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(2);
    }
}
