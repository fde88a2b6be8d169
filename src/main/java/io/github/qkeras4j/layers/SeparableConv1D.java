package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.BiasAddOp;
import io.github.qkeras4j.autograd.ops.Conv2DOp;
import io.github.qkeras4j.autograd.ops.DepthwiseConv2DOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code SeparableConv1D}, channels_last: a depthwise 1D convolution followed by a pointwise one,
 * {@code y = activation(conv1x1(depthwiseConv(x, depthwise), pointwise) + bias)}, with
 * {@code x [batch, steps, channels]}, {@code depthwise_kernel [kernelSize, channels, depthMultiplier]},
 * {@code pointwise_kernel [1, channels · depthMultiplier, filters]}, {@code bias [filters]} and
 * {@code y [batch, outSteps, filters]}. Like Keras, it inserts a unit spatial axis and runs the 2D
 * separable convolution on {@code [batch, 1, steps, channels]} with the kernels expanded to rank 4.
 * Subclasses substitute the expanded kernel and bias values ({@link QSeparableConv1D} quantizes them).
 */
public class SeparableConv1D extends Layer {
    protected final int filters;
    protected final Conv1DWindow window;
    protected final int depthMultiplier;
    protected final ActivationFunction activation;
    protected final boolean useBias;
    protected final Initializer depthwiseInitializer;
    protected final Initializer pointwiseInitializer;
    protected final Initializer biasInitializer;
    protected Parameter depthwiseKernel;
    protected Parameter pointwiseKernel;
    protected Parameter bias;
    private Conv2DGeometry depthwiseGeometry;
    private Conv2DGeometry pointwiseGeometry;

    /**
     * @param padding Keras's padding: {@code valid}, {@code same} or {@code causal}
     */
    public SeparableConv1D(String name, int filters, int kernelSize, int stride, String padding, int depthMultiplier,
                           int dilation, ActivationFunction activation, boolean useBias,
                           Initializer depthwiseInitializer, Initializer pointwiseInitializer,
                           Initializer biasInitializer) {
        super(name);
        if (filters < 1 || depthMultiplier < 1) {
            throw new IllegalArgumentException(className() + ": filters and depth_multiplier must be >= 1, received "
                    + filters + " and " + depthMultiplier);
        }
        this.filters = filters;
        this.window = new Conv1DWindow(className(), kernelSize, stride, padding, dilation);
        this.depthMultiplier = depthMultiplier;
        this.activation = activation == null ? ActivationFunction.LINEAR : activation;
        this.useBias = useBias;
        this.depthwiseInitializer = depthwiseInitializer;
        this.pointwiseInitializer = pointwiseInitializer;
        this.biasInitializer = biasInitializer;
    }

    @Override
    public String className() {
        return "SeparableConv1D";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        depthwiseGeometry = window.geometry(this, inputShape);
        int steps = depthwiseGeometry.outputWidth();
        pointwiseGeometry = Conv2DGeometry.convolution(1, steps, 1, 1, 1, 1, 1, 1, Padding.VALID);
        int channels = inputShape[1];
        depthwiseKernel = addWeight("depthwise_kernel", new int[] {window.kernelSize(), channels, depthMultiplier},
                depthwiseInitializer, true, random);
        pointwiseKernel = addWeight("pointwise_kernel", new int[] {1, channels * depthMultiplier, filters},
                pointwiseInitializer, true, random);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, biasInitializer, true, random);
        }
        return new int[] {steps, filters};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Tape tape = context.tape();
        Variable depthwise = depthwiseKernelValue(Conv1DWindow.toImageKernel(tape, depthwiseKernel), context);
        Variable pointwise = pointwiseKernelValue(Conv1DWindow.toImageKernel(tape, pointwiseKernel), context);
        Variable y = DepthwiseConv2DOp.apply(tape, window.toImages(tape, x), depthwise, depthwiseGeometry);
        y = Conv1DWindow.toSequences(tape, Conv2DOp.apply(tape, y, pointwise, pointwiseGeometry));
        if (useBias) {
            y = BiasAddOp.apply(tape, y, biasValue(context));
        }
        return activation.apply(y, context);
    }

    /** Returns the depthwise kernel the convolution uses, given the kernel expanded to rank 4 (unchanged in Keras). */
    protected Variable depthwiseKernelValue(Variable expanded, ForwardContext context) {
        return expanded;
    }

    /** Returns the pointwise kernel the convolution uses, given the kernel expanded to rank 4 (unchanged in Keras). */
    protected Variable pointwiseKernelValue(Variable expanded, ForwardContext context) {
        return expanded;
    }

    /** Returns the bias the sum uses, which is the float bias in Keras's SeparableConv1D. */
    protected Variable biasValue(ForwardContext context) {
        return bias;
    }

    public Parameter depthwiseKernel() {
        return depthwiseKernel;
    }

    public Parameter pointwiseKernel() {
        return pointwiseKernel;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("filters", filters);
        window.addConfig(config);
        config.put("depth_multiplier", depthMultiplier);
        config.put("activation", activation.configValue());
        config.put("use_bias", useBias);
        config.put("depthwise_initializer", LayerConfigs.initializer(depthwiseInitializer));
        config.put("pointwise_initializer", LayerConfigs.initializer(pointwiseInitializer));
        config.put("bias_initializer", LayerConfigs.initializer(biasInitializer));
        return config;
    }
}
