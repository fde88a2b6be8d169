package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.tensor.Padding;
import java.util.Map;

/**
 * QKeras {@code QConv2D}: {@code y = activation(conv(x, Qk(kernel)) + Qb(bias))}, shapes as in
 * {@link Conv2D}. The float kernel and bias stay the trainable values; the quantizers run on every
 * call and pass gradients straight through. QKeras's defaults apply: kernel initializer he_normal,
 * kernel quantizer with alpha None turned into 'auto_po2' (one power-of-two scale per filter), and a
 * clip of each quantized float weight to {@code ±max(1, quantizer.max())} after every step.
 */
public final class QConv2D extends Conv2D {
    private final WeightQuantizers quantizers;

    public QConv2D(String name, int filters, int[] kernelSize, int[] strides, Padding padding, int[] dilationRate,
                   Quantizer kernelQuantizer, Quantizer biasQuantizer, ActivationFunction activation, boolean useBias,
                   Initializer kernelInitializer, Initializer biasInitializer) {
        super(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias, kernelInitializer,
                biasInitializer);
        this.quantizers = new WeightQuantizers(kernelQuantizer, biasQuantizer);
    }

    /** A QConv2D layer with stride 1, no dilation, QKeras's default initializers and the given quantizers. */
    public QConv2D(int filters, int kernelHeight, int kernelWidth, Padding padding, Quantizer kernelQuantizer,
                   Quantizer biasQuantizer, ActivationFunction activation) {
        this(null, filters, new int[] {kernelHeight, kernelWidth}, new int[] {1, 1}, padding, new int[] {1, 1},
                kernelQuantizer, biasQuantizer, activation, true, Initializer.HE_NORMAL, Initializer.ZEROS);
    }

    @Override
    public String className() {
        return "QConv2D";
    }

    @Override
    protected Variable kernelValue(ForwardContext context) {
        return quantizers.quantizeKernel(kernel, context);
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
        return quantizers.quantizerOf(weight, kernel, bias);
    }

    @Override
    public void applyConstraints() {
        quantizers.clip(kernel, bias);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = super.layerConfig();
        quantizers.addConfig(config);
        return config;
    }
}
