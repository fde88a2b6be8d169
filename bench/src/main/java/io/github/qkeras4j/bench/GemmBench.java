package io.github.qkeras4j.bench;

import io.github.qkeras4j.tensor.Gemm;
import io.github.qkeras4j.tensor.Parallel;
import java.io.IOException;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;

/**
 * Measures GFLOP/s of the engine's {@link Gemm} against OpenBLAS {@code cblas_sgemm} on the shapes
 * of dense and im2col-convolution layers, forward and backward.
 *
 * <p>Both libraries run in one JVM. For each thread count, every (shape, library) pair is warmed
 * up, then measured in interleaved rounds (each round times every pair once), and the median
 * round is reported. The engine multiplies {@code float[]} operands. OpenBLAS gets off-heap copies
 * made once, so JNI copying is not timed. Each row also reports how many cores the process kept
 * busy while the library ran, which tells a result cut short by other work on the machine.
 *
 * <p>Usage: {@code GemmBench [--threads 1,2] [--rounds 7] [--min-ms 200] [--shapes TEXT] [--cpu-time]}.
 * {@code --min-ms} is the least duration of one timing. {@code --shapes} keeps the shapes whose
 * label (such as {@code "32×6272×288 NN"}) contains TEXT. {@code --cpu-time} (one thread only)
 * divides by the calling thread's CPU time instead of the wall clock, which discounts time the
 * thread spent descheduled on a shared machine.
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

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * One timing: GFLOP/s, and the process's CPU time over the wall time, which shows how many
     * cores the library actually got (OpenBLAS's idle threads spin, so they count as busy).
     */
    record Timing(double gflops, double cpusBusy) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("dense forward, batch 1024, 784 → 128", false, false, 1024, 128, 784),
            new Shape("conv 3×3×32 → 32 forward, 8×28×28 outputs", false, false, 6272, 32, 288),
            new Shape("square", false, false, 2048, 2048, 2048),
            new Shape("conv forward as W·colsᵀ, 32 filters", false, false, 32, 6272, 288),
            new Shape("conv kernel gradient colsᵀ·dY", true, false, 288, 32, 6272),
            new Shape("conv input gradient dY·Wᵀ", false, true, 6272, 288, 32),
            new Shape("dense input gradient dY·Wᵀ", false, true, 1024, 784, 128),
            new Shape("conv 3×3×16 → 16 forward, 32×28×28 outputs", false, false, 25088, 16, 144),
            new Shape("conv 3×3×16 → 16 kernel gradient colsᵀ·dY", true, false, 144, 16, 25088));

    private GemmBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int[] threadCounts = {1, 2};
        int rounds = 7;
        long minNanos = 200_000_000L;
        String shapeFilter = "";
        boolean cpuTime = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threadCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--min-ms" -> minNanos = Long.parseLong(args[++i]) * 1_000_000L;
                case "--shapes" -> shapeFilter = args[++i];
                case "--cpu-time" -> cpuTime = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --threads LIST, --rounds N, --min-ms MS, --shapes TEXT or --cpu-time");
            }
        }
        System.out.printf(Locale.ROOT, "date: %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf(Locale.ROOT, "machine: %d processors, %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel());
        System.out.printf(Locale.ROOT, "JDK: %s %s%n", System.getProperty("java.vm.vendor"), Runtime.version());
        // The core name shows which kernels OpenBLAS's runtime dispatch picked (OPENBLAS_CORETYPE overrides it).
        System.out.printf(Locale.ROOT, "engine kernel: %s; OpenBLAS: %s, kernels for %s%n",
                Gemm.usesVectorKernel() ? "Vector API" : "plain Java",
                openblas_full.openblas_get_config().getString().trim(), openblas_full.openblas_get_corename().getString());
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());

        List<Case> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        for (Shape shape : SHAPES) {
            if (shape.label().contains(shapeFilter)) {
                cases.add(new Case(shape, random));
            }
        }
        for (Case c : cases) {
            c.checkAgreement();
        }

        System.out.println();
        System.out.println("| shape M×N×K op | use | threads | engine GFLOP/s | OpenBLAS GFLOP/s | engine / OpenBLAS"
                + " | engine CPUs busy | OpenBLAS CPUs busy |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int threads : threadCounts) {
            if (cpuTime && threads != 1) {
                throw new IllegalArgumentException("--cpu-time measures the calling thread only, so it needs --threads 1");
            }
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
            double[][] engineBusy = new double[cases.size()][rounds];
            double[][] blasBusy = new double[cases.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    if (threads > 1) {
                        // OpenBLAS's idle threads keep spinning for a while after a call (its
                        // THREAD_TIMEOUT) and would take the second core from the engine's worker.
                        Thread.sleep(OPENBLAS_SETTLE_MILLIS);
                    }
                    Timing e = c.timeEngine(cpuTime);
                    engine[i][r] = e.gflops();
                    engineBusy[i][r] = e.cpusBusy();
                    Timing o = c.timeOpenBlas(cpuTime);
                    blas[i][r] = o.gflops();
                    blasBusy[i][r] = o.cpusBusy();
                }
            }
            for (int i = 0; i < cases.size(); i++) {
                Shape s = cases.get(i).shape;
                double e = median(engine[i]);
                double o = median(blas[i]);
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.0f%% | %.2f | %.2f |%n",
                        s.label(), s.use(), threads, e, o, 100 * e / o, median(engineBusy[i]), median(blasBusy[i]));
            }
        }
        System.out.printf(Locale.ROOT, "%nload average at end: %s%n", loadAverage());
    }

    /** Pause before an engine timing with several threads, so that OpenBLAS's spinning threads stop. */
    private static final long OPENBLAS_SETTLE_MILLIS = 300;

    /** Returns the CPU model, family and model number from /proc/cpuinfo, or "unknown CPU". */
    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return field(lines, "model name") + " (family " + field(lines, "cpu family") + ", model "
                    + field(lines, "model") + ")";
        } catch (IOException e) {
            return "unknown CPU (" + e.getMessage() + ")";
        }
    }

    private static String field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "?";
    }

    /** Returns the 1, 5 and 15-minute load averages, which show whether other work shared the cores. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
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
            // Entries are sums of k products of values in [-1, 1], so allow an absolute k·2⁻²⁰.
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

        Timing timeEngine(boolean cpuTime) {
            return time(this::runEngine, engineReps, cpuTime);
        }

        Timing timeOpenBlas(boolean cpuTime) {
            return time(this::runOpenBlas, blasReps, cpuTime);
        }

        /** Times reps calls by the wall clock, or by this thread's CPU time when cpuTime. */
        private Timing time(Runnable run, int reps, boolean cpuTime) {
            long cpuStart = PROCESS.getProcessCpuTime();
            long start = cpuTime ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
            long wallStart = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                run.run();
            }
            long elapsed = (cpuTime ? THREADS.getCurrentThreadCpuTime() : System.nanoTime()) - start;
            long wall = System.nanoTime() - wallStart;
            long cpu = PROCESS.getProcessCpuTime() - cpuStart;
            return new Timing(shape.flops() * reps / elapsed, (double) cpu / wall);
        }
    }
}
