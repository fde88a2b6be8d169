package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.BiasAddOp;
import io.github.qkeras4j.autograd.ops.DepthwiseConv2DOp;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code DepthwiseConv2D}, channels_last: {@code y = activation(depthwiseConv(x, kernel) + bias)}
 * with {@code x [batch, height, width, channels]}, {@code depthwise_kernel [kernelHeight, kernelWidth,
 * channels, depthMultiplier]}, {@code bias [channels · depthMultiplier]} and
 * {@code y [batch, outHeight, outWidth, channels · depthMultiplier]}; output channel
 * {@code c · depthMultiplier + m} is channel {@code c} convolved with filter {@code m}. Strides,
 * dilation and 'valid'/'same' padding follow TensorFlow. Subclasses substitute the kernel and bias
 * values the convolution uses ({@link QDepthwiseConv2D} quantizes them).
 */
public class DepthwiseConv2D extends Layer {
    protected final DepthwiseWindow window;
    protected final ActivationFunction activation;
    protected final boolean useBias;
    protected final Initializer depthwiseInitializer;
    protected final Initializer biasInitializer;
    protected Parameter depthwiseKernel;
    protected Parameter bias;
    private Conv2DGeometry geometry;

    public DepthwiseConv2D(String name, int[] kernelSize, int[] strides, Padding padding, int depthMultiplier,
                           int[] dilationRate, ActivationFunction activation, boolean useBias,
                           Initializer depthwiseInitializer, Initializer biasInitializer) {
        super(name);
        this.window = new DepthwiseWindow(className(), kernelSize, strides, padding, dilationRate, depthMultiplier);
        this.activation = activation == null ? ActivationFunction.LINEAR : activation;
        this.useBias = useBias;
        this.depthwiseInitializer = depthwiseInitializer;
        this.biasInitializer = biasInitializer;
    }

    /** A DepthwiseConv2D layer with Keras's defaults: stride 1, 'valid', no dilation, linear, with bias. */
    public DepthwiseConv2D(int kernelHeight, int kernelWidth, int depthMultiplier) {
        this(null, new int[] {kernelHeight, kernelWidth}, new int[] {1, 1}, Padding.VALID, depthMultiplier,
                new int[] {1, 1}, ActivationFunction.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
    }

    @Override
    public String className() {
        return "DepthwiseConv2D";
    }

    @Override
    protected int[] buildWeights(int[] inputShape, SplittableRandom random) {
        geometry = window.geometry(this, inputShape);
        int outChannels = inputShape[2] * window.depthMultiplier();
        depthwiseKernel = addWeight("depthwise_kernel", window.kernelShape(inputShape[2]), depthwiseInitializer, true,
                random);
        if (useBias) {
            bias = addWeight("bias", new int[] {outChannels}, biasInitializer, true, random);
        }
        return new int[] {geometry.outputHeight(), geometry.outputWidth(), outChannels};
    }

    @Override
    public Variable forward(Variable x, ForwardContext context) {
        checkInput(x);
        Variable y = DepthwiseConv2DOp.apply(context.tape(), x, depthwiseKernelValue(context), geometry);
        if (useBias) {
            y = BiasAddOp.apply(context.tape(), y, biasValue(context));
        }
        return activation.apply(y, context);
    }

    /** Returns the kernel the convolution uses, which is the float kernel itself in Keras's DepthwiseConv2D. */
    protected Variable depthwiseKernelValue(ForwardContext context) {
        return depthwiseKernel;
    }

    /** Returns the bias the sum uses, which is the float bias itself in Keras's DepthwiseConv2D. */
    protected Variable biasValue(ForwardContext context) {
        return bias;
    }

    public Parameter depthwiseKernel() {
        return depthwiseKernel;
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
        window.addConfig(config);
        config.put("activation", activation.configValue());
        config.put("use_bias", useBias);
        config.put("depthwise_initializer", LayerConfigs.initializer(depthwiseInitializer));
        config.put("bias_initializer", LayerConfigs.initializer(biasInitializer));
        return config;
    }
}
