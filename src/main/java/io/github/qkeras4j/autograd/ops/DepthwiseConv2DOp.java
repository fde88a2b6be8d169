package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Parallel;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Depthwise 2D convolution (Keras {@code DepthwiseConv2D} without bias, channels_last): every input
 * channel is convolved with its own {@code multiplier} filters. {@code x [batch, height, width,
 * channels]} and {@code kernel [kernelHeight, kernelWidth, channels, multiplier]} give
 * {@code y [batch, outHeight, outWidth, channels · multiplier]} with
 * {@code y[b, oh, ow, c·multiplier + m] = Σ_{kh, kw} x[b, oh·sh − padTop + kh·dh, ow·sw − padLeft + kw·dw, c] · kernel[kh, kw, c, m]},
 * pixels outside the image being zero. Sizes and padding come from a {@link Conv2DGeometry}. Each sum
 * runs over {@code kh}, then {@code kw}, as fused multiply-adds in float, which reproduces TensorFlow's
 * CPU depthwise kernel bit for bit on the QKeras 0.9.0 golden models.
 *
 * <p>Gradients: {@code dx} gathers {@code dy · kernel} back to each input pixel (per image, so chunks
 * never share an output), and {@code d kernel = Σ x · dy} over images and pixels, summed per fixed
 * chunk of images and then over chunks in order, so every bit is the same on any number of threads.
 */
public final class DepthwiseConv2DOp implements Op {
    private final Variable x;
    private final Variable kernel;
    private final Variable y;
    private final Conv2DGeometry geometry;

    private DepthwiseConv2DOp(Variable x, Variable kernel, Variable y, Conv2DGeometry geometry) {
        this.x = x;
        this.kernel = kernel;
        this.y = y;
        this.geometry = geometry;
    }

    public static Variable apply(Tape tape, Variable x, Variable kernel, Conv2DGeometry geometry) {
        Tensor xv = x.value();
        Tensor kv = kernel.value();
        checkArguments(xv, kv, geometry);
        long start = tape.isProfiling() ? System.nanoTime() : 0L;
        int batch = xv.dim(0);
        int outChannels = kv.dim(2) * kv.dim(3);

        Tensor out = tape.allocate(batch, geometry.outputHeight(), geometry.outputWidth(), outChannels);
        Parallel.forChunks(batch, imagesPerChunk(geometry, kv), (c, first, end) -> {
            for (int image = first; image < end; image++) {
                Window.forward(xv.data(), kv, geometry, image, out.data());
            }
        });

        Variable y = tape.result(out, x, kernel);
        if (y.requiresGrad()) {
            tape.record(new DepthwiseConv2DOp(x, kernel, y, geometry));
        }
        if (tape.isProfiling()) {
            tape.addNanos(OpCategory.CONV, System.nanoTime() - start);
        }
        return y;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dy = y.grad();
        if (dy == null) {
            return;
        }
        Tensor kv = kernel.value();
        int batch = x.value().dim(0);
        int chunk = imagesPerChunk(geometry, kv);
        if (x.requiresGrad()) {
            float[] dx = tape.gradient(x).data();
            Parallel.forChunks(batch, chunk, (c, first, end) -> {
                for (int image = first; image < end; image++) {
                    Window.inputGradient(dy.data(), kv, geometry, image, dx);
                }
            });
        }
        if (kernel.requiresGrad()) {
            int kernelSize = kv.size();
            int chunks = Parallel.chunkCount(batch, chunk);
            float[] partial = tape.allocateZeros(chunks * kernelSize).data();
            Parallel.forChunks(batch, chunk, (c, first, end) -> {
                for (int image = first; image < end; image++) {
                    Window.kernelGradient(x.value().data(), dy.data(), kv, geometry, image, partial, c * kernelSize);
                }
            });
            float[] dk = tape.gradient(kernel).data();
            for (int c = 0; c < chunks; c++) {
                for (int i = 0; i < kernelSize; i++) {
                    dk[i] += partial[c * kernelSize + i];
                }
            }
        }
    }

    @Override
    public OpCategory category() {
        return OpCategory.CONV;
    }

    private static int imagesPerChunk(Conv2DGeometry g, Tensor kernel) {
        return ImageOpSupport.imagesPerChunk((long) g.outputHeight() * g.outputWidth() * kernel.size());
    }

    private static void checkArguments(Tensor x, Tensor kernel, Conv2DGeometry geometry) {
        ImageOpSupport.requireImages("depthwise_conv2d", x, geometry);
        if (kernel.rank() != 4) {
            throw new IllegalArgumentException("depthwise_conv2d: kernel must be [kernelHeight, kernelWidth, channels,"
                    + " multiplier], received shape " + Arrays.toString(kernel.shape()));
        }
        if (kernel.dim(0) != geometry.windowHeight() || kernel.dim(1) != geometry.windowWidth()) {
            throw new IllegalArgumentException("depthwise_conv2d: kernel shape " + Arrays.toString(kernel.shape())
                    + " does not match the geometry's kernel size " + geometry.windowHeight() + "x"
                    + geometry.windowWidth() + "; build the geometry from this kernel's size");
        }
        if (kernel.dim(2) != x.dim(3)) {
            throw new IllegalArgumentException("depthwise_conv2d: kernel shape " + Arrays.toString(kernel.shape())
                    + " expects " + kernel.dim(2) + " input channels but the input shape " + Arrays.toString(x.shape())
                    + " has " + x.dim(3));
        }
    }

    /** The loops over one image's windows; the three passes visit the same (pixel, tap) pairs. */
    private static final class Window {
        private Window() {
        }

        static void forward(float[] x, Tensor kernel, Conv2DGeometry g, int image, float[] out) {
            float[] k = kernel.data();
            int channels = kernel.dim(2);
            int outChannels = channels * kernel.dim(3);
            int multiplier = kernel.dim(3);
            int o = image * g.outputHeight() * g.outputWidth() * outChannels;
            for (int oh = 0; oh < g.outputHeight(); oh++) {
                for (int ow = 0; ow < g.outputWidth(); ow++, o += outChannels) {
                    Arrays.fill(out, o, o + outChannels, 0f);
                    for (int kh = 0; kh < g.windowHeight(); kh++) {
                        for (int kw = 0; kw < g.windowWidth(); kw++) {
                            int source = pixel(g, image, oh, ow, kh, kw, channels);
                            if (source < 0) {
                                continue;
                            }
                            int tap = (kh * g.windowWidth() + kw) * outChannels;
                            for (int c = 0; c < channels; c++) {
                                float value = x[source + c];
                                for (int m = 0; m < multiplier; m++) {
                                    int i = o + c * multiplier + m;
                                    out[i] = Math.fma(value, k[tap + c * multiplier + m], out[i]);
                                }
                            }
                        }
                    }
                }
            }
        }

        static void inputGradient(float[] dy, Tensor kernel, Conv2DGeometry g, int image, float[] dx) {
            float[] k = kernel.data();
            int channels = kernel.dim(2);
            int multiplier = kernel.dim(3);
            int outChannels = channels * multiplier;
            int o = image * g.outputHeight() * g.outputWidth() * outChannels;
            for (int oh = 0; oh < g.outputHeight(); oh++) {
                for (int ow = 0; ow < g.outputWidth(); ow++, o += outChannels) {
                    for (int kh = 0; kh < g.windowHeight(); kh++) {
                        for (int kw = 0; kw < g.windowWidth(); kw++) {
                            int target = pixel(g, image, oh, ow, kh, kw, channels);
                            if (target < 0) {
                                continue;
                            }
                            int tap = (kh * g.windowWidth() + kw) * outChannels;
                            for (int c = 0; c < channels; c++) {
                                float sum = 0f;
                                for (int m = 0; m < multiplier; m++) {
                                    sum += dy[o + c * multiplier + m] * k[tap + c * multiplier + m];
                                }
                                dx[target + c] += sum;
                            }
                        }
                    }
                }
            }
        }

        static void kernelGradient(float[] x, float[] dy, Tensor kernel, Conv2DGeometry g, int image, float[] dk,
                                   int dkOffset) {
            int channels = kernel.dim(2);
            int multiplier = kernel.dim(3);
            int outChannels = channels * multiplier;
            int o = image * g.outputHeight() * g.outputWidth() * outChannels;
            for (int oh = 0; oh < g.outputHeight(); oh++) {
                for (int ow = 0; ow < g.outputWidth(); ow++, o += outChannels) {
                    for (int kh = 0; kh < g.windowHeight(); kh++) {
                        for (int kw = 0; kw < g.windowWidth(); kw++) {
                            int source = pixel(g, image, oh, ow, kh, kw, channels);
                            if (source < 0) {
                                continue;
                            }
                            int tap = dkOffset + (kh * g.windowWidth() + kw) * outChannels;
                            for (int c = 0; c < channels; c++) {
                                float value = x[source + c];
                                for (int m = 0; m < multiplier; m++) {
                                    dk[tap + c * multiplier + m] += value * dy[o + c * multiplier + m];
                                }
                            }
                        }
                    }
                }
            }
        }

        /** Flat offset of the input pixel that tap {@code (kh, kw)} of output {@code (oh, ow)} reads, or -1 for padding. */
        private static int pixel(Conv2DGeometry g, int image, int oh, int ow, int kh, int kw, int channels) {
            int ih = oh * g.strideHeight() - g.padTop() + kh * g.dilationHeight();
            int iw = ow * g.strideWidth() - g.padLeft() + kw * g.dilationWidth();
            if (ih < 0 || ih >= g.inputHeight() || iw < 0 || iw >= g.inputWidth()) {
                return -1;
            }
            return ((image * g.inputHeight() + ih) * g.inputWidth() + iw) * channels;
        }
    }
}
