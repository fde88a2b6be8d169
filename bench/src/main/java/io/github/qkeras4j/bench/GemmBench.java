package io.github.qkeras4j.bench;

import io.github.qkeras4j.tensor.Gemm;
import io.github.qkeras4j.tensor.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Measures GFLOP/s of the engine's {@link Gemm} against OpenBLAS {@code cblas_sgemm} on the shapes
 * of dense and im2col-convolution layers, forward and backward.
 *
 * <p>Both libraries run in one JVM. For each thread count, every (shape, library) pair is warmed
 * up, then measured in interleaved rounds (each round times every pair once), and the median
 * round is reported. The engine multiplies {@code float[]} operands; OpenBLAS gets off-heap
 * copies made once, so JNI copying is not timed. Usage:
 * {@code GemmBench [--threads 1,2] [--rounds 7] [--min-ms 200]}.
 */
public final class GemmBench {
    /** One GEMM shape: C[m, n] = op(A)[m, k] · op(B)[k, n]. */
    record Shape(String use, boolean transposeA, boolean transposeB, int m, int n, int k) {
        double flops() {
            return 2.0 * m * n * k;
        }

        String label() {
            return m + "×" + n + "×" + k + " " + (transposeA ? "T" : "N") + (transposeB ? "T" : "N");
        }
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("dense forward, batch 1024, 784 → 128", false, false, 1024, 128, 784),
            new Shape("conv 3×3×32 → 32 forward, 8×28×28 outputs", false, false, 6272, 32, 288),
            new Shape("square", false, false, 2048, 2048, 2048),
            new Shape("conv forward as W·colsᵀ, 32 filters", false, false, 32, 6272, 288),
            new Shape("conv kernel gradient colsᵀ·dY", true, false, 288, 32, 6272),
            new Shape("conv input gradient dY·Wᵀ", false, true, 6272, 288, 32),
            new Shape("dense input gradient dY·Wᵀ", false, true, 1024, 784, 128));

    private GemmBench() {
    }

    public static void main(String[] args) {
        int[] threadCounts = {1, 2};
        int rounds = 7;
        long minNanos = 200_000_000L;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threadCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--min-ms" -> minNanos = Long.parseLong(args[++i]) * 1_000_000L;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --threads LIST, --rounds N or --min-ms MS");
            }
        }
        System.out.printf(Locale.ROOT, "engine kernel: %s; OpenBLAS from %s%n",
                Gemm.usesVectorKernel() ? "Vector API" : "plain Java",
                openblas.class.getProtectionDomain().getCodeSource().getLocation().getPath().replaceAll(".*/", ""));

        List<Case> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        for (Shape shape : SHAPES) {
            cases.add(new Case(shape, random));
        }
        for (Case c : cases) {
            c.checkAgreement();
        }

        System.out.println();
        System.out.println("| shape M×N×K op | use | threads | engine GFLOP/s | OpenBLAS GFLOP/s | engine / OpenBLAS |");
        System.out.println("|---|---|---|---|---|---|");
        for (int threads : threadCounts) {
            Parallel.setThreads(threads);
            openblas.blas_set_num_threads(threads);
            if (openblas.blas_get_num_threads() != threads) {
                throw new IllegalStateException("OpenBLAS runs " + openblas.blas_get_num_threads()
                        + " threads after a request for " + threads);
            }
            for (Case c : cases) {
                c.calibrate(minNanos);
            }
            double[][] engine = new double[cases.size()][rounds];
            double[][] blas = new double[cases.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    engine[i][r] = c.timeEngine();
                    blas[i][r] = c.timeOpenBlas();
                }
            }
            for (int i = 0; i < cases.size(); i++) {
                Shape s = cases.get(i).shape;
                double e = median(engine[i]);
                double o = median(blas[i]);
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.0f%% |%n",
                        s.label(), s.use(), threads, e, o, 100 * e / o);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Operands of one shape, on the heap for the engine and off-heap for OpenBLAS. */
    private static final class Case {
        final Shape shape;
        final float[] a;
        final float[] b;
        final float[] c;
        final FloatPointer aNative;
        final FloatPointer bNative;
        final FloatPointer cNative;
        int engineReps = 1;
        int blasReps = 1;

        Case(Shape shape, SplittableRandom random) {
            this.shape = shape;
            a = randomArray(random, shape.m() * shape.k());
            b = randomArray(random, shape.k() * shape.n());
            c = new float[shape.m() * shape.n()];
            aNative = new FloatPointer(a.length).put(a);
            bNative = new FloatPointer(b.length).put(b);
            cNative = new FloatPointer(c.length);
        }

        private static float[] randomArray(SplittableRandom random, int size) {
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = (float) random.nextDouble(-1, 1);
            }
            return values;
        }

        void runEngine() {
            Gemm.multiply(shape.transposeA(), shape.transposeB(), shape.m(), shape.n(), shape.k(),
                    a, 0, b, 0, c, 0, false);
        }

        void runOpenBlas() {
            int lda = shape.transposeA() ? shape.m() : shape.k();
            int ldb = shape.transposeB() ? shape.k() : shape.n();
            openblas.cblas_sgemm(openblas.CblasRowMajor,
                    shape.transposeA() ? openblas.CblasTrans : openblas.CblasNoTrans,
                    shape.transposeB() ? openblas.CblasTrans : openblas.CblasNoTrans,
                    shape.m(), shape.n(), shape.k(), 1f, aNative, lda, bNative, ldb, 0f, cNative, shape.n());
        }

        /** Fails when the two libraries disagree by more than rounding can explain. */
        void checkAgreement() {
            runEngine();
            runOpenBlas();
            float[] reference = new float[c.length];
            cNative.get(reference);
            double worst = 0;
            for (int i = 0; i < c.length; i++) {
                worst = Math.max(worst, Math.abs(c[i] - reference[i]));
            }
            // Entries are sums of k products of values in [-1, 1]; allow k·2⁻²⁰ absolute.
            double allowed = shape.k() * 0x1p-20;
            if (worst > allowed) {
                throw new IllegalStateException(shape.label() + ": engine and OpenBLAS differ by " + worst
                        + ", more than the allowed " + allowed);
            }
        }

        /** Warms both libraries up and picks repetition counts so one timing lasts minNanos. */
        void calibrate(long minNanos) {
            engineReps = repetitions(this::runEngine, minNanos);
            blasReps = repetitions(this::runOpenBlas, minNanos);
        }

        private static int repetitions(Runnable run, long minNanos) {
            long deadline = System.nanoTime() + 2 * minNanos;
            int calls = 0;
            long single = Long.MAX_VALUE;
            while (calls < 3 || System.nanoTime() < deadline) {
                long start = System.nanoTime();
                run.run();
                single = Math.min(single, System.nanoTime() - start);
                calls++;
            }
            return (int) Math.max(1, minNanos / Math.max(1, single));
        }

        double timeEngine() {
            return time(this::runEngine, engineReps);
        }

        double timeOpenBlas() {
            return time(this::runOpenBlas, blasReps);
        }

        private double time(Runnable run, int reps) {
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                run.run();
            }
            long elapsed = System.nanoTime() - start;
            return shape.flops() * reps / elapsed;
        }
    }
}
