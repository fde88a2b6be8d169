package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.BiasAddOp;
import io.github.qkeras4j.autograd.ops.ChannelScaleOp;
import io.github.qkeras4j.autograd.ops.Conv2DOp;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * QKeras {@code QConv2DBatchnorm}: a QConv2D with batch normalization folded into its kernel and bias,
 * channels_last. Weights in Keras's order: {@code kernel [kernelHeight, kernelWidth, inChannels,
 * filters]}, {@code bias [filters]} (if use_bias), then {@code gamma, beta, iteration, moving_mean,
 * moving_variance} (see {@link BatchNormFolding}). The forward pass is
 * <pre>
 *   (inv, b_f, correction) = fold(conv(x, W) + b)        batch statistics in training only
 *   y = activation(conv(x, Qk(inv · W)) · correction + Qb(b_f))
 * </pre>
 * so inference is a QConv2D with kernel {@code inv_m · W} and bias {@code inv_m · (b − μ_m) + β}
 * ({@link #foldedWeights()}). In training the moving statistics are updated from the unfolded output
 * {@code conv(x, W) + b}, with Keras's fused-kernel Bessel correction, and gradients flow through the
 * batch statistics. Like QKeras, the layer is channels_last only and always adds the folded bias.
 */
public final class QConv2DBatchnorm extends Conv2D {
    private final WeightQuantizers quantizers;
    private final BatchNormFolding folding;

    public QConv2DBatchnorm(String name, int filters, int[] kernelSize, int[] strides, Padding padding,
                            int[] dilationRate, Quantizer kernelQuantizer, Quantizer biasQuantizer,
                            ActivationFunction activation, boolean useBias, Initializer kernelInitializer,
                            Initializer biasInitializer, float momentum, float epsilon, boolean center, boolean scale,
                            Integer emaFreezeDelay, FoldingMode foldingMode) {
        super(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias, kernelInitializer,
                biasInitializer);
        this.quantizers = new WeightQuantizers(kernelQuantizer, biasQuantizer);
        this.folding = new BatchNormFolding(className(), momentum, epsilon, center, scale, emaFreezeDelay,
                foldingMode);
    }

    /**
     * A QConv2DBatchnorm layer with stride 1, no dilation, a bias, and QKeras's defaults for the rest:
     * he_normal kernel, momentum 0.99, epsilon 1e-3, center and scale, no ema freeze delay.
     */
    public QConv2DBatchnorm(int filters, int kernelHeight, int kernelWidth, Padding padding, Quantizer kernelQuantizer,
                            Quantizer biasQuantizer, ActivationFunction activation, FoldingMode foldingMode) {
        this(null, filters, new int[] {kernelHeight, kernelWidth}, new int[] {1, 1}, padding, new int[] {1, 1},
                kernelQuantizer, biasQuantizer, activation, true, Initializer.HE_NORMAL, Initializer.ZEROS, 0.99f,
                1e-3f, true, true, null, foldingMode);
    }

    @Override
    public String className() {
        return "QConv2DBatchnorm";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        int[] outputShape = super.buildWeights(inputShape, random);
        folding.addWeights(this, filters, random);
        return outputShape;
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Tape tape = context.tape();
        boolean batchStatistics = folding.batchStatisticsActive(context.training());
        Variable unfolded = batchStatistics ? withBias(tape, Conv2DOp.apply(tape, x, kernel, geometry())) : null;
        BatchNormFolding.Folded folded = folding.fold(tape, unfolded, bias, batchStatistics, context.training());

        Variable foldedKernel = ChannelScaleOp.apply(tape, kernel, folded.inv());
        Variable y = Conv2DOp.apply(tape, x, quantizers.quantizeKernel(foldedKernel, context), geometry());
        if (folded.correction() != null) {
            y = ChannelScaleOp.apply(tape, y, folded.correction());
        }
        y = BiasAddOp.apply(tape, y, quantizers.quantizeBias(folded.bias(), context));
        return activation.apply(y, context);
    }

    private Variable withBias(Tape tape, Variable y) {
        return useBias ? BiasAddOp.apply(tape, y, bias) : y;
    }

    /** QKeras's {@code get_folded_weights()}: the unquantized folded kernel and bias from the moving statistics. */
    public List<Tensor> foldedWeights() {
        return folding.foldedWeights(kernel, bias);
    }

    @Override
    public Map<String, Quantizer> quantizers() {
        return quantizers.asMap(activation);
    }

    // TODO: QKeras's model_save_quantized_weights exports this layer's folded weights, quantized. The export
    // here pairs quantizers with the stored (unfolded) weights, so this returns null and they stay float.
    @Override
    public Quantizer quantizerOf(Parameter weight) {
        return null;
    }

    @Override
    public void applyConstraints() {
        quantizers.clip(kernel, bias);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = super.layerConfig();
        quantizers.addConfig(config);
        folding.addConfig(config);
        return config;
    }
}
