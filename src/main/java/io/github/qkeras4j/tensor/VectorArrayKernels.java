package io.github.qkeras4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ArrayKernels} on the Vector API: each lane performs the scalar loop's single float32
 * operation, so results are identical. Loaded only when the {@code jdk.incubator.vector} module is
 * present.
 */
final class VectorArrayKernels implements ArrayKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public void addInto(float[] source, int sourceOffset, float[] target, int targetOffset, int length) {
        int bound = SPECIES.loopBound(length);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, target, targetOffset + k)
                    .add(FloatVector.fromArray(SPECIES, source, sourceOffset + k))
                    .intoArray(target, targetOffset + k);
        }
        for (; k < length; k++) {
            target[targetOffset + k] += source[sourceOffset + k];
        }
    }

    @Override
    public void add(float[] a, int aOffset, float[] b, int bOffset, float[] target, int targetOffset, int length) {
        int bound = SPECIES.loopBound(length);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, a, aOffset + k)
                    .add(FloatVector.fromArray(SPECIES, b, bOffset + k))
                    .intoArray(target, targetOffset + k);
        }
        for (; k < length; k++) {
            target[targetOffset + k] = a[aOffset + k] + b[bOffset + k];
        }
    }
}
