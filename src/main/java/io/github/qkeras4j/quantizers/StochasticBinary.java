package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code stochastic_binary}. In inference it is {@code binary(alpha=alpha)}. In training it
 * draws {@code q = sgn1(p − u)} with {@code p = sigmoid(temperature·x/std)}, {@code u ~ U[0, 1)} and
 * {@code std} the per-channel standard deviation (+ε) for an auto alpha, else 1; the scale is the
 * least-squares fit of x to {@code sgn1(x)}; the output {@code x + (s·q − x)} has gradient 1.
 */
public final class StochasticBinary extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("stochastic_binary")
            .parameter("alpha", null).parameter("temperature", 6.0).parameter("use_real_sigmoid", true)
            .config("alpha", "temperature", "use_real_sigmoid")
            .build();

    private final Alpha alpha;
    private final double temperature;
    private final boolean useRealSigmoid;
    private final Binary inference;
    /** Whether the last forward call was in training mode, which decides the gradient rule. */
    private volatile boolean lastTraining;
    private volatile LeastSquares.Scales last;

    public StochasticBinary(Alpha alpha, double temperature, boolean useRealSigmoid) {
        check(alpha != null, SIGNATURE.quantizer(), "alpha must not be null; use Alpha.NONE");
        this.alpha = alpha;
        this.temperature = temperature;
        this.useRealSigmoid = useRealSigmoid;
        this.inference = new Binary(alpha);
    }

    static StochasticBinary fromArguments(Arguments a) {
        return new StochasticBinary(a.alpha("alpha"), a.real("temperature"), a.flag("use_real_sigmoid"));
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
        return alpha.kind() == Alpha.Kind.NONE ? new StochasticBinary(Alpha.AUTO_PO2, temperature, useRealSigmoid)
                : this;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        lastTraining = context.training();
        if (!context.training()) {
            inference.forward(input, output, context);
            return;
        }
        float[] x = input.data();
        float[] out = output.data();
        float[] p = StochasticSampling.probabilities(input, alpha, (float) temperature,
                useRealSigmoid ? InternalSigmoid.REAL : context.internalSigmoid());
        float[] signs = new float[x.length];
        float[] draws = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            draws[i] = StochasticSampling.draw(p[i], context);
            signs[i] = Numerics.signOrOne(x[i]);
        }
        LeastSquares.Scales scales = LeastSquares.fit(alpha, x, signs,
                LeastSquares.groups(input.shape(), null, null, true), null, null);
        last = scales;
        for (int i = 0; i < x.length; i++) {
            out[i] = Numerics.straightThrough(x[i], scales.of(i) * draws[i], 1f, true);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        Ternary.addCompanionGradient(lastTraining ? Alpha.AUTO : alpha, input, gradOut, gradIn);
    }

    @Override
    public Tensor scale() {
        if (!lastTraining) {
            return inference.scale();
        }
        LeastSquares.Scales scales = last;
        return scales == null ? null : scales.tensor();
    }

    @Override
    public double max() {
        return inference.max();
    }

    @Override
    public double min() {
        return inference.min();
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(1);
    }
}
