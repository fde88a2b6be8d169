package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.BatchNormOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code BatchNormalization} over the last axis, input {@code [batch, …, channels]}:
 * {@code y = γ·(x − μ)/sqrt(σ² + ε) + β}. Training normalizes with the batch's mean and biased
 * variance and updates the moving statistics as Keras does,
 * {@code moving ← moving − (moving − batch)·(1 − momentum)}; inference uses the moving statistics.
 *
 * <p>For 4-D inputs Keras 2 runs TensorFlow's fused kernel, whose moving-variance update uses the
 * Bessel-corrected variance {@code σ²·n/(n − 1)} ({@code n} = batch·height·width); this layer does the
 * same so that trained statistics match.
 */
public final class BatchNormalization extends Layer {
    private final float momentum;
    private final float epsilon;
    private final boolean center;
    private final boolean scale;
    private Parameter gamma;
    private Parameter beta;
    private Parameter movingMean;
    private Parameter movingVariance;
    private float[] batchMean;
    private float[] batchVariance;

    public BatchNormalization(String name, float momentum, float epsilon, boolean center, boolean scale) {
        super(name);
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], received " + momentum);
        }
        if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("BatchNormalization: epsilon must be a positive number, received " + epsilon);
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
    }

    /** Keras's defaults: momentum 0.99, epsilon 1e-3, center and scale. */
    public BatchNormalization() {
        this(null, 0.99f, 1e-3f, true, true);
    }

    @Override
    public String className() {
        return "BatchNormalization";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        if (inputShape.length < 1) {
            throw new IllegalArgumentException("BatchNormalization '" + name() + "' needs inputs with a channel axis");
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
        batchMean = new float[channels[0]];
        batchVariance = new float[channels[0]];
        return inputShape;
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        if (!context.training()) {
            return BatchNormOp.inference(context.tape(), x, gamma, beta, epsilon,
                    movingMean.value().data(), movingVariance.value().data());
        }
        Variable y = BatchNormOp.training(context.tape(), x, gamma, beta, epsilon, batchMean, batchVariance);
        updateMovingStatistics(x.value().rank(), x.value().size() / batchMean.length);
        return y;
    }

    private void updateMovingStatistics(int inputRank, int samplesPerChannel) {
        float decay = 1f - momentum;
        float bessel = inputRank == 4 && samplesPerChannel > 1
                ? (float) samplesPerChannel / (samplesPerChannel - 1) : 1f;
        float[] mean = movingMean.value().data();
        float[] variance = movingVariance.value().data();
        for (int c = 0; c < mean.length; c++) {
            mean[c] -= (mean[c] - batchMean[c]) * decay;
            variance[c] -= (variance[c] - batchVariance[c] * bessel) * decay;
        }
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("axis", -1);
        config.put("momentum", (double) momentum);
        config.put("epsilon", (double) epsilon);
        config.put("center", center);
        config.put("scale", scale);
        config.put("beta_initializer", LayerConfigs.initializer(Initializer.ZEROS));
        config.put("gamma_initializer", LayerConfigs.initializer(Initializer.ONES));
        config.put("moving_mean_initializer", LayerConfigs.initializer(Initializer.ZEROS));
        config.put("moving_variance_initializer", LayerConfigs.initializer(Initializer.ONES));
        return config;
    }
}
