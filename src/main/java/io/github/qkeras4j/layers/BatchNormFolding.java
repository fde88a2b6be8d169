package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.ChannelMeanOp;
import io.github.qkeras4j.autograd.ops.ChannelScaleOp;
import io.github.qkeras4j.autograd.ops.ChannelVarianceOp;
import io.github.qkeras4j.autograd.ops.FoldedBiasOp;
import io.github.qkeras4j.autograd.ops.InverseStdOp;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The batch-normalization half of QKeras's folded layers ({@link QConv2DBatchnorm},
 * {@link QDepthwiseConv2DBatchnorm}): the weights {@code gamma, beta, iteration, moving_mean,
 * moving_variance}, each {@code [channels]} but the scalar step counter {@code iteration}, and the
 * folding of them into a convolution's kernel and bias. With {@code inv = γ · rsqrt(σ² + ε)}:
 * <pre>
 *   W_f = inv · W          (per output channel)
 *   b_f = inv · (b − μ) + β
 * </pre>
 * In inference {@code μ, σ²} are the moving statistics, so the layer is a convolution with
 * {@code (W_f, b_f)}. In training the batch statistics of {@code conv(x, W) + b} take part as
 * {@link FoldingMode} describes.
 */
final class BatchNormFolding {
    /**
     * The folded weights of one call.
     *
     * @param inv        the kernel's per-channel factor {@code [channels]}
     * @param bias       the folded bias {@code [channels]}, before the bias quantizer
     * @param correction the per-channel factor applied to the convolution output before the bias, or
     *                   null for none
     */
    record Folded(Variable inv, Variable bias, Variable correction) {
    }

    private final float momentum;
    private final float epsilon;
    private final boolean scale;
    private final Integer emaFreezeDelay;
    private final FoldingMode foldingMode;
    private Parameter gamma;
    private Parameter beta;
    private Parameter iteration;
    private Parameter movingMean;
    private Parameter movingVariance;

    /**
     * @param emaFreezeDelay the last iteration that updates the moving statistics, or null (or
     *                       negative) to update them in every training call
     */
    BatchNormFolding(String className, float momentum, float epsilon, boolean center, boolean scale,
                     Integer emaFreezeDelay, FoldingMode foldingMode) {
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException(className + ": momentum must be in [0, 1], received " + momentum);
        }
        if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException(className + ": epsilon must be a positive number, received " + epsilon);
        }
        if (!center) {
            throw new IllegalArgumentException(className + ": center=False is not supported because QKeras adds the"
                    + " folded bias with beta, which does not exist then (QKeras fails the same way); use center=True");
        }
        if (foldingMode == null) {
            throw new IllegalArgumentException(className + ": folding_mode is missing; pass"
                    + " FoldingMode.EMA_STATS_FOLDING (QKeras's default) or BATCH_STATS_FOLDING");
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.scale = scale;
        this.emaFreezeDelay = emaFreezeDelay;
        this.foldingMode = foldingMode;
    }

    /** Adds the weights in Keras's order, after the convolution's kernel and bias. */
    void addWeights(Layer layer, int channels, SplittableRandom random) {
        int[] shape = {channels};
        if (scale) {
            gamma = layer.addWeight("gamma", shape, Initializer.ONES, true, random);
        }
        beta = layer.addWeight("beta", shape, Initializer.ZEROS, true, random);
        // Keras stores an int64 counter that starts at -1. A float counts exactly up to 2^24 steps.
        iteration = layer.addWeight("iteration", new int[0], Initializer.ZEROS, false, random);
        iteration.value().data()[0] = -1f;
        movingMean = layer.addWeight("moving_mean", shape, Initializer.ZEROS, false, random);
        movingVariance = layer.addWeight("moving_variance", shape, Initializer.ONES, false, random);
    }

    /**
     * Returns whether this call normalizes with batch statistics and updates the moving ones: in
     * training, until the iteration counter passes {@code ema_freeze_delay}.
     */
    boolean batchStatisticsActive(boolean training) {
        boolean frozen = emaFreezeDelay != null && emaFreezeDelay >= 0 && iteration.value().data()[0] > emaFreezeDelay;
        return training && !frozen;
    }

    /**
     * Folds batch normalization into a convolution with float bias {@code bias} (null for none).
     *
     * @param unfolded  {@code conv(x, W) + b} {@code [batch, height, width, channels]}, needed only when
     *                  {@code batchStatistics} is true (else null)
     * @param training  Keras's {@code training} argument, which counts the step
     */
    Folded fold(Tape tape, Variable unfolded, Variable bias, boolean batchStatistics, boolean training) {
        Variable batchMean = null;
        Variable batchVariance = null;
        if (batchStatistics) {
            batchMean = ChannelMeanOp.apply(tape, unfolded);
            batchVariance = ChannelVarianceOp.apply(tape, unfolded, batchMean);
            updateMovingStatistics(batchMean.value().data(), batchVariance.value().data(),
                    unfolded.value().size() / batchMean.value().size());
        }
        if (training) {
            iteration.value().data()[0] += 1f;
        }

        Variable movingInv = InverseStdOp.apply(tape, movingVariance, gamma, epsilon);
        if (!batchStatistics) {
            return new Folded(movingInv, FoldedBiasOp.apply(tape, movingInv, bias, movingMean, beta), null);
        }
        Variable batchInv = InverseStdOp.apply(tape, batchVariance, gamma, epsilon);
        Variable foldedBias = FoldedBiasOp.apply(tape, batchInv, bias, batchMean, beta);
        if (foldingMode == FoldingMode.BATCH_STATS_FOLDING) {
            return new Folded(batchInv, foldedBias, null);
        }
        // Batch statistics are active only in training, when QKeras's ema mode rescales the output.
        return new Folded(movingInv, foldedBias, correction(tape, batchVariance));
    }

    /** Returns the ema-mode output factor {@code sqrt(σ²_m + ε) · rsqrt(σ²_b + ε)}. */
    private Variable correction(Tape tape, Variable batchVariance) {
        float[] moving = movingVariance.value().data();
        Tensor movingStd = tape.allocate(moving.length);
        for (int c = 0; c < moving.length; c++) {
            movingStd.data()[c] = (float) Math.sqrt(moving[c] + epsilon);
        }
        return InverseStdOp.apply(tape, batchVariance, Variable.constant(movingStd), epsilon);
    }

    /**
     * Keras's moving-average update as its fused kernel does it for the 4-D convolution output: the
     * variance is Bessel-corrected, {@code σ²_b · n / (n − 1)} with {@code n} values per channel.
     */
    private void updateMovingStatistics(float[] batchMean, float[] batchVariance, int samplesPerChannel) {
        // NOTE: with fused average updates TensorFlow's kernel may blend as (1 − f)·moving + f·batch, which
        // can differ from this form in the last bit; the golden files cover inference only.
        float decay = 1f - momentum;
        float bessel = samplesPerChannel > 1 ? (float) samplesPerChannel / (samplesPerChannel - 1) : 1f;
        float[] mean = movingMean.value().data();
        float[] variance = movingVariance.value().data();
        for (int c = 0; c < mean.length; c++) {
            mean[c] -= (mean[c] - batchMean[c]) * decay;
            variance[c] -= (variance[c] - batchVariance[c] * bessel) * decay;
        }
    }

    Parameter gamma() {
        return gamma;
    }

    Parameter beta() {
        return beta;
    }

    Parameter iteration() {
        return iteration;
    }

    Parameter movingMean() {
        return movingMean;
    }

    Parameter movingVariance() {
        return movingVariance;
    }

    /** Adds the Keras BatchNormalization config keys and QKeras's folding keys. */
    void addConfig(Map<String, Object> config) {
        config.put("axis", List.of(3));
        config.put("momentum", (double) momentum);
        config.put("epsilon", (double) epsilon);
        config.put("center", true);
        config.put("scale", scale);
        config.put("beta_initializer", LayerConfigs.initializer(Initializer.ZEROS));
        config.put("gamma_initializer", LayerConfigs.initializer(Initializer.ONES));
        config.put("moving_mean_initializer", LayerConfigs.initializer(Initializer.ZEROS));
        config.put("moving_variance_initializer", LayerConfigs.initializer(Initializer.ONES));
        config.put("ema_freeze_delay", emaFreezeDelay);
        config.put("folding_mode", foldingMode.kerasName());
    }

    /**
     * Returns QKeras's {@code get_folded_weights()}: {@code [inv_m · W, inv_m · (b − μ_m) + β]} from the
     * moving statistics, unquantized.
     *
     * @param kernelPerChannel the kernel viewed with the output channel as its last axis
     */
    List<Tensor> foldedWeights(Variable kernelPerChannel, Variable bias) {
        Tape tape = Tape.inference();
        Folded folded = fold(tape, null, bias, false, false);
        Tensor kernel = ChannelScaleOp.apply(tape, kernelPerChannel, folded.inv()).value().copy();
        return List.of(kernel, folded.bias().value().copy());
    }
}
