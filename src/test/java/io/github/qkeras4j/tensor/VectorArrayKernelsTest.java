package io.github.qkeras4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compares the Vector API array loops with the plain loops bit for bit, on lengths with and without a tail. */
class VectorArrayKernelsTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 8, 16, 31, 32, 64, 100})
    void vectorAddIntoMatchesPlainLoop(int length) {
        assumeTrue(ArrayKernels.VECTOR.isPresent(), "the JVM runs without jdk.incubator.vector");
        SplittableRandom random = new SplittableRandom(length);
        float[] source = values(length + 5, random);
        float[] target = values(length + 9, random);
        float[] expected = target.clone();
        for (int k = 0; k < length; k++) {
            expected[7 + k] += source[3 + k];
        }
        ArrayKernels.VECTOR.get().addInto(source, 3, target, 7, length);
        for (int i = 0; i < target.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(target[i]), "element " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 16, 31, 32, 64, 100})
    void vectorAddMatchesPlainLoop(int length) {
        assumeTrue(ArrayKernels.VECTOR.isPresent(), "the JVM runs without jdk.incubator.vector");
        SplittableRandom random = new SplittableRandom(length + 1000L);
        float[] a = values(length + 2, random);
        float[] b = values(length + 4, random);
        float[] target = values(length + 6, random);
        float[] expected = target.clone();
        for (int k = 0; k < length; k++) {
            expected[5 + k] = a[1 + k] + b[3 + k];
        }
        ArrayKernels.VECTOR.get().add(a, 1, b, 3, target, 5, length);
        for (int i = 0; i < target.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(target[i]), "element " + i);
        }
    }

    /** Gaussians with signed zeros, NaN, huge values and subnormals mixed in. */
    private static float[] values(int size, SplittableRandom random) {
        float[] specials = {0f, -0f, Float.NaN, 3e38f, -3e38f, 1e-40f};
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = random.nextInt(6) == 0 ? specials[random.nextInt(specials.length)] : (float) random.nextGaussian();
        }
        return v;
    }
}
