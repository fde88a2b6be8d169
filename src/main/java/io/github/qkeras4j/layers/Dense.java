package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.BiasAddOp;
import io.github.qkeras4j.autograd.ops.MatMulOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code Dense}: {@code y = activation(x · kernel + bias)} with {@code x [batch, inFeatures]},
 * {@code kernel [inFeatures, units]}, {@code bias [units]} and {@code y [batch, units]}.
 * Subclasses substitute the kernel and bias values the product uses ({@link QDense} quantizes them).
 */
public class Dense extends Layer {
    protected final int units;
    protected final ActivationFunction activation;
    protected final boolean useBias;
    protected final Initializer kernelInitializer;
    protected final Initializer biasInitializer;
    protected Parameter kernel;
    protected Parameter bias;

    public Dense(String name, int units, ActivationFunction activation, boolean useBias,
                 Initializer kernelInitializer, Initializer biasInitializer) {
        super(name);
        if (units < 1) {
            throw new IllegalArgumentException(className() + ": units must be >= 1, received " + units);
        }
        this.units = units;
        this.activation = activation == null ? ActivationFunction.LINEAR : activation;
        this.useBias = useBias;
        this.kernelInitializer = kernelInitializer;
        this.biasInitializer = biasInitializer;
    }

    /** A Dense layer with Keras's defaults: linear, with bias, glorot_uniform kernel. */
    public Dense(int units) {
        this(null, units, ActivationFunction.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
    }

    @Override
    public String className() {
        return "Dense";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        if (inputShape.length != 1) {
            throw new IllegalArgumentException(className() + " '" + name() + "' needs a flat input [batch, features], "
                    + "received [batch, " + java.util.Arrays.toString(inputShape).replaceAll("[\\[\\]]", "")
                    + "]; add a Flatten layer before it");
        }
        kernel = addWeight("kernel", new int[] {inputShape[0], units}, kernelInitializer, true, random);
        if (useBias) {
            bias = addWeight("bias", new int[] {units}, biasInitializer, true, random);
        }
        return new int[] {units};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Variable y = MatMulOp.apply(context.tape(), x, kernelValue(context));
        if (useBias) {
            y = BiasAddOp.apply(context.tape(), y, biasValue(context));
        }
        return activation.apply(y, context);
    }

    /** The kernel the product uses; the float kernel itself in Keras's Dense. */
    protected Variable kernelValue(ForwardContext context) {
        return kernel;
    }

    /** The bias the sum uses; the float bias itself in Keras's Dense. */
    protected Variable biasValue(ForwardContext context) {
        return bias;
    }

    public int units() {
        return units;
    }

    public ActivationFunction activation() {
        return activation;
    }

    public Parameter kernel() {
        return kernel;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("units", units);
        config.put("activation", activation.configValue());
        config.put("use_bias", useBias);
        config.put("kernel_initializer", LayerConfigs.initializer(kernelInitializer));
        config.put("bias_initializer", LayerConfigs.initializer(biasInitializer));
        return config;
    }
}
