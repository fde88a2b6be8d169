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
    private final Quantizer depthwiseQuantizer;
    private final WeightQuantizers pointwiseAndBias;

    public QSeparableConv2D(String name, int filters, int[] kernelSize, int[] strides, Padding padding,
                            int depthMultiplier, int[] dilationRate, Quantizer depthwiseQuantizer,
                            Quantizer pointwiseQuantizer, Quantizer biasQuantizer, ActivationFunction activation,
                            boolean useBias, Initializer depthwiseInitializer, Initializer pointwiseInitializer,
                            Initializer biasInitializer) {
        super(name, filters, kernelSize, strides, padding, depthMultiplier, dilationRate, activation, useBias,
                depthwiseInitializer, pointwiseInitializer, biasInitializer);
        this.depthwiseQuantizer = depthwiseQuantizer == null ? null : depthwiseQuantizer.forKernel();
        this.pointwiseAndBias = new WeightQuantizers(pointwiseQuantizer, biasQuantizer);
    }

    @Override
    public String className() {
        return "QSeparableConv2D";
    }

    @Override
    protected Variable depthwiseKernelValue(ForwardContext context) {
        return WeightQuantizers.quantize(depthwiseKernel, depthwiseQuantizer, context);
    }

    @Override
    protected Variable pointwiseKernelValue(ForwardContext context) {
        return pointwiseAndBias.quantizeKernel(pointwiseKernel, context);
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
