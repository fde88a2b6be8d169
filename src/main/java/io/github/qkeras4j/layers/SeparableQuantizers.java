package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The depthwise, pointwise and bias quantizers of QKeras's separable convolutions, with QKeras's
 * rules: both kernel quantizers get the alpha rewrite ({@link Quantizer#forKernel()}), and each
 * quantized float weight is clipped to {@code ±max(1, quantizer.max())} after every optimizer step.
 */
final class SeparableQuantizers {
    private final Quantizer depthwise;
    private final WeightQuantizers pointwiseAndBias;

    SeparableQuantizers(Quantizer depthwise, Quantizer pointwise, Quantizer bias) {
        this.depthwise = depthwise == null ? null : depthwise.forKernel();
        this.pointwiseAndBias = new WeightQuantizers("pointwise", pointwise, bias);
    }

    Variable quantizeDepthwise(Variable kernel, ForwardContext context) {
        return WeightQuantizers.quantize(kernel, depthwise, context);
    }

    Variable quantizePointwise(Variable kernel, ForwardContext context) {
        return pointwiseAndBias.quantizeKernel(kernel, context);
    }

    Variable quantizeBias(Variable bias, ForwardContext context) {
        return pointwiseAndBias.quantizeBias(bias, context);
    }

    /** Returns the quantizers in QKeras's order (depthwise, pointwise, bias), then the activation's. */
    Map<String, Quantizer> asMap(ActivationFunction activation) {
        Map<String, Quantizer> map = new LinkedHashMap<>();
        if (depthwise != null) {
            map.put("depthwise_quantizer", depthwise);
        }
        map.putAll(pointwiseAndBias.asMap(activation));
        return map;
    }

    Quantizer quantizerOf(Parameter weight, Parameter depthwiseKernel, Parameter pointwiseKernel, Parameter bias) {
        if (weight != null && weight == depthwiseKernel) {
            return depthwise;
        }
        return pointwiseAndBias.quantizerOf(weight, pointwiseKernel, bias);
    }

    void clip(Parameter depthwiseKernel, Parameter pointwiseKernel, Parameter bias) {
        WeightQuantizers.clip(depthwiseKernel, depthwise);
        pointwiseAndBias.clip(pointwiseKernel, bias);
    }

    /** Adds the three quantizers under QKeras's config keys (separable layers save no ranges). */
    void addConfig(Map<String, Object> config) {
        config.put("depthwise_quantizer", LayerConfigs.quantizer(depthwise));
        config.put("pointwise_quantizer", LayerConfigs.quantizer(pointwiseAndBias.kernel()));
        config.put("bias_quantizer", LayerConfigs.quantizer(pointwiseAndBias.bias()));
    }
}
