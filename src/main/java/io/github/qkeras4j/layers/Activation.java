package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras {@code Activation}: {@code y = activation(x)}, any shape, no weights. */
public class Activation extends Layer {
    protected final ActivationFunction activation;

    public Activation(String name, ActivationFunction activation) {
        super(name);
        if (activation == null) {
            throw new IllegalArgumentException(className() + ": activation must not be null");
        }
        this.activation = activation;
    }

    public Activation(ActivationFunction activation) {
        this(null, activation);
    }

    @Override
    public String className() {
        return "Activation";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        return inputShape;
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        return activation.apply(x, context);
    }

    public ActivationFunction activation() {
        return activation;
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("activation", activation.configValue());
        return config;
    }
}
