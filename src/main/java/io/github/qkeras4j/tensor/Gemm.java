package io.github.qkeras4j.tensor;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * General matrix multiply on row-major {@code float[]} operands:
 * {@code C[m, n] = op(A)[m, k] · op(B)[k, n]} (or {@code +=} when accumulating), where
 * {@code op(A)} is {@code A} ({@code [m, k]} in memory) or {@code Aᵀ} ({@code A} is {@code [k, m]} in
 * memory), and likewise for B ({@code [k, n]}, or {@code [n, k]} when transposed).
 *
 * <h2>Algorithm</h2>
 * A blocked GEMM in the Goto/BLIS style. The k dimension is cut into equal blocks of at most 256,
 * and C into chunks of whole tiles, at most 96 rows × 256 columns. For each k block, a
 * micro-kernel computes one MR × NR tile of C in registers from MR rows of op(A) and a panel of
 * NR columns of op(B), then adds the tile onto C.
 *
 * <p>With the {@code jdk.incubator.vector} module present, the tile is 6 × 32 on 512-bit vectors
 * (6 × 2·lanes for the platform's preferred vector width), summed with fused multiply-adds. op(B)
 * is packed once per call into zero-padded panels of k-block rows × NR, which folds both B layouts
 * into one. When m fits in one chunk and B is not transposed, B is read in place instead, because
 * each packed element would serve too few products to repay its copy. op(A) is read in place
 * through strides, for both of its layouts. Edge tiles compute in full (on zero padding, or on a
 * repeated last row of A) and store only the part inside C.
 *
 * <p>Without the module, or with the system property {@code qkeras4j.vector=false}, a plain-Java
 * implementation runs: per chunk and k block it copies op(B) into one array per row, so that C2
 * auto-vectorizes its loop, and it multiplies and adds separately. It measured 5–10 times slower
 * than the vector path on the shapes in {@code bench/}. Loading this class then logs one warning
 * that says how to enable the fast path ({@code --add-modules jdk.incubator.vector}).
 *
 * <p>Packing buffers are kept per thread and reused, so repeated calls allocate nothing once the
 * buffers have grown to the largest B seen.
 *
 * <h2>Threads and determinism</h2>
 * Products of at least {@value GemmBlocking#PARALLEL_MIN_FLOPS} floating-point operations
 * ({@code 2·m·n·k}) spread their chunks over {@link Parallel}'s threads. Chunk and k-block sizes
 * depend only on the shape, never on the thread count, and each element of C is summed over k in
 * one fixed order: within a k block in increasing k, then block after block onto C. So results are
 * bit-identical for any thread count. The vector and plain-Java kernels round differently (fused
 * versus separate multiply-add), so their results may differ in the last bits, and both may
 * differ from a naive loop; expect a relative error of about {@code k · 2⁻²⁴} against an exact sum.
 *
 * <p>NOTE: a GEMM large enough to run in parallel must not be called from inside a
 * {@link Parallel#forChunks} body, because the pool's workers would wait on each other.
 */
public final class Gemm {
    /** System property that forces the plain-Java kernel when set to {@code false}. */
    public static final String VECTOR_PROPERTY = "qkeras4j.vector";

    private static final Logger LOG = LoggerFactory.getLogger(Gemm.class);
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_IMPLEMENTATION_CLASS = "io.github.qkeras4j.tensor.VectorGemm";

    /** The plain-Java path, always available. */
    static final GemmImplementation PORTABLE = new PortableGemm();
    /** The Vector API path, or empty when the module is absent. */
    static final Optional<GemmImplementation> VECTOR = loadVectorImplementation();
    /** The path {@link #multiply} uses. */
    static final GemmImplementation ACTIVE = chooseImplementation();

    private Gemm() {
    }

    /**
     * Computes {@code C = op(A) · op(B)}, or {@code C += op(A) · op(B)} when {@code accumulate}.
     * Operands are row-major and contiguous from their offsets: A has {@code m·k} elements, B
     * {@code k·n} and C {@code m·n}. C must not overlap A or B.
     *
     * @throws IllegalArgumentException if a size is negative or an operand is too short for it
     */
    public static void multiply(boolean transposeA, boolean transposeB, int m, int n, int k,
                                float[] a, int aOffset, float[] b, int bOffset,
                                float[] c, int cOffset, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM sizes must be >= 0, received m=" + m + ", n=" + n + ", k=" + k);
        }
        checkRange("A", a, aOffset, (long) m * k);
        checkRange("B", b, bOffset, (long) k * n);
        checkRange("C", c, cOffset, (long) m * n);
        ACTIVE.multiply(transposeA, transposeB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
    }

    /** Whether {@link #multiply} runs the Vector API kernel. */
    public static boolean usesVectorKernel() {
        return VECTOR.isPresent() && ACTIVE == VECTOR.get();
    }

    private static void checkRange(String name, float[] array, int offset, long needed) {
        if (offset < 0 || offset + needed > array.length) {
            throw new IllegalArgumentException("GEMM operand " + name + " needs " + needed + " elements from offset "
                    + offset + " but its array has " + array.length);
        }
    }

    private static Optional<GemmImplementation> loadVectorImplementation() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return Optional.empty();
        }
        try {
            // Reflection keeps every Vector API type out of this class, which must load without the module.
            return Optional.of((GemmImplementation) Class.forName(VECTOR_IMPLEMENTATION_CLASS).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("GEMM: the Vector API kernel failed to load ({}); using the plain-Java kernel", e.toString());
            return Optional.empty();
        }
    }

    private static GemmImplementation chooseImplementation() {
        if (!Boolean.parseBoolean(System.getProperty(VECTOR_PROPERTY, "true"))) {
            LOG.info("GEMM: using the plain-Java kernel because -D{}=false is set", VECTOR_PROPERTY);
            return PORTABLE;
        }
        if (VECTOR.isEmpty() && ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
            // The module is there but the kernel failed to load; loadVectorImplementation has logged why.
            return PORTABLE;
        }
        if (VECTOR.isEmpty()) {
            LOG.warn("GEMM: module {} is not in the boot layer, so matrix products use the plain-Java kernel,"
                    + " several times slower. Start the JVM with --add-modules {} to enable the Vector API kernel.",
                    VECTOR_MODULE, VECTOR_MODULE);
            return PORTABLE;
        }
        return VECTOR.get();
    }
}
