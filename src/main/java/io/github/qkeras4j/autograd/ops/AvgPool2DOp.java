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
 * 2D average pooling (Keras {@code AveragePooling2D}, channels_last): {@code x [batch, height, width,
 * channels]} gives {@code y [batch, outHeight, outWidth, channels]}, each output the mean of its window
 * per channel. Window, strides and padding come from {@link Conv2DGeometry#pooling}. As in TensorFlow,
 * with padding 'same' the mean is over the window positions inside the image only, so a border window
 * of {@code n} such positions divides by {@code n}, not by the pool size.
 *
 * <p>Gradient: {@code dx} at each of those {@code n} positions receives {@code dy / n}.
 */
public final class AvgPool2DOp implements Op {
    private static final String NAME = "avg_pool2d";

    private final Variable x;
    private final Variable y;
    private final Conv2DGeometry geometry;

    private AvgPool2DOp(Variable x, Variable y, Conv2DGeometry geometry) {
        this.x = x;
        this.y = y;
        this.geometry = geometry;
    }

    public static Variable apply(Tape tape, Variable x, Conv2DGeometry geometry) {
        Tensor xv = x.value();
        ImageOpSupport.requirePoolingImages(NAME, xv, geometry);
        long start = tape.isProfiling() ? System.nanoTime() : 0L;
        int batch = xv.dim(0);
        int channels = xv.dim(3);

        Tensor out = tape.allocate(batch, geometry.outputHeight(), geometry.outputWidth(), channels);
        long perImage = (long) out.size() / Math.max(1, batch) * geometry.windowSize();
        Parallel.forChunks(batch, ImageOpSupport.imagesPerChunk(perImage), (c, first, end) -> {
            for (int image = first; image < end; image++) {
                poolImage(xv.data(), out.data(), geometry, channels, image);
            }
        });

        Variable y = tape.result(out, x);
        if (y.requiresGrad()) {
            tape.record(new AvgPool2DOp(x, y, geometry));
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
        long perImage = (long) dy.size() / Math.max(1, batch) * geometry.windowSize();
        // Windows may overlap when the strides are below the pool size, so a chunk owns whole images.
        Parallel.forChunks(batch, ImageOpSupport.imagesPerChunk(perImage), (c, first, end) -> {
            for (int image = first; image < end; image++) {
                spreadImageGradient(dy.data(), dx, geometry, channels, image);
            }
        });
    }

    private static void poolImage(float[] x, float[] out, Conv2DGeometry g, int channels, int image) {
        int width = g.inputWidth();
        int inputOffset = image * g.inputHeight() * width * channels;
        int o = image * g.outputHeight() * g.outputWidth() * channels;
        for (int oh = 0; oh < g.outputHeight(); oh++) {
            int top = oh * g.strideHeight() - g.padTop();
            int rowStart = firstWindowRow(g, oh);
            int rowEnd = endWindowRow(g, oh);
            for (int ow = 0; ow < g.outputWidth(); ow++) {
                int left = ow * g.strideWidth() - g.padLeft();
                int columnStart = firstWindowColumn(g, ow);
                int columnEnd = endWindowColumn(g, ow);
                for (int ch = 0; ch < channels; ch++) {
                    out[o + ch] = 0f;
                }
                for (int kh = rowStart; kh < rowEnd; kh++) {
                    for (int kw = columnStart; kw < columnEnd; kw++) {
                        int source = inputOffset + ((top + kh) * width + left + kw) * channels;
                        for (int ch = 0; ch < channels; ch++) {
                            out[o + ch] += x[source + ch];
                        }
                    }
                }
                float count = (rowEnd - rowStart) * (columnEnd - columnStart);
                for (int ch = 0; ch < channels; ch++) {
                    out[o + ch] /= count;
                }
                o += channels;
            }
        }
    }

    private static void spreadImageGradient(float[] dy, float[] dx, Conv2DGeometry g, int channels, int image) {
        int width = g.inputWidth();
        int inputOffset = image * g.inputHeight() * width * channels;
        int o = image * g.outputHeight() * g.outputWidth() * channels;
        for (int oh = 0; oh < g.outputHeight(); oh++) {
            int top = oh * g.strideHeight() - g.padTop();
            int rowStart = firstWindowRow(g, oh);
            int rowEnd = endWindowRow(g, oh);
            for (int ow = 0; ow < g.outputWidth(); ow++) {
                int left = ow * g.strideWidth() - g.padLeft();
                int columnStart = firstWindowColumn(g, ow);
                int columnEnd = endWindowColumn(g, ow);
                float count = (rowEnd - rowStart) * (columnEnd - columnStart);
                for (int kh = rowStart; kh < rowEnd; kh++) {
                    for (int kw = columnStart; kw < columnEnd; kw++) {
                        int target = inputOffset + ((top + kh) * width + left + kw) * channels;
                        for (int ch = 0; ch < channels; ch++) {
                            dx[target + ch] += dy[o + ch] / count;
                        }
                    }
                }
                o += channels;
            }
        }
    }
}
