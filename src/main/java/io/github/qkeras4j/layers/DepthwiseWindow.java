package io.github.qkeras4j.layers;

import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The window arguments of a depthwise convolution, shared by {@link DepthwiseConv2D} and
 * {@link SeparableConv2D}: kernel size, strides, padding, dilation rate and depth multiplier, checked
 * once when a layer is made.
 */
final class DepthwiseWindow {
    private final int[] kernelSize;
    private final int[] strides;
    private final Padding padding;
    private final int[] dilationRate;
    private final int depthMultiplier;

    DepthwiseWindow(String className, int[] kernelSize, int[] strides, Padding padding, int[] dilationRate,
                    int depthMultiplier) {
        this.kernelSize = pair(className, "kernel_size", kernelSize);
        this.strides = pair(className, "strides", strides);
        this.dilationRate = pair(className, "dilation_rate", dilationRate);
        if (padding == null) {
            throw new IllegalArgumentException(className + ": padding is missing; pass Padding.VALID or Padding.SAME");
        }
        this.padding = padding;
        if ((this.strides[0] > 1 || this.strides[1] > 1) && (this.dilationRate[0] > 1 || this.dilationRate[1] > 1)) {
            throw new IllegalArgumentException(className + ": strides " + Arrays.toString(this.strides)
                    + " > 1 cannot be combined with dilation_rate " + Arrays.toString(this.dilationRate)
                    + " > 1 (TensorFlow rejects it); set one of them to 1");
        }
        if (depthMultiplier < 1) {
            throw new IllegalArgumentException(className + ": depth_multiplier must be >= 1, received "
                    + depthMultiplier);
        }
        this.depthMultiplier = depthMultiplier;
    }

    private static int[] pair(String className, String argument, int[] values) {
        if (values == null || values.length != 2 || values[0] < 1 || values[1] < 1) {
            throw new IllegalArgumentException(className + ": " + argument + " must be two integers >= 1, received "
                    + Arrays.toString(values));
        }
        return values.clone();
    }

    int depthMultiplier() {
        return depthMultiplier;
    }

    /** Returns the depthwise kernel shape {@code [kernelHeight, kernelWidth, channels, depthMultiplier]}. */
    int[] kernelShape(int channels) {
        return new int[] {kernelSize[0], kernelSize[1], channels, depthMultiplier};
    }

    /** Returns the window over an input {@code [height, width, channels]} (without batch). */
    Conv2DGeometry geometry(Layer layer, int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(layer.className() + " '" + layer.name()
                    + "' needs input [batch, height, width, channels], received [batch, "
                    + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "]");
        }
        return Conv2DGeometry.convolution(inputShape[0], inputShape[1], kernelSize[0], kernelSize[1], strides[0],
                strides[1], dilationRate[0], dilationRate[1], padding);
    }

    /** Adds the Keras config entries of the window. */
    void addConfig(Map<String, Object> config) {
        config.put("kernel_size", List.of(kernelSize[0], kernelSize[1]));
        config.put("strides", List.of(strides[0], strides[1]));
        config.put("padding", padding.kerasName());
        config.put("data_format", "channels_last");
        config.put("dilation_rate", List.of(dilationRate[0], dilationRate[1]));
        config.put("groups", 1);
        config.put("depth_multiplier", depthMultiplier);
    }
}
