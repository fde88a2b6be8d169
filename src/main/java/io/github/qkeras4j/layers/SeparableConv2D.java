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
 * Keras {@code SeparableConv2D}, channels_last: a depthwise convolution followed by a 1×1 pointwise
 * convolution, {@code y = activation(conv1x1(depthwiseConv(x, depthwise), pointwise) + bias)}, with
 * {@code x [batch, height, width, channels]}, {@code depthwise_kernel [kernelHeight, kernelWidth,
 * channels, depthMultiplier]}, {@code pointwise_kernel [1, 1, channels · depthMultiplier, filters]},
 * {@code bias [filters]} and {@code y [batch, outHeight, outWidth, filters]}. Strides, dilation and
 * padding apply to the depthwise step; the intermediate {@code [batch, outHeight, outWidth,
 * channels · depthMultiplier]} stays float. Subclasses substitute the kernel and bias values
 * ({@link QSeparableConv2D} quantizes them).
 */
public class SeparableConv2D extends Layer {
    protected final int filters;
    protected final DepthwiseWindow window;
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

    public SeparableConv2D(String name, int filters, int[] kernelSize, int[] strides, Padding padding,
                           int depthMultiplier, int[] dilationRate, ActivationFunction activation, boolean useBias,
                           Initializer depthwiseInitializer, Initializer pointwiseInitializer,
                           Initializer biasInitializer) {
        super(name);
        if (filters < 1) {
            throw new IllegalArgumentException(className() + ": filters must be >= 1, received " + filters);
        }
        this.filters = filters;
        this.window = new DepthwiseWindow(className(), kernelSize, strides, padding, dilationRate, depthMultiplier);
        this.activation = activation == null ? ActivationFunction.LINEAR : activation;
        this.useBias = useBias;
        this.depthwiseInitializer = depthwiseInitializer;
        this.pointwiseInitializer = pointwiseInitializer;
        this.biasInitializer = biasInitializer;
    }

    /** A SeparableConv2D layer with Keras's defaults: stride 1, 'valid', multiplier 1, linear, with bias. */
    public SeparableConv2D(int filters, int kernelHeight, int kernelWidth) {
        this(null, filters, new int[] {kernelHeight, kernelWidth}, new int[] {1, 1}, Padding.VALID, 1,
                new int[] {1, 1}, ActivationFunction.LINEAR, true, Initializer.GLOROT_UNIFORM,
                Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
    }

    @Override
    public String className() {
        return "SeparableConv2D";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        depthwiseGeometry = window.geometry(this, inputShape);
        int height = depthwiseGeometry.outputHeight();
        int width = depthwiseGeometry.outputWidth();
        pointwiseGeometry = Conv2DGeometry.convolution(height, width, 1, 1, 1, 1, 1, 1, Padding.VALID);
        int intermediate = inputShape[2] * window.depthMultiplier();
        depthwiseKernel = addWeight("depthwise_kernel", window.kernelShape(inputShape[2]), depthwiseInitializer, true,
                random);
        pointwiseKernel = addWeight("pointwise_kernel", new int[] {1, 1, intermediate, filters}, pointwiseInitializer,
                true, random);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, biasInitializer, true, random);
        }
        return new int[] {height, width, filters};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Tape tape = context.tape();
        Variable y = DepthwiseConv2DOp.apply(tape, x, depthwiseKernelValue(context), depthwiseGeometry);
        y = Conv2DOp.apply(tape, y, pointwiseKernelValue(context), pointwiseGeometry);
        if (useBias) {
            y = BiasAddOp.apply(tape, y, biasValue(context));
        }
        return activation.apply(y, context);
    }

    /** Returns the depthwise kernel the convolution uses, which is the float kernel in Keras's SeparableConv2D. */
    protected Variable depthwiseKernelValue(ForwardContext context) {
        return depthwiseKernel;
    }

    /** Returns the pointwise kernel the convolution uses, which is the float kernel in Keras's SeparableConv2D. */
    protected Variable pointwiseKernelValue(ForwardContext context) {
        return pointwiseKernel;
    }

    /** Returns the bias the sum uses, which is the float bias in Keras's SeparableConv2D. */
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
        config.put("activation", activation.configValue());
        config.put("use_bias", useBias);
        config.put("depthwise_initializer", LayerConfigs.initializer(depthwiseInitializer));
        config.put("pointwise_initializer", LayerConfigs.initializer(pointwiseInitializer));
        config.put("bias_initializer", LayerConfigs.initializer(biasInitializer));
        return config;
    }
}
