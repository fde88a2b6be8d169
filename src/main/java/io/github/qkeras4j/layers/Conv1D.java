package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.BiasAddOp;
import io.github.qkeras4j.autograd.ops.Conv2DOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code Conv1D}, channels_last: {@code y = activation(conv1d(x, kernel) + bias)} with
 * {@code x [batch, steps, inChannels]}, {@code kernel [kernelSize, inChannels, filters]},
 * {@code bias [filters]} and {@code y [batch, outSteps, filters]}. Strides, dilation and 'valid',
 * 'same' or 'causal' padding follow TensorFlow (see {@link Conv1DWindow}). Subclasses substitute the
 * kernel and bias values the convolution uses ({@link QConv1D} quantizes them).
 */
public class Conv1D extends Layer {
    protected final int filters;
    protected final Conv1DWindow window;
    protected final ActivationFunction activation;
    protected final boolean useBias;
    protected final Initializer kernelInitializer;
    protected final Initializer biasInitializer;
    protected Parameter kernel;
    protected Parameter bias;
    private Conv2DGeometry geometry;

    /**
     * @param padding Keras's padding: {@code valid}, {@code same} or {@code causal}
     */
    public Conv1D(String name, int filters, int kernelSize, int stride, String padding, int dilation,
                  ActivationFunction activation, boolean useBias, Initializer kernelInitializer,
                  Initializer biasInitializer) {
        super(name);
        if (filters < 1) {
            throw new IllegalArgumentException(className() + ": filters must be >= 1, received " + filters);
        }
        this.filters = filters;
        this.window = new Conv1DWindow(className(), kernelSize, stride, padding, dilation);
        this.activation = activation == null ? ActivationFunction.LINEAR : activation;
        this.useBias = useBias;
        this.kernelInitializer = kernelInitializer;
        this.biasInitializer = biasInitializer;
    }

    /** A Conv1D layer with Keras's defaults: stride 1, 'valid', no dilation, linear, with bias. */
    public Conv1D(int filters, int kernelSize) {
        this(null, filters, kernelSize, 1, "valid", 1, ActivationFunction.LINEAR, true, Initializer.GLOROT_UNIFORM,
                Initializer.ZEROS);
    }

    @Override
    public String className() {
        return "Conv1D";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        geometry = window.geometry(this, inputShape);
        kernel = addWeight("kernel", new int[] {window.kernelSize(), inputShape[1], filters}, kernelInitializer, true,
                random);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, biasInitializer, true, random);
        }
        return new int[] {geometry.outputWidth(), filters};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Tape tape = context.tape();
        Variable kernel2d = Conv1DWindow.toImageKernel(tape, kernelValue(context));
        Variable y = Conv2DOp.apply(tape, window.toImages(tape, x), kernel2d, geometry);
        y = Conv1DWindow.toSequences(tape, y);
        if (useBias) {
            y = BiasAddOp.apply(tape, y, biasValue(context));
        }
        return activation.apply(y, context);
    }

    /** Returns the kernel the convolution uses, which is the float kernel itself in Keras's Conv1D. */
    protected Variable kernelValue(ForwardContext context) {
        return kernel;
    }

    /** Returns the bias the sum uses, which is the float bias itself in Keras's Conv1D. */
    protected Variable biasValue(ForwardContext context) {
        return bias;
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
        config.put("filters", filters);
        window.addConfig(config);
        config.put("activation", activation.configValue());
        config.put("use_bias", useBias);
        config.put("kernel_initializer", LayerConfigs.initializer(kernelInitializer));
        config.put("bias_initializer", LayerConfigs.initializer(biasInitializer));
        return config;
    }
}
