package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers shared by QKeras's quantized average pooling layers: the quantized reciprocal and the config keys. */
final class PoolingQuantizers {
    private PoolingQuantizers() {
    }

    /**
     * Returns {@code Qavg(1 / area)}, with the reciprocal computed in double and rounded to float, as QKeras passes it to
     * the quantizer. The quantizer runs on every call because stochastic rounding may change it.
     */
    static float quantizedReciprocal(Quantizer quantizer, int area, ForwardContext context) {
        Tensor reciprocal = context.tape().allocate(1);
        reciprocal.data()[0] = (float) (1.0 / area);
        Tensor quantized = context.tape().allocate(1);
        quantizer.forward(reciprocal, quantized, context.quantizers());
        return quantized.data()[0];
    }

    static Map<String, Quantizer> asMap(Quantizer averageQuantizer, ActivationFunction activation) {
        Map<String, Quantizer> map = new LinkedHashMap<>();
        if (averageQuantizer != null) {
            map.put("average_quantizer", averageQuantizer);
        }
        if (activation != null && activation.quantizer() != null) {
            map.put("activation", activation.quantizer());
        }
        return map;
    }

    static void addConfig(Map<String, Object> config, Quantizer averageQuantizer, ActivationFunction activation) {
        config.put("average_quantizer", LayerConfigs.quantizer(averageQuantizer));
        config.put("activation", activation == null ? null : activation.configValue());
    }

    /** Returns the activation of a pooling layer: null (none) stays null. */
    static Variable activate(ActivationFunction activation, Variable y, ForwardContext context) {
        return activation == null ? y : activation.apply(y, context);
    }
}
