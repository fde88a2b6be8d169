package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.BiasAddOp;
import io.github.qkeras4j.autograd.ops.Conv2DOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code Conv2D}, channels_last: {@code y = activation(conv(x, kernel) + bias)} with
 * {@code x [batch, height, width, inChannels]}, {@code kernel [kernelHeight, kernelWidth, inChannels,
 * filters]}, {@code bias [filters]} and {@code y [batch, outHeight, outWidth, filters]}. Strides,
 * dilation and 'valid'/'same' padding follow TensorFlow. Subclasses substitute the kernel and bias
 * values the convolution uses ({@link QConv2D} quantizes them).
 */
public class Conv2D extends Layer {
    protected final int filters;
    protected final int[] kernelSize;
    protected final int[] strides;
    protected final Padding padding;
    protected final int[] dilationRate;
    protected final ActivationFunction activation;
    protected final boolean useBias;
    protected final Initializer kernelInitializer;
    protected final Initializer biasInitializer;
    protected Parameter kernel;
    protected Parameter bias;
    private Conv2DGeometry geometry;

    public Conv2D(String name, int filters, int[] kernelSize, int[] strides, Padding padding, int[] dilationRate,
                  ActivationFunction activation, boolean useBias, Initializer kernelInitializer,
                  Initializer biasInitializer) {
        super(name);
        if (filters < 1) {
            throw new IllegalArgumentException(className() + ": filters must be >= 1, received " + filters);
        }
        this.filters = filters;
        this.kernelSize = pair("kernel_size", kernelSize);
        this.strides = pair("strides", strides);
        this.padding = padding;
        this.dilationRate = pair("dilation_rate", dilationRate);
        if ((this.strides[0] > 1 || this.strides[1] > 1) && (this.dilationRate[0] > 1 || this.dilationRate[1] > 1)) {
            throw new IllegalArgumentException(className() + ": strides " + Arrays.toString(this.strides)
                    + " > 1 cannot be combined with dilation_rate " + Arrays.toString(this.dilationRate)
                    + " > 1 (TensorFlow rejects it); set one of them to 1");
        }
        this.activation = activation == null ? ActivationFunction.LINEAR : activation;
        this.useBias = useBias;
        this.kernelInitializer = kernelInitializer;
        this.biasInitializer = biasInitializer;
    }

    /** A Conv2D layer with Keras's defaults: stride 1, 'valid', no dilation, linear, with bias. */
    public Conv2D(int filters, int kernelHeight, int kernelWidth) {
        this(null, filters, new int[] {kernelHeight, kernelWidth}, new int[] {1, 1}, Padding.VALID, new int[] {1, 1},
                ActivationFunction.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
    }

    private int[] pair(String argument, int[] values) {
        if (values == null || values.length != 2 || values[0] < 1 || values[1] < 1) {
            throw new IllegalArgumentException(className() + ": " + argument + " must be two integers >= 1, received "
                    + Arrays.toString(values));
        }
        return values.clone();
    }

    @Override
    public String className() {
        return "Conv2D";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(className() + " '" + name()
                    + "' needs input [batch, height, width, channels], received [batch, "
                    + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "]");
        }
        geometry = Conv2DGeometry.convolution(inputShape[0], inputShape[1], kernelSize[0], kernelSize[1],
                strides[0], strides[1], dilationRate[0], dilationRate[1], padding);
        kernel = addWeight("kernel", new int[] {kernelSize[0], kernelSize[1], inputShape[2], filters},
                kernelInitializer, true, random);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, biasInitializer, true, random);
        }
        return new int[] {geometry.outputHeight(), geometry.outputWidth(), filters};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Variable y = Conv2DOp.apply(context.tape(), x, kernelValue(context), geometry);
        if (useBias) {
            y = BiasAddOp.apply(context.tape(), y, biasValue(context));
        }
        return activation.apply(y, context);
    }

    /** The kernel the convolution uses; the float kernel itself in Keras's Conv2D. */
    protected Variable kernelValue(ForwardContext context) {
        return kernel;
    }

    /** The bias the sum uses; the float bias itself in Keras's Conv2D. */
    protected Variable biasValue(ForwardContext context) {
        return bias;
    }

    public Parameter kernel() {
        return kernel;
    }

    public Parameter bias() {
        return bias;
    }

    public Conv2DGeometry geometry() {
        return geometry;
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("filters", filters);
        config.put("kernel_size", List.of(kernelSize[0], kernelSize[1]));
        config.put("strides", List.of(strides[0], strides[1]));
        config.put("padding", padding.kerasName());
        config.put("data_format", "channels_last");
        config.put("dilation_rate", List.of(dilationRate[0], dilationRate[1]));
        config.put("groups", 1);
        config.put("activation", activation.configValue());
        config.put("use_bias", useBias);
        config.put("kernel_initializer", LayerConfigs.initializer(kernelInitializer));
        config.put("bias_initializer", LayerConfigs.initializer(biasInitializer));
        return config;
    }
}
