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
        float[] source = new float[length + 5];
        float[] target = new float[length + 9];
        float[] specials = {0f, -0f, Float.NaN, 3e38f, -3e38f, 1e-40f};
        for (int i = 0; i < source.length; i++) {
            source[i] = random.nextInt(6) == 0 ? specials[random.nextInt(specials.length)] : (float) random.nextGaussian();
        }
        for (int i = 0; i < target.length; i++) {
            target[i] = random.nextInt(6) == 0 ? specials[random.nextInt(specials.length)] : (float) random.nextGaussian();
        }
        float[] expected = target.clone();
        for (int k = 0; k < length; k++) {
            expected[7 + k] += source[3 + k];
        }
        ArrayKernels.VECTOR.get().addInto(source, 3, target, 7, length);
        for (int i = 0; i < target.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(target[i]), "element " + i);
        }
    }
}
