package io.github.qkeras4j.tensor;

import java.util.Arrays;

/**
 * Blocked GEMM around a {@link GemmKernel}: packs op(B) once per call into panels of
 * {@code tileColumns()} columns, splits C into chunks of rows and columns whose sizes depend only
 * on the shape, packs the chunk's rows of op(A) per block of k, and calls the kernel for each tile.
 *
 * <p>The k dimension is cut into blocks of at most {@link #MAX_K_BLOCK} (sizes depend only on k).
 * Each element of C is the kernel's sum over the first block, then C plus the kernel's sum over
 * each later block in order, so the result does not depend on how chunks are spread over threads.
 */
final class GemmDriver {
    /** Longest block of k: the B panel of one tile ({@code kc × tileColumns()} floats) stays in L1. */
    static final int MAX_K_BLOCK = Integer.getInteger("qkeras4j.gemm.kc", 256);
    /** Target rows of C per chunk: the packed A block ({@code rows × kc}) stays in L2. */
    static final int CHUNK_ROWS = Integer.getInteger("qkeras4j.gemm.mc", 96);
    /** Target columns of C per chunk, so narrow-and-long and wide-and-short shapes both split. */
    static final int CHUNK_COLUMNS = Integer.getInteger("qkeras4j.gemm.nc", 256);
    /** Below this many floating-point operations a GEMM runs on the calling thread alone. */
    static final long PARALLEL_MIN_FLOPS = 4_000_000L;
    /** Packing B is split over threads only above this many elements. */
    private static final long PARALLEL_PACK_MIN_ELEMENTS = 1L << 18;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private final GemmKernel kernel;
    private final int tileRows;
    private final int tileColumns;
    private final int chunkRows;
    private final int chunkColumns;

    GemmDriver(GemmKernel kernel) {
        this.kernel = kernel;
        this.tileRows = kernel.tileRows();
        this.tileColumns = kernel.tileColumns();
        this.chunkRows = Math.max(1, CHUNK_ROWS / tileRows) * tileRows;
        this.chunkColumns = Math.max(1, CHUNK_COLUMNS / tileColumns) * tileColumns;
    }

    GemmKernel kernel() {
        return kernel;
    }

    /** Same contract as {@link Gemm#multiply}; arguments are already checked. */
    void multiply(boolean transposeA, boolean transposeB, int m, int n, int k,
                  float[] a, int aOffset, float[] b, int bOffset,
                  float[] c, int cOffset, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                Arrays.fill(c, cOffset, cOffset + m * n, 0f);
            }
            return;
        }
        Problem problem = new Problem(transposeA, transposeB, m, n, k, a, aOffset, b, bOffset, c, cOffset,
                accumulate, kBlock(k), roundUp(n, tileColumns));
        boolean parallel = 2L * m * n * k >= PARALLEL_MIN_FLOPS;
        float[] packedB = WORKSPACE.get().packedB(Math.multiplyExact(k, problem.paddedN));
        packB(problem, packedB, parallel);

        int rowChunks = ceilDiv(m, chunkRows);
        int chunks = rowChunks * ceilDiv(n, chunkColumns);
        Parallel.ChunkBody body = (chunk, start, end) -> {
            Workspace workspace = WORKSPACE.get();
            for (int q = start; q < end; q++) {
                int rowStart = (q % rowChunks) * chunkRows;
                int colStart = (q / rowChunks) * chunkColumns;
                multiplyChunk(problem, packedB, workspace, rowStart, Math.min(m, rowStart + chunkRows),
                        colStart, Math.min(n, colStart + chunkColumns));
            }
        };
        if (parallel) {
            Parallel.forChunks(chunks, 1, body);
        } else {
            body.run(0, 0, chunks);
        }
    }

    /** Multiplies rows {@code [rowStart, rowEnd)} of op(A) by columns {@code [colStart, colEnd)} of op(B). */
    private void multiplyChunk(Problem p, float[] packedB, Workspace workspace,
                               int rowStart, int rowEnd, int colStart, int colEnd) {
        float[] packedA = workspace.packedA(roundUp(rowEnd - rowStart, tileRows) * p.kBlock);
        float[] scratch = workspace.scratch(tileRows * tileColumns);
        for (int pc = 0; pc < p.k; pc += p.kBlock) {
            int kc = Math.min(p.kBlock, p.k - pc);
            packA(p, packedA, rowStart, rowEnd, pc, kc);
            boolean overwrite = !p.accumulate && pc == 0;
            int bBlock = pc * p.paddedN;
            for (int j = colStart; j < colEnd; j += tileColumns) {
                int bPanel = bBlock + (j / tileColumns) * kc * tileColumns;
                int columns = Math.min(tileColumns, colEnd - j);
                int aPanel = 0;
                for (int i = rowStart; i < rowEnd; i += tileRows) {
                    kernel.multiplyTile(kc, packedA, aPanel, packedB, bPanel,
                            p.c, p.cOffset + i * p.n + j, p.n, Math.min(tileRows, rowEnd - i), columns,
                            overwrite, scratch);
                    aPanel += kc * tileRows;
                }
            }
        }
    }

    /**
     * Packs rows {@code [rowStart, rowEnd)} and columns {@code [pc, pc + kc)} of op(A) into panels
     * {@code [kc][tileRows]}, padding the last panel with zero rows.
     */
    private void packA(Problem p, float[] packedA, int rowStart, int rowEnd, int pc, int kc) {
        int mr = tileRows;
        int dst = 0;
        for (int i0 = rowStart; i0 < rowEnd; i0 += mr) {
            int rows = Math.min(mr, rowEnd - i0);
            if (p.transposeA) {
                // A is [k, m] in memory: the panel's rows are contiguous for each p.
                int src = p.aOffset + pc * p.m + i0;
                for (int q = 0; q < kc; q++) {
                    int d = dst + q * mr;
                    System.arraycopy(p.a, src, packedA, d, rows);
                    if (rows < mr) {
                        Arrays.fill(packedA, d + rows, d + mr, 0f);
                    }
                    src += p.m;
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = p.aOffset + (i0 + r) * p.k + pc;
                    int d = dst + r;
                    for (int q = 0; q < kc; q++) {
                        packedA[d] = p.a[src + q];
                        d += mr;
                    }
                }
                for (int r = rows; r < mr; r++) {
                    for (int q = 0; q < kc; q++) {
                        packedA[dst + q * mr + r] = 0f;
                    }
                }
            }
            dst += kc * mr;
        }
    }

    /**
     * Packs all of op(B) as blocks of {@code kBlock} rows, each block a run of panels
     * {@code [kc][tileColumns]} from left to right; the block starting at row pc starts at
     * {@code pc · paddedN}. Columns past n are zero.
     */
    private void packB(Problem p, float[] packedB, boolean parallel) {
        int panels = ceilDiv(p.n, tileColumns);
        Parallel.ChunkBody body = (chunk, start, end) -> {
            for (int panel = start; panel < end; panel++) {
                packBPanel(p, packedB, panel);
            }
        };
        if (parallel && (long) p.k * p.n >= PARALLEL_PACK_MIN_ELEMENTS) {
            Parallel.forChunks(panels, 8, body);
        } else {
            body.run(0, 0, panels);
        }
    }

    private void packBPanel(Problem p, float[] packedB, int panel) {
        int nr = tileColumns;
        int j0 = panel * nr;
        int columns = Math.min(nr, p.n - j0);
        for (int pc = 0; pc < p.k; pc += p.kBlock) {
            int kc = Math.min(p.kBlock, p.k - pc);
            int dst = pc * p.paddedN + panel * kc * nr;
            if (p.transposeB) {
                // B is [n, k] in memory: read each column of op(B) contiguously.
                for (int jj = 0; jj < columns; jj++) {
                    int src = p.bOffset + (j0 + jj) * p.k + pc;
                    int d = dst + jj;
                    for (int q = 0; q < kc; q++) {
                        packedB[d] = p.b[src + q];
                        d += nr;
                    }
                }
            } else {
                int src = p.bOffset + pc * p.n + j0;
                for (int q = 0; q < kc; q++) {
                    System.arraycopy(p.b, src, packedB, dst + q * nr, columns);
                    src += p.n;
                }
            }
            if (columns < nr) {
                for (int q = 0; q < kc; q++) {
                    int d = dst + q * nr;
                    Arrays.fill(packedB, d + columns, d + nr, 0f);
                }
            }
        }
    }

    /**
     * Stores the top-left {@code rows × columns} of a tile held in {@code tile} (row stride
     * {@code tileStride}) into C, with the same arithmetic as a full-tile store.
     */
    static void storeEdgeTile(float[] tile, int tileStride, float[] c, int cOffset, int cRowStride,
                              int rows, int columns, boolean overwrite) {
        for (int r = 0; r < rows; r++) {
            int t = r * tileStride;
            int ci = cOffset + r * cRowStride;
            for (int j = 0; j < columns; j++) {
                c[ci + j] = overwrite ? tile[t + j] : c[ci + j] + tile[t + j];
            }
        }
    }

    /** Block length of k: k split into equal blocks of at most {@link #MAX_K_BLOCK}. */
    static int kBlock(int k) {
        return ceilDiv(k, ceilDiv(k, MAX_K_BLOCK));
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }

    /** The operands and derived sizes of one call. */
    private record Problem(boolean transposeA, boolean transposeB, int m, int n, int k,
                           float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                           boolean accumulate, int kBlock, int paddedN) {
    }

    /**
     * Packing buffers of one thread, grown on demand and kept for the thread's life, so large GEMMs
     * allocate nothing after the first call of their size. The B buffer belongs to the thread that
     * calls {@link #multiply} and is read by all threads of that call.
     */
    private static final class Workspace {
        private float[] packedA = new float[0];
        private float[] packedB = new float[0];
        private float[] scratch = new float[0];

        float[] packedA(int size) {
            if (packedA.length < size) {
                packedA = new float[size];
            }
            return packedA;
        }

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }

        float[] scratch(int size) {
            if (scratch.length < size) {
                scratch = new float[size];
            }
            return scratch;
        }
    }
}
