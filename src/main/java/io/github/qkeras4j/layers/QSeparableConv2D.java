package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.tensor.Padding;
import java.util.Map;

/**
 * QKeras {@code QSeparableConv2D}:
 * {@code y = activation(conv1x1(depthwiseConv(x, Qdw(depthwise)), Qpw(pointwise)) + Qb(bias))}, shapes as
 * in {@link SeparableConv2D}; the depthwise output is not quantized. The depthwise and pointwise
 * quantizers get QKeras's alpha rewrite (alpha None becomes 'auto_po2'), and each quantized float
 * weight is clipped to {@code ±max(1, quantizer.max())} after every step.
 */
public final class QSeparableConv2D extends SeparableConv2D {
    private final SeparableQuantizers quantizers;

    public QSeparableConv2D(String name, int filters, int[] kernelSize, int[] strides, Padding padding,
                            int depthMultiplier, int[] dilationRate, Quantizer depthwiseQuantizer,
                            Quantizer pointwiseQuantizer, Quantizer biasQuantizer, ActivationFunction activation,
                            boolean useBias, Initializer depthwiseInitializer, Initializer pointwiseInitializer,
                            Initializer biasInitializer) {
        super(name, filters, kernelSize, strides, padding, depthMultiplier, dilationRate, activation, useBias,
                depthwiseInitializer, pointwiseInitializer, biasInitializer);
        this.quantizers = new SeparableQuantizers(depthwiseQuantizer, pointwiseQuantizer, biasQuantizer);
    }

    /** A QSeparableConv2D layer with stride 1, multiplier 1, no dilation, a bias and Keras's initializers. */
    public QSeparableConv2D(int filters, int kernelHeight, int kernelWidth, Padding padding,
                            Quantizer depthwiseQuantizer, Quantizer pointwiseQuantizer, Quantizer biasQuantizer,
                            ActivationFunction activation) {
        this(null, filters, new int[] {kernelHeight, kernelWidth}, new int[] {1, 1}, padding, 1, new int[] {1, 1},
                depthwiseQuantizer, pointwiseQuantizer, biasQuantizer, activation, true, Initializer.GLOROT_UNIFORM,
                Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
    }

    @Override
    public String className() {
        return "QSeparableConv2D";
    }

    @Override
    protected Variable depthwiseKernelValue(ForwardContext context) {
        return quantizers.quantizeDepthwise(depthwiseKernel, context);
    }

    @Override
    protected Variable pointwiseKernelValue(ForwardContext context) {
        return quantizers.quantizePointwise(pointwiseKernel, context);
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
        return quantizers.quantizerOf(weight, depthwiseKernel, pointwiseKernel, bias);
    }

    @Override
    public void applyConstraints() {
        quantizers.clip(depthwiseKernel, pointwiseKernel, bias);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = super.layerConfig();
        quantizers.addConfig(config);
        return config;
    }
}
