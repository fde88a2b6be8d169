package io.github.qkeras4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;

/**
 * Direct nested-loop versions of the image ops, written from the TensorFlow formulas without the
 * production code's geometry or im2col, and summed in double. Tests compare the ops against them.
 */
final class ImageReference {
    private ImageReference() {
    }

    /** Window placement along one axis: output size and padding before the first input position. */
    record Axis(int output, int padBefore) {
        static Axis of(int input, int window, int stride, int dilation, Padding padding) {
            int effective = (window - 1) * dilation + 1;
            int output = padding == Padding.SAME
                    ? (int) Math.ceil(input / (double) stride)
                    : (int) Math.ceil((input - effective + 1) / (double) stride);
            int total = Math.max((output - 1) * stride + effective - input, 0);
            return new Axis(output, total / 2);
        }

        /** Input position of window tap {@code tap} for output position {@code o}. */
        int input(int o, int tap, int stride, int dilation) {
            return o * stride - padBefore + tap * dilation;
        }
    }

    /** Convolution settings, in Keras's terms. */
    record Conv(int strideHeight, int strideWidth, int dilationHeight, int dilationWidth, Padding padding) {
    }

    static Tensor conv2d(Tensor x, Tensor kernel, Conv conv) {
        int batch = x.dim(0);
        int height = x.dim(1);
        int width = x.dim(2);
        int channels = x.dim(3);
        int kh = kernel.dim(0);
        int kw = kernel.dim(1);
        int filters = kernel.dim(3);
        Axis rows = Axis.of(height, kh, conv.strideHeight(), conv.dilationHeight(), conv.padding());
        Axis cols = Axis.of(width, kw, conv.strideWidth(), conv.dilationWidth(), conv.padding());
        Tensor y = Tensor.zeros(batch, rows.output(), cols.output(), filters);

        for (int b = 0; b < batch; b++) {
            for (int oh = 0; oh < rows.output(); oh++) {
                for (int ow = 0; ow < cols.output(); ow++) {
                    for (int f = 0; f < filters; f++) {
                        double sum = 0;
                        for (int i = 0; i < kh; i++) {
                            int ih = rows.input(oh, i, conv.strideHeight(), conv.dilationHeight());
                            for (int j = 0; j < kw; j++) {
                                int iw = cols.input(ow, j, conv.strideWidth(), conv.dilationWidth());
                                if (ih < 0 || ih >= height || iw < 0 || iw >= width) {
                                    continue;
                                }
                                for (int c = 0; c < channels; c++) {
                                    sum += (double) x.get(b, ih, iw, c) * kernel.get(i, j, c, f);
                                }
                            }
                        }
                        y.set((float) sum, b, oh, ow, f);
                    }
                }
            }
        }
        return y;
    }

    /** {@code d loss / dx} of {@link #conv2d} given {@code dy}. */
    static Tensor conv2dInputGradient(Tensor x, Tensor kernel, Tensor dy, Conv conv) {
        double[] dx = new double[x.size()];
        visitConvTaps(x, kernel, dy, conv, (xIndex, kIndex, dyValue, xValue, kValue) -> dx[xIndex] += dyValue * kValue);
        return toTensor(dx, x.shape());
    }

    /** {@code d loss / d kernel} of {@link #conv2d} given {@code dy}. */
    static Tensor conv2dKernelGradient(Tensor x, Tensor kernel, Tensor dy, Conv conv) {
        double[] dk = new double[kernel.size()];
        visitConvTaps(x, kernel, dy, conv, (xIndex, kIndex, dyValue, xValue, kValue) -> dk[kIndex] += dyValue * xValue);
        return toTensor(dk, kernel.shape());
    }

    private interface TapVisitor {
        void visit(int xIndex, int kernelIndex, double dy, double x, double kernel);
    }

    /** Calls {@code visitor} for every (output element, in-image kernel tap) pair of the convolution. */
    private static void visitConvTaps(Tensor x, Tensor kernel, Tensor dy, Conv conv, TapVisitor visitor) {
        int[] xs = x.shape();
        int[] ks = kernel.shape();
        int[] ys = dy.shape();
        Axis rows = Axis.of(xs[1], ks[0], conv.strideHeight(), conv.dilationHeight(), conv.padding());
        Axis cols = Axis.of(xs[2], ks[1], conv.strideWidth(), conv.dilationWidth(), conv.padding());
        for (int b = 0; b < ys[0]; b++) {
            for (int oh = 0; oh < ys[1]; oh++) {
                for (int ow = 0; ow < ys[2]; ow++) {
                    for (int i = 0; i < ks[0]; i++) {
                        int ih = rows.input(oh, i, conv.strideHeight(), conv.dilationHeight());
                        for (int j = 0; j < ks[1]; j++) {
                            int iw = cols.input(ow, j, conv.strideWidth(), conv.dilationWidth());
                            if (ih < 0 || ih >= xs[1] || iw < 0 || iw >= xs[2]) {
                                continue;
                            }
                            for (int c = 0; c < xs[3]; c++) {
                                int xIndex = ((b * xs[1] + ih) * xs[2] + iw) * xs[3] + c;
                                for (int f = 0; f < ks[3]; f++) {
                                    int kIndex = ((i * ks[1] + j) * ks[2] + c) * ks[3] + f;
                                    visitor.visit(xIndex, kIndex, dy.get(b, oh, ow, f), x.data()[xIndex],
                                            kernel.data()[kIndex]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Max pooling over the in-image positions of each window (TensorFlow semantics). */
    static Tensor maxPool2d(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth,
                            Padding padding) {
        return pool2d(x, poolHeight, poolWidth, strideHeight, strideWidth, padding, true);
    }

    /** Average pooling that divides by the number of in-image positions of each window (TensorFlow semantics). */
    static Tensor avgPool2d(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth,
                            Padding padding) {
        return pool2d(x, poolHeight, poolWidth, strideHeight, strideWidth, padding, false);
    }

    private static Tensor pool2d(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth,
                                 Padding padding, boolean max) {
        int height = x.dim(1);
        int width = x.dim(2);
        Axis rows = Axis.of(height, poolHeight, strideHeight, 1, padding);
        Axis cols = Axis.of(width, poolWidth, strideWidth, 1, padding);
        Tensor y = Tensor.zeros(x.dim(0), rows.output(), cols.output(), x.dim(3));
        for (int b = 0; b < x.dim(0); b++) {
            for (int oh = 0; oh < rows.output(); oh++) {
                for (int ow = 0; ow < cols.output(); ow++) {
                    for (int c = 0; c < x.dim(3); c++) {
                        double best = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        int count = 0;
                        for (int i = 0; i < poolHeight; i++) {
                            int ih = rows.input(oh, i, strideHeight, 1);
                            for (int j = 0; j < poolWidth; j++) {
                                int iw = cols.input(ow, j, strideWidth, 1);
                                if (ih < 0 || ih >= height || iw < 0 || iw >= width) {
                                    continue;
                                }
                                double v = x.get(b, ih, iw, c);
                                best = Math.max(best, v);
                                sum += v;
                                count++;
                            }
                        }
                        y.set((float) (max ? best : sum / count), b, oh, ow, c);
                    }
                }
            }
        }
        return y;
    }

    private static Tensor toTensor(double[] values, int[] shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < values.length; i++) {
            t.data()[i] = (float) values[i];
        }
        return t;
    }

    /** Asserts equal shapes and elements within {@code tolerance · max(1, |expected|)}. */
    static void assertClose(Tensor expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.data()[i];
            assertEquals(e, actual.data()[i], tolerance * Math.max(1, Math.abs(e)), "element " + i);
        }
    }

    /** Runs the tape's backward pass as if the loss had the gradient {@code dy} with respect to {@code y}. */
    static void backward(Tape tape, Variable y, Tensor dy) {
        Variable loss = tape.result(Tensor.scalar(0f), y);
        tape.record(t -> {
            float[] grad = t.gradient(y).data();
            for (int i = 0; i < grad.length; i++) {
                grad[i] += dy.data()[i];
            }
        });
        tape.backward(loss);
    }
}
