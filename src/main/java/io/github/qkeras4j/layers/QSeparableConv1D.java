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
    private final Quantizer depthwiseQuantizer;
    private final WeightQuantizers pointwiseAndBias;

    public QSeparableConv1D(String name, int filters, int kernelSize, int stride, String padding,
                            int depthMultiplier, int dilation, Quantizer depthwiseQuantizer,
                            Quantizer pointwiseQuantizer, Quantizer biasQuantizer, ActivationFunction activation,
                            boolean useBias, Initializer depthwiseInitializer, Initializer pointwiseInitializer,
                            Initializer biasInitializer) {
        super(name, filters, kernelSize, stride, padding, depthMultiplier, dilation, activation, useBias,
                depthwiseInitializer, pointwiseInitializer, biasInitializer);
        this.depthwiseQuantizer = depthwiseQuantizer == null ? null : depthwiseQuantizer.forKernel();
        this.pointwiseAndBias = new WeightQuantizers(pointwiseQuantizer, biasQuantizer);
    }

    @Override
    public String className() {
        return "QSeparableConv1D";
    }

    @Override
    protected Variable depthwiseKernelValue(Variable expanded, ForwardContext context) {
        return WeightQuantizers.quantize(expanded, depthwiseQuantizer, context);
    }

    @Override
    protected Variable pointwiseKernelValue(Variable expanded, ForwardContext context) {
        return pointwiseAndBias.quantizeKernel(expanded, context);
    }

    @Override
    protected Variable biasValue(ForwardContext context) {
        return pointwiseAndBias.quantizeBias(bias, context);
    }

    @Override
    public Map<String, Quantizer> quantizers() {
        return WeightQuantizers.roles(activation, "depthwise_quantizer", depthwiseQuantizer, "pointwise_quantizer",
                pointwiseAndBias.kernel(), "bias_quantizer", pointwiseAndBias.bias());
    }

    @Override
    public Quantizer quantizerOf(Parameter weight) {
        if (weight != null && weight == depthwiseKernel) {
            return depthwiseQuantizer;
        }
        return pointwiseAndBias.quantizerOf(weight, pointwiseKernel, bias);
    }

    @Override
    public void applyConstraints() {
        WeightQuantizers.clip(depthwiseKernel, depthwiseQuantizer);
        pointwiseAndBias.clip(pointwiseKernel, bias);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = super.layerConfig();
        config.put("depthwise_quantizer", LayerConfigs.quantizer(depthwiseQuantizer));
        config.put("pointwise_quantizer", LayerConfigs.quantizer(pointwiseAndBias.kernel()));
        config.put("bias_quantizer", LayerConfigs.quantizer(pointwiseAndBias.bias()));
        return config;
    }
}
