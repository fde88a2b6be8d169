package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code bernoulli}: random codes {@code q ∈ {0, 1}}, 1 with probability
 * {@code sigmoid(temperature·x/std)} ({@code std} per channel for an auto alpha, else 1), scaled by
 * the least-squares fit of x to {@code (sgn1(x) + 1)/2}. It draws in inference too, as QKeras does;
 * the draws come from the context's seeded random source. The output {@code x + (s·q − x)} has
 * gradient 1. QKeras's get_config keeps only alpha; temperature and use_real_sigmoid are added here
 * when they differ from their defaults.
 */
public final class Bernoulli extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("bernoulli")
            .parameter("alpha", null).parameter("temperature", 6.0).parameter("use_real_sigmoid", true)
            .config("alpha")
            .build();

    private final Alpha alpha;
    private final double temperature;
    private final boolean useRealSigmoid;
    private volatile LeastSquares.Scales last;

    public Bernoulli(Alpha alpha, double temperature, boolean useRealSigmoid) {
        check(alpha != null, SIGNATURE.quantizer(), "alpha must not be null; use Alpha.NONE");
        this.alpha = alpha;
        this.temperature = temperature;
        this.useRealSigmoid = useRealSigmoid;
    }

    static Bernoulli fromArguments(Arguments a) {
        return new Bernoulli(a.alpha("alpha"), a.real("temperature"), a.flag("use_real_sigmoid"));
    }

    @Override
    Signature signature() {
        return SIGNATURE;
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("alpha", alpha.pythonValue());
        values.put("temperature", temperature);
        values.put("use_real_sigmoid", useRealSigmoid);
        return values;
    }

    @Override
    public Quantizer forKernel() {
        return alpha.kind() == Alpha.Kind.NONE ? new Bernoulli(Alpha.AUTO_PO2, temperature, useRealSigmoid) : this;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        float[] x = input.data();
        float[] out = output.data();
        float[] p = StochasticSampling.probabilities(input, alpha, (float) temperature,
                useRealSigmoid ? InternalSigmoid.REAL : context.internalSigmoid());
        float[] codes = new float[x.length];
        float[] fitted = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            codes[i] = (StochasticSampling.draw(p[i], context) + 1f) / 2f;
            fitted[i] = (Numerics.signOrOne(x[i]) + 1f) / 2f;
        }
        LeastSquares.Scales scales = LeastSquares.fit(alpha, x, fitted,
                LeastSquares.groups(input.shape(), null, null, true), null, null);
        last = scales;
        for (int i = 0; i < x.length; i++) {
            out[i] = Numerics.straightThrough(x[i], scales.of(i) * codes[i], 1f, true);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        Ternary.addCompanionGradient(Alpha.AUTO, input, gradOut, gradIn);
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
        return 0.0;
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(1);
    }
}
