package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.BiasAddOp;
import io.github.qkeras4j.autograd.ops.ChannelScaleOp;
import io.github.qkeras4j.autograd.ops.DepthwiseConv2DOp;
import io.github.qkeras4j.autograd.ops.ReshapeOp;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * QKeras {@code QDepthwiseConv2DBatchnorm}: a QDepthwiseConv2D with batch normalization folded into
 * its kernel and bias, as {@link QConv2DBatchnorm} does for QConv2D. Weights in Keras's order:
 * {@code depthwise_kernel [kernelHeight, kernelWidth, channels, depthMultiplier]}, {@code bias
 * [channels · depthMultiplier]} (if use_bias), then {@code gamma, beta, iteration, moving_mean,
 * moving_variance}, each {@code [channels · depthMultiplier]} but the scalar {@code iteration}. The
 * folding factor {@code inv [channels · depthMultiplier]} scales the kernel viewed as
 * {@code [kernelHeight, kernelWidth, channels · depthMultiplier]}, which is QKeras's reshape of
 * {@code inv} to {@code [channels, depthMultiplier]}.
 */
public final class QDepthwiseConv2DBatchnorm extends DepthwiseConv2D {
    private final WeightQuantizers quantizers;
    private final BatchNormFolding folding;

    public QDepthwiseConv2DBatchnorm(String name, int[] kernelSize, int[] strides, Padding padding,
                                     int depthMultiplier, int[] dilationRate, Quantizer depthwiseQuantizer,
                                     Quantizer biasQuantizer, ActivationFunction activation, boolean useBias,
                                     Initializer depthwiseInitializer, Initializer biasInitializer, float momentum,
                                     float epsilon, boolean center, boolean scale, Integer emaFreezeDelay,
                                     FoldingMode foldingMode) {
        super(name, kernelSize, strides, padding, depthMultiplier, dilationRate, activation, useBias,
                depthwiseInitializer, biasInitializer);
        this.quantizers = new WeightQuantizers("depthwise", depthwiseQuantizer, biasQuantizer);
        this.folding = new BatchNormFolding(className(), momentum, epsilon, center, scale, emaFreezeDelay,
                foldingMode);
    }

    @Override
    public String className() {
        return "QDepthwiseConv2DBatchnorm";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        int[] outputShape = super.buildWeights(inputShape, random);
        folding.addWeights(this, outputShape[2], random);
        return outputShape;
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Tape tape = context.tape();
        boolean batchStatistics = folding.batchStatisticsActive(context.training());
        Variable unfolded = batchStatistics ? withBias(tape, DepthwiseConv2DOp.apply(tape, x, depthwiseKernel,
                geometry())) : null;
        BatchNormFolding.Folded folded = folding.fold(tape, unfolded, bias, batchStatistics, context.training());

        Variable foldedKernel = ChannelScaleOp.apply(tape, perOutputChannel(tape), folded.inv());
        foldedKernel = ReshapeOp.apply(tape, foldedKernel, depthwiseKernel.shape());
        Variable y = DepthwiseConv2DOp.apply(tape, x, quantizers.quantizeKernel(foldedKernel, context), geometry());
        if (folded.correction() != null) {
            y = ChannelScaleOp.apply(tape, y, folded.correction());
        }
        y = BiasAddOp.apply(tape, y, quantizers.quantizeBias(folded.bias(), context));
        return activation.apply(y, context);
    }

    private Variable withBias(Tape tape, Variable y) {
        return useBias ? BiasAddOp.apply(tape, y, bias) : y;
    }

    /** Returns the kernel viewed as {@code [kernelHeight, kernelWidth, channels · depthMultiplier]}. */
    private Variable perOutputChannel(Tape tape) {
        int[] shape = depthwiseKernel.shape();
        return ReshapeOp.apply(tape, depthwiseKernel, shape[0], shape[1], shape[2] * shape[3]);
    }

    /**
     * QKeras's {@code get_folded_weights()}: the unquantized folded kernel
     * {@code [kernelHeight, kernelWidth, channels, depthMultiplier]} and bias from the moving statistics.
     */
    public List<Tensor> foldedWeights() {
        List<Tensor> folded = folding.foldedWeights(perOutputChannel(Tape.inference()), bias);
        return List.of(folded.get(0).reshape(depthwiseKernel.shape()), folded.get(1));
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
        quantizers.clip(depthwiseKernel, bias);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = super.layerConfig();
        quantizers.addConfig(config);
        folding.addConfig(config);
        return config;
    }
}
