package io.github.qkeras4j.autograd.ops;

import static io.github.qkeras4j.autograd.ops.ImageOpSupport.endWindowColumn;
import static io.github.qkeras4j.autograd.ops.ImageOpSupport.endWindowRow;
import static io.github.qkeras4j.autograd.ops.ImageOpSupport.firstWindowColumn;
import static io.github.qkeras4j.autograd.ops.ImageOpSupport.firstWindowRow;

import io.github.qkeras4j.tensor.Conv2DGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PoolKernels} on the Vector API: for one output pixel, a vector of channels keeps the
 * running maximum and its window position, and a later position replaces them only where it is
 * strictly greater, as in the scalar loop (a NaN at the first position stays, a later NaN never
 * wins). Channels past the last full vector run the scalar loop.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present.
 */
final class VectorPoolKernels implements PoolKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

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
}
