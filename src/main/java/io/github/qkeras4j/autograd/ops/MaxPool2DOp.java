package io.github.qkeras4j.autograd.ops;

import static io.github.qkeras4j.autograd.ops.ImageOpSupport.endWindowColumn;
import static io.github.qkeras4j.autograd.ops.ImageOpSupport.endWindowRow;
import static io.github.qkeras4j.autograd.ops.ImageOpSupport.firstWindowColumn;
import static io.github.qkeras4j.autograd.ops.ImageOpSupport.firstWindowRow;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Parallel;
import io.github.qkeras4j.tensor.Tensor;

/**
 * 2D max pooling (Keras {@code MaxPooling2D}, channels_last): {@code x [batch, height, width, channels]}
 * gives {@code y [batch, outHeight, outWidth, channels]}, each output the maximum of its window per
 * channel. Window, strides and padding come from {@link Conv2DGeometry#pooling}. As in TensorFlow,
 * padding positions never win: the maximum is taken over the window positions inside the image only,
 * and with padding 'same' every window contains at least one of them.
 *
 * <p>Gradient: each {@code dy} goes to the input position that gave the maximum. On ties that is the
 * first of the tied positions in row-major window order.
 */
public final class MaxPool2DOp implements Op {
    private static final String NAME = "max_pool2d";
    /** Largest window whose position indices are exact in a float. */
    private static final int MAX_POOL_POSITIONS = 1 << 24;

    private final Variable x;
    private final Variable y;
    private final Conv2DGeometry geometry;
    /**
     * Per output element, the row-major index {@code kh · poolWidth + kw} of the winning window position.
     * It is stored as a float in a tape buffer, which is exact because {@link #apply} rejects pools of
     * more than 2^24 positions.
     */
    private final Tensor argmax;

    private MaxPool2DOp(Variable x, Variable y, Conv2DGeometry geometry, Tensor argmax) {
        this.x = x;
        this.y = y;
        this.geometry = geometry;
        this.argmax = argmax;
    }

    public static Variable apply(Tape tape, Variable x, Conv2DGeometry geometry) {
        Tensor xv = x.value();
        ImageOpSupport.requirePoolingImages(NAME, xv, geometry);
        if (geometry.windowSize() > MAX_POOL_POSITIONS) {
            throw new IllegalArgumentException(NAME + ": pool size " + geometry.windowHeight() + "x"
                    + geometry.windowWidth() + " has more than " + MAX_POOL_POSITIONS + " positions; use a smaller pool");
        }
        long start = tape.isProfiling() ? System.nanoTime() : 0L;
        int batch = xv.dim(0);
        int channels = xv.dim(3);

        Tensor out = tape.allocate(batch, geometry.outputHeight(), geometry.outputWidth(), channels);
        Tensor argmax = tape.needsGrad(x) ? tape.allocate(out.shape()) : null;
        float[] argmaxData = argmax == null ? null : argmax.data();
        long perImage = (long) out.size() / Math.max(1, batch) * geometry.windowSize();
        Parallel.forChunks(batch, ImageOpSupport.imagesPerChunk(perImage), (c, first, end) -> {
            for (int image = first; image < end; image++) {
                poolImage(xv.data(), out.data(), argmaxData, geometry, channels, image);
            }
        });

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new MaxPool2DOp(x, y, geometry, argmax));
        }
        if (tape.isProfiling()) {
            tape.addNanos(OpCategory.OTHER, System.nanoTime() - start);
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null || !x.requiresGrad()) {
            return;
        }
        int batch = x.value().dim(0);
        int channels = x.value().dim(3);
        float[] dx = tape.gradient(x).data();
        long perImage = (long) dy.size() / Math.max(1, batch);
        // Windows may overlap when the strides are below the pool size, so a chunk owns whole images.
        Parallel.forChunks(batch, ImageOpSupport.imagesPerChunk(perImage), (c, first, end) -> {
            for (int image = first; image < end; image++) {
                routeImageGradient(dy.data(), argmax.data(), dx, geometry, channels, image);
            }
        });
    }

    private static void poolImage(float[] x, float[] out, float[] argmax, Conv2DGeometry g, int channels,
                                  int image) {
        if (OpKernels.VECTOR.isPresent()) {
            OpKernels.VECTOR.get().maxPoolImage(x, out, argmax, g, channels, image);
        } else {
            poolImagePlain(x, out, argmax, g, channels, image);
        }
    }

    /** Pools one image in plain Java: the fallback of {@link OpKernels#maxPoolImage}, with the same results. */
    static void poolImagePlain(float[] x, float[] out, float[] argmax, Conv2DGeometry g, int channels, int image) {
        int width = g.inputWidth();
        int inputOffset = image * g.inputHeight() * width * channels;
        int o = image * g.outputHeight() * g.outputWidth() * channels;
        for (int oh = 0; oh < g.outputHeight(); oh++) {
            int top = oh * g.strideHeight() - g.padTop();
            int rowStart = firstWindowRow(g, oh);
            int rowEnd = endWindowRow(g, oh);
            for (int ow = 0; ow < g.outputWidth(); ow++) {
                int left = ow * g.strideWidth() - g.padLeft();
                poolPixel(x, out, argmax, g, channels, 0, inputOffset, top, left, rowStart, rowEnd,
                        firstWindowColumn(g, ow), endWindowColumn(g, ow), o);
                o += channels;
            }
        }
    }

    /**
     * Pools channels {@code [firstChannel, channels)} of the output pixel at {@code o} whose window
     * starts at input row {@code top} and column {@code left}, over the window rows and columns given.
     */
    static void poolPixel(float[] x, float[] out, float[] argmax, Conv2DGeometry g, int channels, int firstChannel,
                          int inputOffset, int top, int left, int rowStart, int rowEnd, int columnStart,
                          int columnEnd, int o) {
        int width = g.inputWidth();
        boolean firstPosition = true;
        for (int kh = rowStart; kh < rowEnd; kh++) {
            for (int kw = columnStart; kw < columnEnd; kw++) {
                int source = inputOffset + ((top + kh) * width + left + kw) * channels;
                float position = kh * g.windowWidth() + kw;
                for (int ch = firstChannel; ch < channels; ch++) {
                    float v = x[source + ch];
                    // Strictly greater, so the first of tied positions keeps the maximum.
                    // NOTE: a NaN is kept only when it is at the first position, because NaN
                    // compares false; whether TensorFlow propagates NaN here was not checked.
                    if (firstPosition || v > out[o + ch]) {
                        out[o + ch] = v;
                        if (argmax != null) {
                            argmax[o + ch] = position;
                        }
                    }
                }
                firstPosition = false;
            }
        }
    }

    private static void routeImageGradient(float[] dy, float[] argmax, float[] dx, Conv2DGeometry g, int channels,
                                           int image) {
        int width = g.inputWidth();
        // Input offset of each window position from the window's corner: a lookup in place of a
        // division and a remainder per element.
        int[] positionOffset = new int[g.windowSize()];
        for (int position = 0; position < positionOffset.length; position++) {
            positionOffset[position] = (position / g.windowWidth() * width + position % g.windowWidth()) * channels;
        }
        int inputOffset = image * g.inputHeight() * width * channels;
        int o = image * g.outputHeight() * g.outputWidth() * channels;
        for (int oh = 0; oh < g.outputHeight(); oh++) {
            int top = oh * g.strideHeight() - g.padTop();
            for (int ow = 0; ow < g.outputWidth(); ow++) {
                int left = ow * g.strideWidth() - g.padLeft();
                int corner = inputOffset + (top * width + left) * channels;
                for (int ch = 0; ch < channels; ch++) {
                    dx[corner + positionOffset[(int) argmax[o + ch]] + ch] += dy[o + ch];
                }
                o += channels;
            }
        }
    }
}
