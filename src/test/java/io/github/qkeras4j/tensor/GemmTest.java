package io.github.qkeras4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compares both GEMM kernels with {@link ReferenceGemm} on awkward sizes, and checks the thread
 * determinism and argument checks of {@link Gemm#multiply}.
 *
 * <p>Tolerance: for each element, |C − C_ref| ≤ 2·k·2⁻²⁴·Σ_p |A_ip·B_pj| (plus 2⁻²⁴·|C₀| when
 * accumulating onto C₀). That is twice the standard worst-case bound for a float sum of k
 * products, once for each of the two implementations, which add in different orders.
 */
class GemmTest {
    private static final int[] SIZES = {1, 2, 7, 13, 17, 31, 33, 65, 100, 257};
    private static final int[] DEPTHS = {1, 2, 17, 65, 257};
    private static final double UNIT_ROUNDOFF = 0x1p-24;

    private final int initialThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(initialThreads);
    }

    @Test
    void vectorKernelMatchesReferenceOnAwkwardSizes() {
        assumeTrue(Gemm.VECTOR.isPresent(), "the jdk.incubator.vector module is not in the boot layer");
        checkAwkwardSizes(Gemm.VECTOR.get());
    }

    @Test
    void portableKernelMatchesReferenceOnAwkwardSizes() {
        checkAwkwardSizes(Gemm.PORTABLE);
    }

    @Test
    void vectorKernelMatchesReferenceAcrossBlocks() {
        assumeTrue(Gemm.VECTOR.isPresent(), "the jdk.incubator.vector module is not in the boot layer");
        checkLargeShapes(Gemm.VECTOR.get());
    }

    @Test
    void portableKernelMatchesReferenceAcrossBlocks() {
        checkLargeShapes(Gemm.PORTABLE);
    }

    @Test
    void vectorKernelBitIdenticalOnOneAndTwoThreads() {
        assumeTrue(Gemm.VECTOR.isPresent(), "the jdk.incubator.vector module is not in the boot layer");
        checkThreadDeterminism(Gemm.VECTOR.get());
    }

    @Test
    void portableKernelBitIdenticalOnOneAndTwoThreads() {
        checkThreadDeterminism(Gemm.PORTABLE);
    }

    @Test
    void activeKernelFollowsVectorProperty() {
        boolean requested = Boolean.parseBoolean(System.getProperty(Gemm.VECTOR_PROPERTY, "true"));
        assertEquals(requested && Gemm.VECTOR.isPresent(), Gemm.usesVectorKernel());
    }

    @Test
    void multiplyComputesHandCheckedProduct() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {1, 0, 0, 1, 1, 1};
        float[] c = new float[4];

        Gemm.multiply(false, false, 2, 2, 3, a, 0, b, 0, c, 0, false);

        assertArrayEquals(new float[] {4, 5, 10, 11}, c);
    }

    @Test
    void multiplyAccumulatesTransposedOperands() {
        // A is stored [k=3, m=2], B is stored [n=2, k=3].
        float[] a = {1, 4, 2, 5, 3, 6};
        float[] b = {1, 0, 1, 0, 1, 1};
        float[] c = {100, 200, 300, 400};

        Gemm.multiply(true, true, 2, 2, 3, a, 0, b, 0, c, 0, true);

        assertArrayEquals(new float[] {104, 205, 310, 411}, c);
    }

    @Test
    void multiplyWithZeroDepthClearsOrKeepsC() {
        float[] cleared = {1, 2, 3, 4};
        float[] kept = {1, 2, 3, 4};

        Gemm.multiply(false, false, 2, 2, 0, new float[0], 0, new float[0], 0, cleared, 0, false);
        Gemm.multiply(false, false, 2, 2, 0, new float[0], 0, new float[0], 0, kept, 0, true);

        assertArrayEquals(new float[] {0, 0, 0, 0}, cleared);
        assertArrayEquals(new float[] {1, 2, 3, 4}, kept);
    }

    @Test
    void multiplyRespectsOffsetsAndLeavesRestOfC() {
        SplittableRandom random = new SplittableRandom(11);
        int m = 13;
        int n = 33;
        int k = 17;
        float[] a = randomArray(random, 5 + m * k + 3);
        float[] b = randomArray(random, 7 + k * n + 2);
        float[] c = randomArray(random, 9 + m * n + 4);
        float[] initial = c.clone();
        float[] expected = c.clone();
        ReferenceGemm.multiply(false, true, m, n, k, a, 5, b, 7, expected, 9, true);

        Gemm.multiply(false, true, m, n, k, a, 5, b, 7, c, 9, true);

        for (int i = 0; i < 9; i++) {
            assertEquals(expected[i], c[i], "element " + i + " before C must be untouched");
        }
        for (int i = 9 + m * n; i < c.length; i++) {
            assertEquals(expected[i], c[i], "element " + i + " after C must be untouched");
        }
        assertWithinBound(false, true, m, n, k, a, 5, b, 7, c, 9, expected, initial, "offsets");
    }

    @Test
    void multiplyRejectsNegativeSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(false, false, 2, -3, 1, new float[2], 0, new float[0], 0, new float[0], 0, false));

        assertTrue(e.getMessage().contains("n=-3"), e.getMessage());
    }

    @Test
    void multiplyRejectsShortOperand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(false, false, 2, 3, 4, new float[8], 0, new float[11], 0, new float[6], 0, false));

        assertTrue(e.getMessage().contains("operand B needs 12 elements"), e.getMessage());
        assertTrue(e.getMessage().contains("has 11"), e.getMessage());
    }

    @Test
    void multiplyRejectsOffsetPastEnd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(false, false, 2, 3, 4, new float[8], 0, new float[12], 0, new float[8], 3, false));

        assertTrue(e.getMessage().contains("operand C needs 6 elements from offset 3"), e.getMessage());
    }

    @Test
    void multiplyRejectsNegativeOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(false, false, 2, 3, 4, new float[8], -1, new float[12], 0, new float[6], 0, false));

        assertTrue(e.getMessage().contains("offset -1"), e.getMessage());
    }

    /** Every (m, n) pair of SIZES with every depth, all four transpose cases, both accumulate modes. */
    private static void checkAwkwardSizes(GemmImplementation driver) {
        SplittableRandom random = new SplittableRandom(1);
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : DEPTHS) {
                    boolean transposeA = (index & 1) != 0;
                    boolean transposeB = (index & 2) != 0;
                    boolean accumulate = (index & 4) != 0;
                    index++;
                    checkOne(driver, random, transposeA, transposeB, m, n, k, accumulate, failures);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " shapes out of tolerance, first: " + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    /** Shapes that span several chunks and k blocks, in every transpose and accumulate mode. */
    private static void checkLargeShapes(GemmImplementation driver) {
        SplittableRandom random = new SplittableRandom(2);
        int[][] shapes = {{257, 300, 65}, {100, 33, 600}, {31, 700, 257}, {200, 65, 513}};
        List<String> failures = new ArrayList<>();
        for (int[] shape : shapes) {
            for (int mode = 0; mode < 8; mode++) {
                checkOne(driver, random, (mode & 1) != 0, (mode & 2) != 0, shape[0], shape[1], shape[2],
                        (mode & 4) != 0, failures);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " shapes out of tolerance, first: " + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    private static void checkOne(GemmImplementation driver, SplittableRandom random, boolean transposeA, boolean transposeB,
                                 int m, int n, int k, boolean accumulate, List<String> failures) {
        float[] a = randomArray(random, m * k);
        float[] b = randomArray(random, k * n);
        float[] c = accumulate ? randomArray(random, m * n) : filled(m * n, Float.NaN);
        float[] initial = accumulate ? c.clone() : null;
        float[] expected = c.clone();
        ReferenceGemm.multiply(transposeA, transposeB, m, n, k, a, 0, b, 0, expected, 0, accumulate);

        driver.multiply(transposeA, transposeB, m, n, k, a, 0, b, 0, c, 0, accumulate);

        String label = m + "x" + n + "x" + k + (transposeA ? " T" : " N") + (transposeB ? "T" : "N")
                + (accumulate ? " +=" : " =");
        String error = boundViolation(transposeA, transposeB, m, n, k, a, 0, b, 0, c, 0, expected, initial);
        if (error != null) {
            failures.add(label + ": " + error);
        }
    }

    private static void checkThreadDeterminism(GemmImplementation driver) {
        SplittableRandom random = new SplittableRandom(3);
        // Each shape is above the parallel threshold and spans several chunks.
        int[][] shapes = {{300, 520, 257}, {33, 2000, 100}, {2000, 40, 300}, {97, 129, 1000}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            assertTrue(2L * m * n * k >= GemmBlocking.PARALLEL_MIN_FLOPS, "shape must be large enough to run in parallel");
            for (int mode = 0; mode < 8; mode++) {
                boolean transposeA = (mode & 1) != 0;
                boolean transposeB = (mode & 2) != 0;
                boolean accumulate = (mode & 4) != 0;
                float[] a = randomArray(random, m * k);
                float[] b = randomArray(random, k * n);
                float[] c0 = randomArray(random, m * n);
                float[] one = c0.clone();
                float[] two = c0.clone();

                Parallel.setThreads(1);
                driver.multiply(transposeA, transposeB, m, n, k, a, 0, b, 0, one, 0, accumulate);
                Parallel.setThreads(2);
                driver.multiply(transposeA, transposeB, m, n, k, a, 0, b, 0, two, 0, accumulate);

                assertArrayEquals(one, two, Arrays.toString(shape) + " mode " + mode + ": 1 and 2 threads differ");
            }
        }
    }

    private static void assertWithinBound(boolean transposeA, boolean transposeB, int m, int n, int k,
                                          float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                          float[] expected, float[] initial, String label) {
        String error = boundViolation(transposeA, transposeB, m, n, k, a, aOffset, b, bOffset, c, cOffset,
                expected, initial);
        if (error != null) {
            fail(label + ": " + error);
        }
    }

    /** Returns a description of the first element outside the tolerance bound, or null. */
    private static String boundViolation(boolean transposeA, boolean transposeB, int m, int n, int k,
                                         float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                         float[] expected, float[] initial) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double absSum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transposeA ? a[aOffset + p * m + i] : a[aOffset + i * k + p];
                    float bv = transposeB ? b[bOffset + j * k + p] : b[bOffset + p * n + j];
                    absSum += Math.abs((double) av * bv);
                }
                int index = cOffset + i * n + j;
                double start = initial == null ? 0 : Math.abs(initial[index]);
                double bound = 2 * (k + 1) * UNIT_ROUNDOFF * (absSum + start);
                double diff = Math.abs((double) c[index] - expected[index]);
                if (!(diff <= bound)) {
                    return "C[" + i + "," + j + "] = " + c[index] + ", reference " + expected[index]
                            + ", difference " + diff + " > bound " + bound;
                }
            }
        }
        return null;
    }

    private static float[] randomArray(SplittableRandom random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    private static float[] filled(int size, float value) {
        float[] values = new float[size];
        Arrays.fill(values, value);
        return values;
    }
}
