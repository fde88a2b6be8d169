package io.github.qkeras4j.tensor;

import java.util.Arrays;

/**
 * Unfolds the windows of channels_last images into the rows of a matrix, and folds such a matrix back,
 * so that a 2D convolution becomes one matrix product.
 *
 * <p>For images {@code x [batch, height, width, channels]} and a {@link Conv2DGeometry}, the column
 * matrix is {@code cols [batch · outHeight · outWidth, windowHeight · windowWidth · channels]}: row
 * {@code (b, oh, ow)} holds the window read by output pixel {@code (oh, ow)} of image {@code b}, in the
 * order {@code (kh, kw, c)} of a Keras kernel {@code [kernelHeight, kernelWidth, inChannels, filters]}.
 * Padding positions are zeros. Hence {@code y = cols · kernel} with the kernel viewed as
 * {@code [kernelHeight · kernelWidth · inChannels, filters]}.
 *
 * <p>{@link #col2imAdd} is the adjoint: it adds every entry of a column matrix to the input pixel it
 * was read from, which turns {@code d cols} into {@code d x}.
 *
 * <p>Both run in fixed chunks on {@link Parallel}. Each chunk writes its own rows of {@code cols} or its
 * own images of {@code x}, and within an image the additions run in row order, so results do not depend
 * on the thread count.
 */
public final class Im2col {
    /** Work (matrix elements) below which a loop runs as a single chunk, so small ops skip the threads. */
    private static final int MIN_CHUNK_ELEMENTS = 1 << 15;

    private Im2col() {
    }

    /**
     * Writes the column matrix of images {@code [firstImage, firstImage + images)} of {@code input} into
     * {@code cols}, starting at index 0.
     *
     * @param input    images {@code [batch, inputHeight, inputWidth, channels]}, flat
     * @param channels channels per pixel
     * @param cols     receives {@code [images · outHeight · outWidth, windowSize · channels]}; may be longer
     */
    public static void im2col(float[] input, int channels, Conv2DGeometry geometry, int firstImage, int images,
                              float[] cols) {
        int outHeight = geometry.outputHeight();
        int rowLength = geometry.outputWidth() * geometry.windowSize() * channels;
        assert cols.length >= (long) images * outHeight * rowLength;
        int outputRows = images * outHeight;
        int chunk = Math.max(1, MIN_CHUNK_ELEMENTS / Math.max(1, rowLength));
        Parallel.forChunks(outputRows, chunk, (c, start, end) -> {
            for (int r = start; r < end; r++) {
                int image = firstImage + r / outHeight;
                unfoldOutputRow(input, channels, geometry, image, r % outHeight, cols, r * rowLength);
            }
        });
    }

    /**
     * Adds each entry of {@code cols} (laid out as {@link #im2col} writes it for images
     * {@code [firstImage, firstImage + images)}) to the input pixel it came from; padding entries are
     * dropped.
     *
     * @param output images {@code [batch, inputHeight, inputWidth, channels]}, flat; added to
     */
    public static void col2imAdd(float[] cols, int channels, Conv2DGeometry geometry, int firstImage, int images,
                                 float[] output) {
        int imageLength = geometry.outputHeight() * geometry.outputWidth() * geometry.windowSize() * channels;
        assert cols.length >= (long) images * imageLength;
        int chunk = Math.max(1, MIN_CHUNK_ELEMENTS / Math.max(1, imageLength));
        // Windows of neighbouring output pixels overlap, so two chunks must never share an image.
        Parallel.forChunks(images, chunk, (c, start, end) -> {
            for (int i = start; i < end; i++) {
                foldImage(cols, i * imageLength, channels, geometry, firstImage + i, output);
            }
        });
    }

    /** Writes the rows of output row {@code oh} of one image, starting at {@code colsOffset}. */
    private static void unfoldOutputRow(float[] input, int channels, Conv2DGeometry g, int image, int oh,
                                        float[] cols, int colsOffset) {
        int height = g.inputHeight();
        int width = g.inputWidth();
        int windowWidth = g.windowWidth();
        int imageOffset = image * height * width * channels;
        int pos = colsOffset;
        for (int ow = 0; ow < g.outputWidth(); ow++) {
            int left = ow * g.strideWidth() - g.padLeft();
            for (int kh = 0; kh < g.windowHeight(); kh++) {
                int ih = oh * g.strideHeight() - g.padTop() + kh * g.dilationHeight();
                int span = windowWidth * channels;
                if (ih < 0 || ih >= height) {
                    Arrays.fill(cols, pos, pos + span, 0f);
                    pos += span;
                    continue;
                }
                int rowOffset = imageOffset + ih * width * channels;
                boolean contiguous = g.dilationWidth() == 1 || windowWidth == 1;
                if (contiguous && left >= 0 && left + windowWidth <= width) {
                    // The whole window row is inside the image: its pixels are adjacent in memory.
                    System.arraycopy(input, rowOffset + left * channels, cols, pos, span);
                    pos += span;
                    continue;
                }
                for (int kw = 0; kw < windowWidth; kw++) {
                    int iw = left + kw * g.dilationWidth();
                    if (iw < 0 || iw >= width) {
                        Arrays.fill(cols, pos, pos + channels, 0f);
                    } else {
                        System.arraycopy(input, rowOffset + iw * channels, cols, pos, channels);
                    }
                    pos += channels;
                }
            }
        }
    }

    /** Adds the column rows of one image, starting at {@code colsOffset}, into that image of {@code output}. */
    private static void foldImage(float[] cols, int colsOffset, int channels, Conv2DGeometry g, int image,
                                  float[] output) {
        int height = g.inputHeight();
        int width = g.inputWidth();
        int windowWidth = g.windowWidth();
        int imageOffset = image * height * width * channels;
        int pos = colsOffset;
        for (int oh = 0; oh < g.outputHeight(); oh++) {
            for (int ow = 0; ow < g.outputWidth(); ow++) {
                int left = ow * g.strideWidth() - g.padLeft();
                for (int kh = 0; kh < g.windowHeight(); kh++) {
                    int ih = oh * g.strideHeight() - g.padTop() + kh * g.dilationHeight();
                    if (ih < 0 || ih >= height) {
                        pos += windowWidth * channels;
                        continue;
                    }
                    int rowOffset = imageOffset + ih * width * channels;
                    for (int kw = 0; kw < windowWidth; kw++) {
                        int iw = left + kw * g.dilationWidth();
                        if (iw >= 0 && iw < width) {
                            int target = rowOffset + iw * channels;
                            FloatArrays.addInto(cols, pos, output, target, channels);
                        }
                        pos += channels;
                    }
                }
            }
        }
    }
}
