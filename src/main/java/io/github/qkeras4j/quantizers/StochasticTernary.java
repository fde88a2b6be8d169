package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code stochastic_ternary}. In inference it is {@code ternary(alpha, threshold)}. In
 * training (which needs alpha 'auto' or 'auto_po2') the scale is fitted as in ternary's weight mode
 * but with the threshold {@code |x| ≥ s/2}, and the codes are the mean of two sigmoid-Bernoulli draws
 * around {@code ±s/2} in units of the per-channel standard deviation:
 * {@code q = (sgn1(σ(T·(x̂ − t)) − u0) + sgn1(σ(T·(x̂ + t)) − u1))/2} with {@code x̂ = x/(std + ε)},
 * {@code t = s/(2·(std + ε))}. The output {@code x + (s·q − x)} has gradient 1.
 */
public final class StochasticTernary extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("stochastic_ternary")
            .parameter("alpha", null).parameter("threshold", null).parameter("temperature", 8.0)
            .parameter("use_real_sigmoid", true).parameter("number_of_unrolls", 5L)
            .config("alpha", "threshold", "temperature", "use_real_sigmoid", "number_of_unrolls")
            .build();

    private final Alpha alpha;
    private final Double threshold;
    private final double temperature;
    private final boolean useRealSigmoid;
    private final int numberOfUnrolls;
    private volatile boolean lastTraining;
    private volatile LeastSquares.Scales last;

    /** @throws IllegalArgumentException for threshold 1.0 (QKeras asserts against it) or ternary's checks */
    public StochasticTernary(Alpha alpha, Double threshold, double temperature, boolean useRealSigmoid,
                             int numberOfUnrolls) {
        String name = SIGNATURE.quantizer();
        check(threshold == null || threshold != 1.0, name, "threshold must not be 1.0");
        Ternary.check(name, alpha, threshold, false, numberOfUnrolls);
        this.alpha = alpha;
        this.threshold = threshold;
        this.temperature = temperature;
        this.useRealSigmoid = useRealSigmoid;
        this.numberOfUnrolls = numberOfUnrolls;
    }

    static StochasticTernary fromArguments(Arguments a) {
        return new StochasticTernary(a.alpha("alpha"), a.optionalReal("threshold"), a.real("temperature"),
                a.flag("use_real_sigmoid"), a.integer("number_of_unrolls"));
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
        values.put("temperature", temperature);
        values.put("use_real_sigmoid", useRealSigmoid);
        values.put("number_of_unrolls", (long) numberOfUnrolls);
        return values;
    }

    @Override
    public Quantizer forKernel() {
        return alpha.kind() == Alpha.Kind.NONE
                ? new StochasticTernary(Alpha.AUTO_PO2, threshold, temperature, useRealSigmoid, numberOfUnrolls)
                : this;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        lastTraining = context.training();
        if (!context.training()) {
            last = Ternary.quantize(input, output, alpha, threshold, numberOfUnrolls, false, context);
            return;
        }
        if (!alpha.isAuto()) {
            throw new IllegalArgumentException("stochastic_ternary: training needs alpha='auto' or 'auto_po2', received "
                    + PythonValues.format(alpha.pythonValue()));
        }
        float[] x = input.data();
        float[] out = output.data();
        int n = x.length;
        ChannelGroups channels = ChannelGroups.lastAxis(input.shape());
        float[] std = channels.standardDeviation(x);
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
        float[] codes = new float[n];
        for (int iteration = 0; iteration < numberOfUnrolls; iteration++) {
            for (int i = 0; i < n; i++) {
                codes[i] = Math.abs(x[i]) >= scales.of(i) / 2f ? Numerics.sign(x[i]) : 0f;
            }
            scales = LeastSquares.fit(alpha, x, codes, leastSquaresGroups, null, null);
        }

        InternalSigmoid sigmoid = useRealSigmoid ? InternalSigmoid.REAL : context.internalSigmoid();
        float t = (float) temperature;
        float[] lowerDraw = new float[n];
        float[] upper = new float[n];
        for (int i = 0; i < n; i++) {
            float deviation = std[channels.groupOf(i)] + Numerics.EPSILON;
            float normalized = x[i] / deviation;
            float half = scales.of(i) / (2f * deviation);
            lowerDraw[i] = InternalSigmoids.apply(sigmoid, t * (normalized - half));
            upper[i] = InternalSigmoids.apply(sigmoid, t * (normalized + half));
        }
        // QKeras draws the whole first tensor of uniforms, then the second.
        for (int i = 0; i < n; i++) {
            lowerDraw[i] = StochasticSampling.draw(lowerDraw[i], context);
        }
        for (int i = 0; i < n; i++) {
            upper[i] = StochasticSampling.draw(upper[i], context);
        }
        for (int i = 0; i < n; i++) {
            float q = (lowerDraw[i] + upper[i]) / 2f;
            out[i] = Numerics.straightThrough(x[i], scales.of(i) * q, 1f, true);
        }
        last = scales;
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        Ternary.addCompanionGradient(lastTraining ? Alpha.AUTO : alpha, input, gradOut, gradIn);
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
