package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.QuantizeOp;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel and bias quantizers of a QKeras weight layer, with QKeras's rules for them: the kernel
 * quantizer goes through {@link Quantizer#forKernel()} (alpha None becomes 'auto_po2'), and each
 * quantized weight gets QKeras's default constraint, a clip of the float weight to
 * {@code ±max(1, quantizer.max())} after every optimizer step.
 */
final class WeightQuantizers {
    private final String kernelRole;
    private final Quantizer kernelQuantizer;
    private final Quantizer biasQuantizer;

    WeightQuantizers(Quantizer kernelQuantizer, Quantizer biasQuantizer) {
        this("kernel", kernelQuantizer, biasQuantizer);
    }

    /**
     * @param kernelRole the Keras name of the kernel, which prefixes its config keys: {@code kernel}
     *                   ({@code kernel_quantizer}, {@code kernel_range}) or {@code depthwise}
     */
    WeightQuantizers(String kernelRole, Quantizer kernelQuantizer, Quantizer biasQuantizer) {
        this.kernelRole = kernelRole;
        this.kernelQuantizer = kernelQuantizer == null ? null : kernelQuantizer.forKernel();
        this.biasQuantizer = biasQuantizer;
    }

    /** Parses spec strings; null or empty means no quantizer. */
    static WeightQuantizers parse(String kernelSpec, String biasSpec) {
        return new WeightQuantizers(parseOrNull(kernelSpec), parseOrNull(biasSpec));
    }

    static Quantizer parseOrNull(String spec) {
        return spec == null || spec.isBlank() ? null : QuantizerSpec.parse(spec);
    }

    Quantizer kernel() {
        return kernelQuantizer;
    }

    Quantizer bias() {
        return biasQuantizer;
    }

    Variable quantizeKernel(Variable kernel, ForwardContext context) {
        return quantize(kernel, kernelQuantizer, context);
    }

    Variable quantizeBias(Variable bias, ForwardContext context) {
        return quantize(bias, biasQuantizer, context);
    }

    /** Returns {@code Q(value)} as a recorded op, or {@code value} itself when there is no quantizer. */
    static Variable quantize(Variable value, Quantizer quantizer, ForwardContext context) {
        if (quantizer == null) {
            return value;
        }
        return QuantizeOp.apply(context.tape(), quantizer, value, context.quantizers());
    }

    Quantizer quantizerOf(Parameter weight, Parameter kernel, Parameter bias) {
        if (weight == kernel) {
            return kernelQuantizer;
        }
        return weight == bias ? biasQuantizer : null;
    }

    void clip(Parameter kernel, Parameter bias) {
        clip(kernel, kernelQuantizer);
        if (bias != null) {
            clip(bias, biasQuantizer);
        }
    }

    /** QKeras's {@code Clip(-M, M)} with {@code M = max(1, quantizer.max())}. */
    static void clip(Parameter weight, Quantizer quantizer) {
        if (weight == null || quantizer == null) {
            return;
        }
        float bound = (float) Math.max(1.0, quantizer.max());
        float[] w = weight.value().data();
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(-bound, Math.min(bound, w[i]));
        }
    }

    Map<String, Quantizer> asMap() {
        Map<String, Quantizer> map = new LinkedHashMap<>();
        if (kernelQuantizer != null) {
            map.put(kernelRole + "_quantizer", kernelQuantizer);
        }
        if (biasQuantizer != null) {
            map.put("bias_quantizer", biasQuantizer);
        }
        return map;
    }

    /** Returns {@link #asMap()} followed by the activation's quantizer, if any, under {@code activation}. */
    Map<String, Quantizer> asMap(ActivationFunction activation) {
        Map<String, Quantizer> map = asMap();
        if (activation != null && activation.quantizer() != null) {
            map.put("activation", activation.quantizer());
        }
        return map;
    }

    void addConfig(Map<String, Object> config) {
        config.put(kernelRole + "_quantizer", LayerConfigs.quantizer(kernelQuantizer));
        config.put("bias_quantizer", LayerConfigs.quantizer(biasQuantizer));
        config.put(kernelRole + "_range", null);
        config.put("bias_range", null);
    }
}
