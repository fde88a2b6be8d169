package io.github.qkeras4j.layers;

import io.github.qkeras4j.quantizers.Quantizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QKeras {@code QActivation}: {@code y = Q(x)} with a quantizer (for example quantized_relu(4)) or a
 * Keras activation, in training and inference alike. Any shape, no weights.
 */
public final class QActivation extends Activation {
    public QActivation(String name, ActivationFunction activation) {
        super(name, activation);
    }

    public QActivation(Quantizer quantizer) {
        this(null, new ActivationFunction.Quantized(quantizer));
    }

    @Override
    public String className() {
        return "QActivation";
    }

    @Override
    public Map<String, Quantizer> quantizers() {
        Map<String, Quantizer> map = new LinkedHashMap<>();
        if (activation.quantizer() != null) {
            map.put("activation", activation.quantizer());
        }
        return map;
    }
}
