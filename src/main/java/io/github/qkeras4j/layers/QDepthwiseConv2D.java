package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.tensor.Padding;
import java.util.Map;

/**
 * QKeras {@code QDepthwiseConv2D}: {@code y = activation(depthwiseConv(x, Qdw(kernel)) + Qb(bias))},
 * shapes as in {@link DepthwiseConv2D}. The depthwise quantizer gets QKeras's alpha rewrite (alpha
 * None becomes 'auto_po2', one scale per last kernel axis, which is the depth multiplier index), and
 * each quantized float weight is clipped to {@code ±max(1, quantizer.max())} after every step.
 * QKeras's default depthwise initializer is he_normal.
 */
public final class QDepthwiseConv2D extends DepthwiseConv2D {
    private final WeightQuantizers quantizers;

    public QDepthwiseConv2D(String name, int[] kernelSize, int[] strides, Padding padding, int depthMultiplier,
                            int[] dilationRate, Quantizer depthwiseQuantizer, Quantizer biasQuantizer,
                            ActivationFunction activation, boolean useBias, Initializer depthwiseInitializer,
                            Initializer biasInitializer) {
        super(name, kernelSize, strides, padding, depthMultiplier, dilationRate, activation, useBias,
                depthwiseInitializer, biasInitializer);
        this.quantizers = new WeightQuantizers("depthwise", depthwiseQuantizer, biasQuantizer);
    }

    /** A QDepthwiseConv2D layer with stride 1, no dilation, a bias and QKeras's default initializers. */
    public QDepthwiseConv2D(int kernelHeight, int kernelWidth, int depthMultiplier, Padding padding,
                            Quantizer depthwiseQuantizer, Quantizer biasQuantizer, ActivationFunction activation) {
        this(null, new int[] {kernelHeight, kernelWidth}, new int[] {1, 1}, padding, depthMultiplier, new int[] {1, 1},
                depthwiseQuantizer, biasQuantizer, activation, true, Initializer.HE_NORMAL, Initializer.ZEROS);
    }

    @Override
    public String className() {
        return "QDepthwiseConv2D";
    }

    @Override
    protected Variable depthwiseKernelValue(ForwardContext context) {
        return quantizers.quantizeKernel(depthwiseKernel, context);
    }

    @Override
    protected Variable biasValue(ForwardContext context) {
        return quantizers.quantizeBias(bias, context);
    }

    @Override
    public Map<String, Quantizer> quantizers() {
        return quantizers.asMap(activation);
    }

    @Override
    public Quantizer quantizerOf(Parameter weight) {
        return quantizers.quantizerOf(weight, depthwiseKernel, bias);
    }

    @Override
    public void applyConstraints() {
        quantizers.clip(depthwiseKernel, bias);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = super.layerConfig();
        quantizers.addConfig(config);
        return config;
    }
}
