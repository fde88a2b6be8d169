package io.github.qkeras4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compares the Vector API max pooling with the plain-Java loop bit for bit, maxima and winning
 * positions, on inputs with many ties, signed zeros and NaN, and with channel counts that leave a
 * tail after the last full vector.
 */
class VectorOpKernelsTest {
    @ParameterizedTest
    @CsvSource({"2, 2, VALID, 1", "2, 2, VALID, 32", "2, 2, VALID, 19", "3, 2, SAME, 64", "3, 1, VALID, 35",
            "2, 2, SAME, 16"})
    void vectorPoolMatchesPlainLoop(int pool, int stride, Padding padding, int channels) {
        assumeTrue(OpKernels.VECTOR.isPresent(), "the JVM runs without jdk.incubator.vector");
        Conv2DGeometry g = Conv2DGeometry.pooling(9, 7, pool, pool, stride, stride, padding);
        int images = 3;
        float[] x = new float[images * 9 * 7 * channels];
        SplittableRandom random = new SplittableRandom(channels);
        float[] specials = {0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY, 1f, 1f, -1f};
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)] : random.nextInt(5) - 2f;
        }
        int outputs = images * g.outputHeight() * g.outputWidth() * channels;
        float[] expected = new float[outputs];
        float[] expectedArgmax = new float[outputs];
        float[] actual = new float[outputs];
        float[] actualArgmax = new float[outputs];
        for (int image = 0; image < images; image++) {
            MaxPool2DOp.poolImagePlain(x, expected, expectedArgmax, g, channels, image);
            OpKernels.VECTOR.get().maxPoolImage(x, actual, actualArgmax, g, channels, image);
        }
        for (int i = 0; i < outputs; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "maximum " + i);
            assertEquals(expectedArgmax[i], actualArgmax[i], "winning position " + i);
        }
        float[] withoutArgmax = new float[outputs];
        OpKernels.VECTOR.get().maxPoolImage(x, withoutArgmax, null, g, channels, 0);
        assertEquals(Float.floatToIntBits(expected[0]), Float.floatToIntBits(withoutArgmax[0]),
                "maximum without argmax");
    }

    @ParameterizedTest
    @CsvSource({"32, 50", "64, 17", "13, 40", "1, 9", "128, 3"})
    void vectorBatchNormGradientMatchesPlainLoop(int channels, int rows) {
        assumeTrue(OpKernels.VECTOR.isPresent(), "the JVM runs without jdk.incubator.vector");
        SplittableRandom random = new SplittableRandom(channels * 31L + rows);
        float[] x = values(rows * channels, random);
        float[] dy = values(rows * channels, random);
        float[] start = values(rows * channels, random);
        float[] mean = values(channels, random);
        float[] invStd = values(channels, random);
        float[] scale = values(channels, random);
        double[] meanDy = new double[channels];
        double[] sumDyXhat = new double[channels];
        for (int c = 0; c < channels; c++) {
            meanDy[c] = random.nextGaussian() * 1e3;
            sumDyXhat[c] = random.nextGaussian() * 1e5;
        }
        float[] expected = start.clone();
        float[] actual = start.clone();
        BatchNormOp.batchNormGradientPlain(x, dy, expected, 0, rows, rows, channels, mean, invStd, scale, meanDy,
                sumDyXhat);
        OpKernels.VECTOR.get().batchNormGradient(x, dy, actual, 0, rows, rows, channels, mean, invStd, scale, meanDy,
                sumDyXhat);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "dx " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"32, 50", "64, 17", "13, 40", "1, 9", "128, 3"})
    void vectorScaleShiftMatchesPlainLoop(int channels, int rows) {
        assumeTrue(OpKernels.VECTOR.isPresent(), "the JVM runs without jdk.incubator.vector");
        SplittableRandom random = new SplittableRandom(channels * 17L + rows);
        float[] x = values(rows * channels, random);
        float[] scale = values(channels, random);
        float[] shift = values(channels, random);
        float[] expected = new float[x.length];
        float[] actual = new float[x.length];
        BatchNormOp.scaleShiftPlain(x, expected, 0, rows, channels, scale, shift);
        OpKernels.VECTOR.get().scaleShift(x, actual, 0, rows, channels, scale, shift);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "output " + i);
        }
    }

    /** Gaussians over many magnitudes, with signed zeros, subnormals and huge values mixed in. */
    private static float[] values(int size, SplittableRandom random) {
        float[] specials = {0f, -0f, 1e-40f, -1e-39f, 3e38f, -3e38f, Float.NaN};
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = random.nextInt(12) == 0 ? specials[random.nextInt(specials.length)]
                    : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-6, 7)));
        }
        return v;
    }
}
