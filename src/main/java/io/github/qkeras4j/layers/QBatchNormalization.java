package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.ChannelMeanOp;
import io.github.qkeras4j.autograd.ops.ChannelVarianceOp;
import io.github.qkeras4j.autograd.ops.InverseStdOp;
import io.github.qkeras4j.autograd.ops.ScaleShiftOp;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * QKeras {@code QBatchNormalization} over the last axis, input and output {@code [batch, …, channels]},
 * weights {@code gamma, beta, moving_mean, moving_variance}, each {@code [channels]}:
 * <pre>
 *   inv = Qinv(rsqrt(Qσ(σ²) + ε) · Qγ(γ))
 *   y   = x·inv + (Qβ(β) − Qμ(μ)·inv)
 * </pre>
 * in float32 and in that order. Inference uses the moving statistics as {@code μ, σ²}; training uses
 * the batch mean and biased batch variance (quantized; gradients pass the quantizers straight through)
 * and updates the moving statistics with the unquantized batch values,
 * {@code moving ← moving − (moving − batch)·(1 − momentum)}. QKeras's layer always runs the non-fused
 * path, so unlike {@link BatchNormalization} no Bessel correction is applied.
 *
 * <p>QKeras's defaults are not neutral: {@link Quantizers#qkerasDefaults()} quantizes β and μ with
 * {@code quantized_po2(5)}, whose value at 0 is {@code 2^-8}. The gamma and variance quantizers get
 * QKeras's alpha rewrite ({@link Quantizer#forKernel()}); γ and β, when quantized, are clipped to
 * {@code ±max(1, quantizer.max())} after each optimizer step. QKeras also accepts an
 * {@code activation} argument but never applies or saves it, so this layer has none.
 */
public final class QBatchNormalization extends Layer {
    /**
     * The five quantizers of the layer; null means none.
     *
     * @param inverse applied to {@code inv} (QKeras 2022 and later); needs gamma and variance to be null
     */
    public record Quantizers(Quantizer beta, Quantizer gamma, Quantizer mean, Quantizer variance,
                             Quantizer inverse) {
        /** QKeras's defaults: β and μ quantized_po2(5), γ quantized_relu_po2(6, 2048), σ² quantized_relu_po2 with quadratic approximation. */
        public static Quantizers qkerasDefaults() {
            return new Quantizers(QuantizerSpec.parse(DEFAULT_BETA), QuantizerSpec.parse(DEFAULT_GAMMA),
                    QuantizerSpec.parse(DEFAULT_MEAN), QuantizerSpec.parse(DEFAULT_VARIANCE), null);
        }

        /** No quantizer at all: the layer computes Keras's batch normalization. */
        public static Quantizers none() {
            return new Quantizers(null, null, null, null, null);
        }
    }

    static final String DEFAULT_BETA = "quantized_po2(5)";
    static final String DEFAULT_GAMMA = "quantized_relu_po2(6, 2048)";
    static final String DEFAULT_MEAN = "quantized_po2(5)";
    static final String DEFAULT_VARIANCE = "quantized_relu_po2(6, quadratic_approximation=True)";

    private final int axis;
    private final float momentum;
    private final float epsilon;
    private final boolean center;
    private final boolean scale;
    private final Quantizers quantizers;
    private Parameter gamma;
    private Parameter beta;
    private Parameter movingMean;
    private Parameter movingVariance;

    /**
     * @param axis the normalized axis counted with the batch axis as 0: -1 or the input's last axis
     */
    public QBatchNormalization(String name, int axis, float momentum, float epsilon, boolean center, boolean scale,
                               Quantizers quantizers) {
        super(name);
        if (axis != -1 && axis < 1) {
            throw new IllegalArgumentException("QBatchNormalization: axis must be -1 or the last axis, received " + axis);
        }
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("QBatchNormalization: momentum must be in [0, 1], received " + momentum);
        }
        if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("QBatchNormalization: epsilon must be a positive number, received "
                    + epsilon);
        }
        if (quantizers == null) {
            throw new IllegalArgumentException("QBatchNormalization: quantizers are missing; pass"
                    + " Quantizers.qkerasDefaults() or Quantizers.none()");
        }
        if (quantizers.inverse() != null && (quantizers.gamma() != null || quantizers.variance() != null)) {
            throw new IllegalArgumentException("QBatchNormalization: inverse_quantizer needs gamma_quantizer and"
                    + " variance_quantizer to be None (QKeras asserts this), received gamma_quantizer "
                    + spec(quantizers.gamma()) + " and variance_quantizer " + spec(quantizers.variance()));
        }
        this.axis = axis;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
        this.quantizers = new Quantizers(quantizers.beta(), forKernel(quantizers.gamma()), quantizers.mean(),
                forKernel(quantizers.variance()), quantizers.inverse());
    }

    /** QKeras's defaults: momentum 0.99, epsilon 1e-3, center and scale, the default quantizers. */
    public QBatchNormalization() {
        this(null, -1, 0.99f, 1e-3f, true, true, Quantizers.qkerasDefaults());
    }

    private static Quantizer forKernel(Quantizer quantizer) {
        return quantizer == null ? null : quantizer.forKernel();
    }

    private static String spec(Quantizer quantizer) {
        return quantizer == null ? "None" : quantizer.spec();
    }

    @Override
    public String className() {
        return "QBatchNormalization";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        if (inputShape.length < 1) {
            throw new IllegalArgumentException("QBatchNormalization '" + name()
                    + "' needs inputs [batch, …, channels], received [batch]");
        }
        if (axis != -1 && axis != inputShape.length) {
            throw new IllegalArgumentException("QBatchNormalization '" + name() + "': axis " + axis
                    + " is not the last axis of inputs of rank " + (inputShape.length + 1)
                    + "; only channels_last normalization (axis -1 or " + inputShape.length + ") is supported");
        }
        int[] channels = {inputShape[inputShape.length - 1]};
        if (scale) {
            gamma = addWeight("gamma", channels, Initializer.ONES, true, random);
        }
        if (center) {
            beta = addWeight("beta", channels, Initializer.ZEROS, true, random);
        }
        movingMean = addWeight("moving_mean", channels, Initializer.ZEROS, false, random);
        movingVariance = addWeight("moving_variance", channels, Initializer.ONES, false, random);
        return inputShape;
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Tape tape = context.tape();
        Variable gammaQ = WeightQuantizers.quantize(gamma, quantizers.gamma(), context);
        Variable betaQ = WeightQuantizers.quantize(beta, quantizers.beta(), context);
        Variable mean = movingMean;
        Variable variance = movingVariance;
        if (context.training()) {
            mean = ChannelMeanOp.apply(tape, x);
            variance = ChannelVarianceOp.apply(tape, x, mean);
            updateMovingStatistics(mean.value().data(), variance.value().data());
        }
        Variable meanQ = WeightQuantizers.quantize(mean, quantizers.mean(), context);
        Variable varianceQ = WeightQuantizers.quantize(variance, quantizers.variance(), context);

        Variable inv = InverseStdOp.apply(tape, varianceQ, gammaQ, epsilon);
        inv = WeightQuantizers.quantize(inv, quantizers.inverse(), context);
        return ScaleShiftOp.apply(tape, x, inv, meanQ, betaQ);
    }

    /** Keras's moving-average update with the unquantized batch statistics. */
    private void updateMovingStatistics(float[] batchMean, float[] batchVariance) {
        float decay = 1f - momentum;
        float[] mean = movingMean.value().data();
        float[] variance = movingVariance.value().data();
        for (int c = 0; c < mean.length; c++) {
            mean[c] -= (mean[c] - batchMean[c]) * decay;
            variance[c] -= (variance[c] - batchVariance[c]) * decay;
        }
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    public Parameter movingMean() {
        return movingMean;
    }

    public Parameter movingVariance() {
        return movingVariance;
    }

    @Override
    public Map<String, Quantizer> quantizers() {
        Map<String, Quantizer> map = new LinkedHashMap<>();
        putIfPresent(map, "gamma_quantizer", quantizers.gamma());
        putIfPresent(map, "beta_quantizer", quantizers.beta());
        putIfPresent(map, "mean_quantizer", quantizers.mean());
        putIfPresent(map, "variance_quantizer", quantizers.variance());
        putIfPresent(map, "inverse_quantizer", quantizers.inverse());
        return map;
    }

    private static void putIfPresent(Map<String, Quantizer> map, String role, Quantizer quantizer) {
        if (quantizer != null) {
            map.put(role, quantizer);
        }
    }

    /** Returns the quantizer QKeras pairs with each weight when it saves quantized weights. */
    @Override
    public Quantizer quantizerOf(Parameter weight) {
        if (weight == null) {
            return null;
        }
        if (weight == gamma) {
            return quantizers.gamma();
        }
        if (weight == beta) {
            return quantizers.beta();
        }
        if (weight == movingMean) {
            return quantizers.mean();
        }
        return weight == movingVariance ? quantizers.variance() : null;
    }

    @Override
    public void applyConstraints() {
        WeightQuantizers.clip(gamma, quantizers.gamma());
        WeightQuantizers.clip(beta, quantizers.beta());
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        // Keras stores the axis as given (-1) until the layer is built, then as a list of positive axes.
        config.put("axis", isBuilt() ? List.of(inputShape().length) : -1);
        config.put("momentum", (double) momentum);
        config.put("epsilon", (double) epsilon);
        config.put("center", center);
        config.put("scale", scale);
        config.put("beta_quantizer", LayerConfigs.quantizer(quantizers.beta()));
        config.put("gamma_quantizer", LayerConfigs.quantizer(quantizers.gamma()));
        config.put("mean_quantizer", LayerConfigs.quantizer(quantizers.mean()));
        config.put("variance_quantizer", LayerConfigs.quantizer(quantizers.variance()));
        // QKeras 0.9.0 has no inverse_quantizer key, so it is written only when set.
        if (quantizers.inverse() != null) {
            config.put("inverse_quantizer", LayerConfigs.quantizer(quantizers.inverse()));
        }
        config.put("beta_initializer", LayerConfigs.initializer(Initializer.ZEROS));
        config.put("gamma_initializer", LayerConfigs.initializer(Initializer.ONES));
        config.put("moving_mean_initializer", LayerConfigs.initializer(Initializer.ZEROS));
        config.put("moving_variance_initializer", LayerConfigs.initializer(Initializer.ONES));
        config.put("beta_range", null);
        config.put("gamma_range", null);
        return config;
    }
}
