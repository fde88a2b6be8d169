package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import java.util.Map;

/**
 * QKeras {@code QSeparableConv1D}: {@link SeparableConv1D} with quantized kernels and bias. As in
 * QKeras, the depthwise and pointwise quantizers see the kernels expanded to rank 4 (the last axis, and
 * so each auto scale, is unchanged); both get the alpha rewrite (alpha None becomes 'auto_po2'), and
 * each quantized float weight is clipped to {@code ±max(1, quantizer.max())} after every step.
 */
public final class QSeparableConv1D extends SeparableConv1D {
    private final SeparableQuantizers quantizers;

    public QSeparableConv1D(String name, int filters, int kernelSize, int stride, String padding,
                            int depthMultiplier, int dilation, Quantizer depthwiseQuantizer,
                            Quantizer pointwiseQuantizer, Quantizer biasQuantizer, ActivationFunction activation,
                            boolean useBias, Initializer depthwiseInitializer, Initializer pointwiseInitializer,
                            Initializer biasInitializer) {
        super(name, filters, kernelSize, stride, padding, depthMultiplier, dilation, activation, useBias,
                depthwiseInitializer, pointwiseInitializer, biasInitializer);
        this.quantizers = new SeparableQuantizers(depthwiseQuantizer, pointwiseQuantizer, biasQuantizer);
    }

    @Override
    public String className() {
        return "QSeparableConv1D";
    }

    @Override
    protected Variable depthwiseKernelValue(Variable expanded, ForwardContext context) {
        return quantizers.quantizeDepthwise(expanded, context);
    }

    @Override
    protected Variable pointwiseKernelValue(Variable expanded, ForwardContext context) {
        return quantizers.quantizePointwise(expanded, context);
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
