package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Gemm;
import io.github.qkeras4j.tensor.Im2col;
import io.github.qkeras4j.tensor.Parallel;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * 2D convolution (Keras {@code Conv2D} without bias, channels_last): {@code x [batch, height, width,
 * inChannels]} and {@code kernel [kernelHeight, kernelWidth, inChannels, filters]} give
 * {@code y [batch, outHeight, outWidth, filters]} with
 * {@code y[b, oh, ow, f] = Σ_{kh, kw, c} x[b, oh·sh − padTop + kh·dh, ow·sw − padLeft + kw·dw, c] · kernel[kh, kw, c, f]},
 * where {@code sh, sw} are the strides, {@code dh, dw} the dilation rates and pixels outside the image are
 * zero. Sizes and padding come from a {@link Conv2DGeometry}.
 *
 * <p>The product runs as {@code cols · kernel} on the {@link Im2col} matrix
 * {@code cols [batch · outHeight · outWidth, kernelHeight · kernelWidth · inChannels]}. Gradients:
 * {@code d kernel = colsᵀ · dy} and {@code dx = col2im(dy · kernelᵀ)}.
 *
 * <p>To bound memory the batch is processed in slabs of whole images whose column matrix has at most
 * {@value #SLAB_ELEMENTS} floats (or one image, when a single image needs more). The slab size depends
 * only on the shapes, and {@link Gemm} sums in an order that does not depend on the thread count, so
 * every bit of {@code y}, {@code dx} and {@code d kernel} is the same on any number of threads.
 */
public final class Conv2DOp implements Op {
    /** Maximum floats in the column matrix of one slab (16 MiB). */
    static final int SLAB_ELEMENTS = 1 << 22;

    private final Variable x;
    private final Variable kernel;
    private final Variable y;
    private final Conv2DGeometry geometry;
    /** The column matrix buffer, holding the last slab after the forward pass; null for a pointwise kernel. */
    private final float[] cols;
    private final int slabImages;

    private Conv2DOp(Variable x, Variable kernel, Variable y, Conv2DGeometry geometry, float[] cols, int slabImages) {
        this.x = x;
        this.kernel = kernel;
        this.y = y;
        this.geometry = geometry;
        this.cols = cols;
        this.slabImages = slabImages;
    }

    public static Variable apply(Tape tape, Variable x, Variable kernel, Conv2DGeometry geometry) {
        Tensor xv = x.value();
        Tensor kv = kernel.value();
        checkArguments(xv, kv, geometry);
        long start = tape.isProfiling() ? System.nanoTime() : 0L;
        int batch = xv.dim(0);
        int channels = xv.dim(3);
        int filters = kv.dim(3);
        int pixels = geometry.outputHeight() * geometry.outputWidth();
        int depth = geometry.windowSize() * channels;

        Tensor out = tape.allocate(batch, geometry.outputHeight(), geometry.outputWidth(), filters);
        float[] cols = null;
        int slabImages = batch;
        if (geometry.isPointwise()) {
            // A 1×1 kernel at stride 1 reads each pixel once, so x itself is the column matrix.
            Gemm.multiply(false, false, batch * pixels, filters, channels, xv.data(), 0, kv.data(), 0,
                    out.data(), 0, false);
        } else {
            slabImages = slabImages(batch, pixels, depth);
            cols = tape.allocate(slabImages * pixels * depth).data();
            for (int first = 0; first < batch; first += slabImages) {
                int images = Math.min(slabImages, batch - first);
                Im2col.im2col(xv.data(), channels, geometry, first, images, cols);
                Gemm.multiply(false, false, images * pixels, filters, depth, cols, 0, kv.data(), 0,
                        out.data(), first * pixels * filters, false);
            }
        }

        Variable y = tape.result(out, x, kernel);
        if (y.requiresGrad()) {
            tape.record(new Conv2DOp(x, kernel, y, geometry, cols, slabImages));
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
        if (cols == null) {
            backwardPointwise(tape, dy);
            return;
        }
        int batch = x.value().dim(0);
        int channels = x.value().dim(3);
        int filters = kernel.value().dim(3);
        int pixels = geometry.outputHeight() * geometry.outputWidth();
        int depth = geometry.windowSize() * channels;
        float[] dCols = x.requiresGrad() ? tape.allocate(cols.length).data() : null;

        // Slabs run last to first because the last slab's columns are still in the buffer.
        int slabs = Parallel.chunkCount(batch, slabImages);
        for (int s = slabs - 1; s >= 0; s--) {
            int first = s * slabImages;
            int images = Math.min(slabImages, batch - first);
            int rows = images * pixels;
            int dyOffset = first * pixels * filters;
            if (kernel.requiresGrad()) {
                if (s != slabs - 1) {
                    Im2col.im2col(x.value().data(), channels, geometry, first, images, cols);
                }
                Gemm.multiply(true, false, depth, filters, rows, cols, 0, dy.data(), dyOffset,
                        tape.gradient(kernel).data(), 0, true);
            }
            if (dCols != null) {
                Gemm.multiply(false, true, rows, depth, filters, dy.data(), dyOffset, kernel.value().data(), 0,
                        dCols, 0, false);
                Im2col.col2imAdd(dCols, channels, geometry, first, images, tape.gradient(x).data());
            }
        }
    }

    private void backwardPointwise(Tape tape, Tensor dy) {
        int channels = x.value().dim(3);
        int filters = kernel.value().dim(3);
        int rows = x.value().dim(0) * geometry.outputHeight() * geometry.outputWidth();
        if (x.requiresGrad()) {
            Gemm.multiply(false, true, rows, channels, filters, dy.data(), 0, kernel.value().data(), 0,
                    tape.gradient(x).data(), 0, true);
        }
        if (kernel.requiresGrad()) {
            Gemm.multiply(true, false, channels, filters, rows, x.value().data(), 0, dy.data(), 0,
                    tape.gradient(kernel).data(), 0, true);
        }
    }

    @Override
    public OpCategory category() {
        return OpCategory.CONV;
    }

    /** Whole images per slab: as many as fit in {@link #SLAB_ELEMENTS}, at least one, at most the batch. */
    static int slabImages(int batch, int pixels, int depth) {
        long perImage = (long) pixels * depth;
        if (perImage > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("conv2d: the column matrix of one image needs " + perImage
                    + " floats (" + pixels + " output pixels x " + depth + " window values), more than a Java array"
                    + " can hold; use a smaller input, kernel or larger strides");
        }
        long fit = Math.max(1, SLAB_ELEMENTS / Math.max(1, perImage));
        return (int) Math.max(1, Math.min(batch, fit));
    }

    private static void checkArguments(Tensor x, Tensor kernel, Conv2DGeometry geometry) {
        ImageOpSupport.requireImages("conv2d", x, geometry);
        if (kernel.rank() != 4) {
            throw new IllegalArgumentException("conv2d: kernel must be [kernelHeight, kernelWidth, inChannels, filters],"
                    + " received shape " + Arrays.toString(kernel.shape()));
        }
        if (kernel.dim(0) != geometry.windowHeight() || kernel.dim(1) != geometry.windowWidth()) {
            throw new IllegalArgumentException("conv2d: kernel shape " + Arrays.toString(kernel.shape())
                    + " does not match the geometry's kernel size " + geometry.windowHeight() + "x"
                    + geometry.windowWidth() + "; build the geometry from this kernel's size");
        }
        if (kernel.dim(2) != x.dim(3)) {
            throw new IllegalArgumentException("conv2d: kernel shape " + Arrays.toString(kernel.shape()) + " expects "
                    + kernel.dim(2) + " input channels but the input shape " + Arrays.toString(x.shape())
                    + " has " + x.dim(3));
        }
    }
}
