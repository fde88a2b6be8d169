package io.github.qkeras4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the Vector API: a 6 × (2·lanes) tile of C in twelve vector registers (6 × 32 with
 * 512-bit vectors), fused multiply-adds, op(B) packed into panels, op(A) read in place.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present, because a class that
 * names a Vector API type fails to link without it.
 *
 * <p>Per call, op(B) is packed into panels {@code [kc][2·lanes]} per k block, zero-padded past n;
 * that also folds the two B layouts into one. When op(A) has at most one chunk of rows and B is
 * not transposed, B is read in place, and only a ragged last panel is packed. op(A) is never packed: the kernel broadcasts six elements
 * per step of k from six row offsets, which covers both A layouts through strides.
 *
 * <p>The kernel's loop has no branch on vector values, because C2 then boxes the vectors and
 * runs several times slower.
 */
final class VectorGemm implements GemmImplementation {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int TILE_ROWS = 6;
    private static final int TILE_COLUMNS = 2 * LANES;
    /** Most rows of C per chunk: 16 tiles, whose rows of A (96 × kc floats) stay in L2. */
    private static final int CHUNK_ROWS = 16 * TILE_ROWS;
    /** Columns of C per chunk, so that wide-and-short products also split into several chunks. */
    private static final int CHUNK_COLUMNS = Math.max(1, 256 / TILE_COLUMNS) * TILE_COLUMNS;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    @Override
    public void multiply(boolean transposeA, boolean transposeB, int m, int n, int k,
                         float[] a, int aOffset, float[] b, int bOffset,
                         float[] c, int cOffset, boolean accumulate) {
        if (GemmBlocking.finishEmpty(m, n, k, c, cOffset, accumulate)) {
            return;
        }
        // With m within one chunk, each B panel serves one chunk only, so packing buys no reuse and
        // its copy would cost more than the 2·m flops each element of B serves.
        boolean inPlaceB = !transposeB && m <= CHUNK_ROWS;
        int paddedN = GemmBlocking.roundUp(n, TILE_COLUMNS);
        Problem problem = new Problem(m, n, k, a, aOffset, transposeA ? 1 : k, transposeA ? m : 1,
                b, bOffset, transposeB, inPlaceB, c, cOffset, accumulate, GemmBlocking.kBlock(k), paddedN);
        boolean parallel = GemmBlocking.isParallel(m, n, k);
        float[] packedB = WORKSPACE.get().packedB(Math.multiplyExact(k, inPlaceB ? TILE_COLUMNS : paddedN));
        packB(problem, packedB, parallel);

        int chunkRows = GemmBlocking.chunkRows(m, n, TILE_ROWS, CHUNK_ROWS, CHUNK_COLUMNS);
        GemmBlocking.forEachChunk(m, n, chunkRows, CHUNK_COLUMNS, parallel,
                (rowStart, rowEnd, colStart, colEnd) -> multiplyChunk(problem, packedB, rowStart, rowEnd, colStart, colEnd));
    }

    private static void multiplyChunk(Problem p, float[] packedB, int rowStart, int rowEnd, int colStart, int colEnd) {
        float[] scratch = WORKSPACE.get().scratch;
        for (int pc = 0; pc < p.k; pc += p.kBlock) {
            int kc = Math.min(p.kBlock, p.k - pc);
            boolean overwrite = !p.accumulate && pc == 0;
            for (int j = colStart; j < colEnd; j += TILE_COLUMNS) {
                int columns = Math.min(TILE_COLUMNS, colEnd - j);
                float[] bArray = packedB;
                int bPanel;
                int bRowStride = TILE_COLUMNS;
                if (!p.inPlaceB) {
                    bPanel = pc * p.paddedN + (j / TILE_COLUMNS) * kc * TILE_COLUMNS;
                } else if (columns == TILE_COLUMNS) {
                    bArray = p.b;
                    bPanel = p.bOffset + pc * p.n + j;
                    bRowStride = p.n;
                } else {
                    bPanel = pc * TILE_COLUMNS;
                }
                for (int i = rowStart; i < rowEnd; i += TILE_ROWS) {
                    multiplyTile(kc, p.a, p.aOffset + i * p.aRowStride + pc * p.aColStride, p.aRowStride, p.aColStride,
                            bArray, bPanel, bRowStride, p.c, p.cOffset + i * p.n + j, p.n,
                            Math.min(TILE_ROWS, rowEnd - i), columns, overwrite, scratch);
                }
            }
        }
    }

    /**
     * Computes {@code T[r, j] = Σ_p A(r, p) · B[p, j]} for one tile in increasing p from zero, with
     * {@code A(r, p) = a[aOffset + r·aRowStride + p·aColStride]} and B rows {@code bRowStride}
     * apart, then stores {@code C = T} (overwrite) or {@code C = C + T} for the {@code rows × columns}
     * inside C. Rows past {@code rows} re-read the last valid row of A, so every read stays in
     * bounds; their results are discarded.
     */
    private static void multiplyTile(int kc, float[] a, int aOffset, int aRowStride, int aColStride,
                                     float[] b, int bOffset, int bRowStride,
                                     float[] c, int cOffset, int cRowStride, int rows, int columns,
                                     boolean overwrite, float[] scratch) {
        int a1 = aOffset + Math.min(1, rows - 1) * aRowStride;
        int a2 = aOffset + Math.min(2, rows - 1) * aRowStride;
        int a3 = aOffset + Math.min(3, rows - 1) * aRowStride;
        int a4 = aOffset + Math.min(4, rows - 1) * aRowStride;
        int a5 = aOffset + Math.min(5, rows - 1) * aRowStride;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int ai = 0;
        int bi = bOffset;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOffset + ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[a1 + ai]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[a2 + ai]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[a3 + ai]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, a[a4 + ai]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, a[a5 + ai]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            ai += aColStride;
            bi += bRowStride;
        }

        if (rows == TILE_ROWS && columns == TILE_COLUMNS) {
            int row = cOffset;
            storeRow(c00, c01, c, row, overwrite);
            row += cRowStride;
            storeRow(c10, c11, c, row, overwrite);
            row += cRowStride;
            storeRow(c20, c21, c, row, overwrite);
            row += cRowStride;
            storeRow(c30, c31, c, row, overwrite);
            row += cRowStride;
            storeRow(c40, c41, c, row, overwrite);
            row += cRowStride;
            storeRow(c50, c51, c, row, overwrite);
            return;
        }
        // Edge tile: spill it whole, then store only the part inside C.
        c00.intoArray(scratch, 0);
        c01.intoArray(scratch, LANES);
        c10.intoArray(scratch, TILE_COLUMNS);
        c11.intoArray(scratch, TILE_COLUMNS + LANES);
        c20.intoArray(scratch, 2 * TILE_COLUMNS);
        c21.intoArray(scratch, 2 * TILE_COLUMNS + LANES);
        c30.intoArray(scratch, 3 * TILE_COLUMNS);
        c31.intoArray(scratch, 3 * TILE_COLUMNS + LANES);
        c40.intoArray(scratch, 4 * TILE_COLUMNS);
        c41.intoArray(scratch, 4 * TILE_COLUMNS + LANES);
        c50.intoArray(scratch, 5 * TILE_COLUMNS);
        c51.intoArray(scratch, 5 * TILE_COLUMNS + LANES);
        GemmBlocking.storeTile(scratch, TILE_COLUMNS, c, cOffset, cRowStride, rows, columns, overwrite);
    }

    private static void storeRow(FloatVector low, FloatVector high, float[] c, int offset, boolean overwrite) {
        if (!overwrite) {
            low = low.add(FloatVector.fromArray(SPECIES, c, offset));
            high = high.add(FloatVector.fromArray(SPECIES, c, offset + LANES));
        }
        low.intoArray(c, offset);
        high.intoArray(c, offset + LANES);
    }

    /**
     * Packs op(B) for this call. Packed, the block of k starting at row pc holds its panels left to
     * right from {@code pc · paddedN}; with B in place, only a ragged last panel is packed, its
     * block at {@code pc · TILE_COLUMNS}.
     */
    private static void packB(Problem p, float[] packedB, boolean parallel) {
        int panels = GemmBlocking.ceilDiv(p.n, TILE_COLUMNS);
        if (p.inPlaceB) {
            if (p.n % TILE_COLUMNS != 0) {
                packBPanel(p, packedB, panels - 1, TILE_COLUMNS, 0);
            }
            return;
        }
        Parallel.ChunkBody body = (chunk, start, end) -> {
            for (int panel = start; panel < end; panel++) {
                packBPanel(p, packedB, panel, p.paddedN, panel);
            }
        };
        if (parallel && (long) p.k * p.n >= GemmPacking.PARALLEL_MIN_ELEMENTS) {
            Parallel.forChunks(panels, GemmPacking.PANELS_PER_CHUNK, body);
        } else {
            body.run(0, 0, panels);
        }
    }

    /**
     * Packs columns {@code [panel·TILE_COLUMNS, …)} of op(B) for every block of k, as panel number
     * {@code slot} of blocks that start {@code blockStride · pc} apart in {@code packedB}.
     */
    private static void packBPanel(Problem p, float[] packedB, int panel, int blockStride, int slot) {
        int j0 = panel * TILE_COLUMNS;
        int columns = Math.min(TILE_COLUMNS, p.n - j0);
        for (int pc = 0; pc < p.k; pc += p.kBlock) {
            int kc = Math.min(p.kBlock, p.k - pc);
            int destination = pc * blockStride + slot * kc * TILE_COLUMNS;
            GemmPacking.packRows(p.b, p.bOffset, p.n, p.k, p.transposeB, pc, kc, j0, columns,
                    packedB, destination, TILE_COLUMNS);
        }
    }

    /** The operands and derived sizes of one call; A is addressed as {@code aOffset + i·aRowStride + p·aColStride}. */
    private record Problem(int m, int n, int k, float[] a, int aOffset, int aRowStride, int aColStride,
                           float[] b, int bOffset, boolean transposeB, boolean inPlaceB,
                           float[] c, int cOffset, boolean accumulate, int kBlock, int paddedN) {
    }

    /**
     * Packing buffer and edge-tile scratch of one thread, kept for the thread's life so repeated
     * products allocate nothing. The B buffer belongs to the thread that calls {@link #multiply}
     * and is read by every thread of that call.
     */
    private static final class Workspace {
        private final float[] scratch = new float[TILE_ROWS * TILE_COLUMNS];
        private float[] packedB = new float[0];

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }
    }
}
