package io.github.qkeras4j.autograd.ops;

import static io.github.qkeras4j.autograd.ops.ImageOpSupport.endWindowColumn;
import static io.github.qkeras4j.autograd.ops.ImageOpSupport.endWindowRow;
import static io.github.qkeras4j.autograd.ops.ImageOpSupport.firstWindowColumn;
import static io.github.qkeras4j.autograd.ops.ImageOpSupport.firstWindowRow;

import io.github.qkeras4j.tensor.Conv2DGeometry;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link OpKernels} on the Vector API. In max pooling, for one output pixel, a vector of channels
 * keeps the running maximum and its window position. A later position replaces them only where it
 * is strictly greater, as in the scalar loop, so a NaN at the first position stays and a later NaN
 * never wins. Batch normalization converts float32 lanes to double and back exactly where the
 * scalar expression does. Channels past the last full vector run the scalar code.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present.
 */
final class VectorOpKernels implements OpKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** Floats in the lanes of one double vector, so that a conversion keeps the lane count. */
    private static final VectorSpecies<Float> HALF_FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    @Override
    public void maxPoolImage(float[] x, float[] out, float[] argmax, Conv2DGeometry g, int channels, int image) {
        int width = g.inputWidth();
        int inputOffset = image * g.inputHeight() * width * channels;
        int o = image * g.outputHeight() * g.outputWidth() * channels;
        int bound = SPECIES.loopBound(channels);
        for (int oh = 0; oh < g.outputHeight(); oh++) {
            int top = oh * g.strideHeight() - g.padTop();
            int rowStart = firstWindowRow(g, oh);
            int rowEnd = endWindowRow(g, oh);
            for (int ow = 0; ow < g.outputWidth(); ow++) {
                int left = ow * g.strideWidth() - g.padLeft();
                int columnStart = firstWindowColumn(g, ow);
                int columnEnd = endWindowColumn(g, ow);
                int firstSource = inputOffset + ((top + rowStart) * width + left + columnStart) * channels;
                float firstPosition = rowStart * g.windowWidth() + columnStart;
                for (int ch = 0; ch < bound; ch += SPECIES.length()) {
                    FloatVector best = FloatVector.fromArray(SPECIES, x, firstSource + ch);
                    FloatVector winner = FloatVector.broadcast(SPECIES, firstPosition);
                    for (int kh = rowStart; kh < rowEnd; kh++) {
                        for (int kw = kh == rowStart ? columnStart + 1 : columnStart; kw < columnEnd; kw++) {
                            int source = inputOffset + ((top + kh) * width + left + kw) * channels;
                            FloatVector v = FloatVector.fromArray(SPECIES, x, source + ch);
                            VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
                            best = best.blend(v, greater);
                            winner = winner.blend(kh * g.windowWidth() + kw, greater);
                        }
                    }
                    best.intoArray(out, o + ch);
                    if (argmax != null) {
                        winner.intoArray(argmax, o + ch);
                    }
                }
                if (bound < channels) {
                    MaxPool2DOp.poolPixel(x, out, argmax, g, channels, bound, inputOffset, top, left, rowStart, rowEnd,
                            columnStart, columnEnd, o);
                }
                o += channels;
            }
        }
    }

    @Override
    public void batchNormGradient(float[] x, float[] dy, float[] dx, int firstRow, int endRow, int rows, int channels,
                                  float[] mean, float[] invStd, float[] scale, double[] meanDy, double[] sumDyXhat) {
        int bound = HALF_FLOATS.loopBound(channels);
        for (int r = firstRow; r < endRow; r++) {
            int row = r * channels;
            for (int c = 0; c < bound; c += HALF_FLOATS.length()) {
                FloatVector xhat = FloatVector.fromArray(HALF_FLOATS, x, row + c)
                        .sub(FloatVector.fromArray(HALF_FLOATS, mean, c))
                        .mul(FloatVector.fromArray(HALF_FLOATS, invStd, c));
                DoubleVector centred = toDouble(FloatVector.fromArray(HALF_FLOATS, dy, row + c))
                        .sub(DoubleVector.fromArray(DOUBLES, meanDy, c))
                        .sub(toDouble(xhat).mul(DoubleVector.fromArray(DOUBLES, sumDyXhat, c)).div(rows));
                DoubleVector gradient = toDouble(FloatVector.fromArray(HALF_FLOATS, scale, c)).mul(centred);
                FloatVector.fromArray(HALF_FLOATS, dx, row + c)
                        .add((FloatVector) gradient.convertShape(VectorOperators.D2F, HALF_FLOATS, 0))
                        .intoArray(dx, row + c);
            }
            for (int c = bound; c < channels; c++) {
                int i = row + c;
                float xhat = (x[i] - mean[c]) * invStd[c];
                dx[i] += (float) (scale[c] * (dy[i] - meanDy[c] - xhat * sumDyXhat[c] / rows));
            }
        }
    }

    @Override
    public void scaleShift(float[] x, float[] out, int firstRow, int endRow, int channels, float[] scale,
                           float[] shift) {
        int bound = SPECIES.loopBound(channels);
        for (int r = firstRow; r < endRow; r++) {
            int row = r * channels;
            for (int c = 0; c < bound; c += SPECIES.length()) {
                // Multiply and add stay separate operations: a fused multiply-add would round once.
                FloatVector.fromArray(SPECIES, x, row + c)
                        .mul(FloatVector.fromArray(SPECIES, scale, c))
                        .add(FloatVector.fromArray(SPECIES, shift, c))
                        .intoArray(out, row + c);
            }
            for (int c = bound; c < channels; c++) {
                out[row + c] = x[row + c] * scale[c] + shift[c];
            }
        }
    }

    private static DoubleVector toDouble(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
    }
}
