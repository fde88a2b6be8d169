package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/** Argument checks, chunk sizes and window bounds shared by the ops on channels_last images. */
final class ImageOpSupport {
    /** Work (elements touched) below which an image loop runs as one chunk, so small ops skip the threads. */
    private static final long MIN_CHUNK_ELEMENTS = 1 << 15;

    private ImageOpSupport() {
    }

    /** Checks that {@code x} is {@code [batch, height, width, channels]} with the geometry's height and width. */
    static void requireImages(String operation, Tensor x, Conv2DGeometry geometry) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(operation + ": input must be [batch, height, width, channels], received shape "
                    + Arrays.toString(x.shape()));
        }
        if (x.dim(1) != geometry.inputHeight() || x.dim(2) != geometry.inputWidth()) {
            throw new IllegalArgumentException(operation + ": input shape " + Arrays.toString(x.shape())
                    + " does not match the geometry's input " + geometry.inputHeight() + "x" + geometry.inputWidth()
                    + "; build the geometry from this input's height and width");
        }
    }

    /** Checks what {@link #requireImages} checks, and that the geometry is a pooling window (no dilation). */
    static void requirePoolingImages(String operation, Tensor x, Conv2DGeometry geometry) {
        if (geometry.dilationHeight() != 1 || geometry.dilationWidth() != 1) {
            throw new IllegalArgumentException(operation + ": pooling takes no dilation, but the geometry has dilation rate "
                    + geometry.dilationHeight() + "x" + geometry.dilationWidth()
                    + "; build it with Conv2DGeometry.pooling");
        }
        requireImages(operation, x, geometry);
    }

    /**
     * Images per parallel chunk for a loop that touches {@code elementsPerImage} elements per image. The
     * size depends only on the problem, never on the thread count.
     */
    static int imagesPerChunk(long elementsPerImage) {
        return (int) Math.max(1, MIN_CHUNK_ELEMENTS / Math.max(1, elementsPerImage));
    }

    /** First window row inside the image for output row {@code oh} (pooling windows are not dilated). */
    static int firstWindowRow(Conv2DGeometry g, int oh) {
        return Math.max(0, g.padTop() - oh * g.strideHeight());
    }

    /** End (exclusive) of the window rows inside the image for output row {@code oh}. */
    static int endWindowRow(Conv2DGeometry g, int oh) {
        return Math.min(g.windowHeight(), g.inputHeight() + g.padTop() - oh * g.strideHeight());
    }

    /** First window column inside the image for output column {@code ow}. */
    static int firstWindowColumn(Conv2DGeometry g, int ow) {
        return Math.max(0, g.padLeft() - ow * g.strideWidth());
    }

    /** End (exclusive) of the window columns inside the image for output column {@code ow}. */
    static int endWindowColumn(Conv2DGeometry g, int ow) {
        return Math.min(g.windowWidth(), g.inputWidth() + g.padLeft() - ow * g.strideWidth());
    }
}
