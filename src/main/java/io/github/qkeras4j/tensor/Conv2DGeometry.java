package io.github.qkeras4j.tensor;

/**
 * Sizes and padding of a 2D sliding window over an image {@code [height, width]}: the window of a
 * convolution kernel or of a pooling op. The batch and channel axes are not part of it, so one
 * geometry serves every batch size.
 *
 * <p>Per axis, following TensorFlow with the dilated window {@code effective = (window − 1) · dilation + 1}:
 * <ul>
 *   <li>{@code valid}: {@code output = ceil((input − effective + 1) / stride)}, no padding;</li>
 *   <li>{@code same}: {@code output = ceil(input / stride)};
 *       {@code totalPadding = max((output − 1) · stride + effective − input, 0)},
 *       {@code padBefore = floor(totalPadding / 2)}, the rest after.</li>
 * </ul>
 * Output position {@code o} reads input rows {@code o · stride − padBefore + i · dilation} for
 * {@code i} in {@code [0, window)}; rows outside {@code [0, input)} are padding.
 *
 * <p>Instances are immutable and their arguments are checked when they are made. Strides and
 * dilation above 1 may be combined here; a layer that follows a Keras version rejecting that
 * combination checks it itself.
 */
public final class Conv2DGeometry {
    private final int inputHeight;
    private final int inputWidth;
    private final int windowHeight;
    private final int windowWidth;
    private final int strideHeight;
    private final int strideWidth;
    private final int dilationHeight;
    private final int dilationWidth;
    private final Padding padding;
    private final AxisGeometry rows;
    private final AxisGeometry columns;

    private Conv2DGeometry(int inputHeight, int inputWidth, int windowHeight, int windowWidth,
                           int strideHeight, int strideWidth, int dilationHeight, int dilationWidth,
                           Padding padding, AxisGeometry rows, AxisGeometry columns) {
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
        this.windowHeight = windowHeight;
        this.windowWidth = windowWidth;
        this.strideHeight = strideHeight;
        this.strideWidth = strideWidth;
        this.dilationHeight = dilationHeight;
        this.dilationWidth = dilationWidth;
        this.padding = padding;
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * The geometry of a convolution with a kernel {@code [kernelHeight, kernelWidth, ...]}.
     *
     * @throws IllegalArgumentException when a size, stride or dilation rate is below 1, or when
     *                                  padding is {@code valid} and the dilated kernel is larger
     *                                  than the input
     */
    public static Conv2DGeometry convolution(int inputHeight, int inputWidth, int kernelHeight, int kernelWidth,
                                             int strideHeight, int strideWidth,
                                             int dilationHeight, int dilationWidth, Padding padding) {
        return create("conv2d", "kernel", inputHeight, inputWidth, kernelHeight, kernelWidth,
                strideHeight, strideWidth, dilationHeight, dilationWidth, padding);
    }

    /**
     * The geometry of a pooling op with a window {@code [poolHeight, poolWidth]} (no dilation).
     * Keras's default strides are the pool size; the caller passes them explicitly.
     *
     * @throws IllegalArgumentException when a size or stride is below 1, or when padding is
     *                                  {@code valid} and the pool is larger than the input
     */
    public static Conv2DGeometry pooling(int inputHeight, int inputWidth, int poolHeight, int poolWidth,
                                         int strideHeight, int strideWidth, Padding padding) {
        return create("pool2d", "pool", inputHeight, inputWidth, poolHeight, poolWidth,
                strideHeight, strideWidth, 1, 1, padding);
    }

    private static Conv2DGeometry create(String operation, String window, int inputHeight, int inputWidth,
                                         int windowHeight, int windowWidth, int strideHeight, int strideWidth,
                                         int dilationHeight, int dilationWidth, Padding padding) {
        if (padding == null) {
            throw new IllegalArgumentException(operation + ": padding is missing; pass Padding.VALID or Padding.SAME");
        }
        requirePositive(operation, "input height", inputHeight);
        requirePositive(operation, "input width", inputWidth);
        requirePositive(operation, window + " height", windowHeight);
        requirePositive(operation, window + " width", windowWidth);
        requirePositive(operation, "stride height", strideHeight);
        requirePositive(operation, "stride width", strideWidth);
        requirePositive(operation, "dilation rate height", dilationHeight);
        requirePositive(operation, "dilation rate width", dilationWidth);
        AxisGeometry rows = AxisGeometry.of(operation, window, "height", inputHeight, windowHeight,
                strideHeight, dilationHeight, padding);
        AxisGeometry columns = AxisGeometry.of(operation, window, "width", inputWidth, windowWidth,
                strideWidth, dilationWidth, padding);
        return new Conv2DGeometry(inputHeight, inputWidth, windowHeight, windowWidth, strideHeight, strideWidth,
                dilationHeight, dilationWidth, padding, rows, columns);
    }

    private static void requirePositive(String operation, String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(operation + ": " + name + " must be >= 1, received " + value);
        }
    }

    public int inputHeight() {
        return inputHeight;
    }

    public int inputWidth() {
        return inputWidth;
    }

    /** Kernel or pool height. */
    public int windowHeight() {
        return windowHeight;
    }

    /** Kernel or pool width. */
    public int windowWidth() {
        return windowWidth;
    }

    public int strideHeight() {
        return strideHeight;
    }

    public int strideWidth() {
        return strideWidth;
    }

    public int dilationHeight() {
        return dilationHeight;
    }

    public int dilationWidth() {
        return dilationWidth;
    }

    public Padding padding() {
        return padding;
    }

    public int outputHeight() {
        return rows.output();
    }

    public int outputWidth() {
        return columns.output();
    }

    /** Padding rows above the input. */
    public int padTop() {
        return rows.padBefore();
    }

    /** Padding rows below the input. */
    public int padBottom() {
        return rows.padAfter();
    }

    /** Padding columns left of the input. */
    public int padLeft() {
        return columns.padBefore();
    }

    /** Padding columns right of the input. */
    public int padRight() {
        return columns.padAfter();
    }

    /** Number of window positions, {@code windowHeight · windowWidth}. */
    public int windowSize() {
        return windowHeight * windowWidth;
    }

    /**
     * True when the window is a single pixel read at every pixel ({@code 1×1}, stride 1, no padding),
     * so the op is a plain matrix product over the pixels.
     */
    public boolean isPointwise() {
        return windowHeight == 1 && windowWidth == 1 && strideHeight == 1 && strideWidth == 1;
    }

    @Override
    public String toString() {
        return "Conv2DGeometry[input " + inputHeight + "x" + inputWidth + ", window " + windowHeight + "x"
                + windowWidth + ", strides " + strideHeight + "x" + strideWidth + ", dilation " + dilationHeight
                + "x" + dilationWidth + ", padding " + padding.kerasName() + " (top " + padTop() + ", bottom "
                + padBottom() + ", left " + padLeft() + ", right " + padRight() + "), output " + outputHeight()
                + "x" + outputWidth() + "]";
    }

    /** Output size and padding along one axis. */
    private record AxisGeometry(int output, int padBefore, int padAfter) {
        static AxisGeometry of(String operation, String window, String axis, int input, int size, int stride,
                               int dilation, Padding padding) {
            long effective = (long) (size - 1) * dilation + 1;
            long output;
            if (padding == Padding.SAME) {
                output = ((long) input + stride - 1) / stride;
            } else if (effective > input) {
                String dilated = dilation == 1 ? ""
                        : " (" + effective + " with dilation rate " + dilation + ")";
                throw new IllegalArgumentException(operation + ": " + window + " " + axis + " " + size + dilated
                        + " is larger than the input " + axis + " " + input
                        + " with padding 'valid'; use padding='same', a smaller " + window + " or a larger input");
            } else {
                output = (input - effective) / stride + 1;
            }
            long total = Math.max((output - 1) * stride + effective - input, 0);
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(operation + ": " + window + " " + axis + " " + size
                        + " with dilation rate " + dilation + " needs " + total + " padding positions, too many");
            }
            int before = (int) (total / 2);
            return new AxisGeometry((int) output, before, (int) total - before);
        }
    }
}
