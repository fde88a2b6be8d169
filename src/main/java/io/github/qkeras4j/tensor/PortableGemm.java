package io.github.qkeras4j.tensor;

import java.util.Arrays;

/**
 * GEMM in plain Java, used when the Vector API module is absent. For each chunk of C and block of
 * k, it copies the chunk's columns of op(B) into one array per row of k, then adds
 * {@code A(i, p) · B[p, :]} into four rows of accumulators at a time.
 *
 * <p>The copy matters because C2 auto-vectorizes {@code acc[j] += a · row[j]} only when both arrays
 * are indexed by the same {@code j}: with different offsets into possibly the same array it cannot
 * rule out a dependence and emits scalar code, about three times slower. Multiply and add are
 * separate operations here (Java does not contract them), unlike the fused multiply-add of the
 * vector kernel.
 */
final class PortableGemm implements GemmImplementation {
    private static final int TILE_ROWS = 4;
    /** Most rows of C per chunk. */
    private static final int CHUNK_ROWS = 64;
    /** Columns of C per chunk: one row of packed B and of each accumulator, 512 bytes. */
    private static final int CHUNK_COLUMNS = 128;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    @Override
    public void multiply(boolean transposeA, boolean transposeB, int m, int n, int k,
                         float[] a, int aOffset, float[] b, int bOffset,
                         float[] c, int cOffset, boolean accumulate) {
        if (GemmBlocking.finishEmpty(m, n, k, c, cOffset, accumulate)) {
            return;
        }
        int kBlock = GemmBlocking.kBlock(k);
        int aRowStride = transposeA ? 1 : k;
        int aColStride = transposeA ? m : 1;
        int chunkRows = GemmBlocking.chunkRows(m, n, TILE_ROWS, CHUNK_ROWS, CHUNK_COLUMNS);
        GemmBlocking.forEachChunk(m, n, chunkRows, CHUNK_COLUMNS, GemmBlocking.isParallel(m, n, k),
                (rowStart, rowEnd, colStart, colEnd) -> {
                    Workspace workspace = WORKSPACE.get();
                    for (int pc = 0; pc < k; pc += kBlock) {
                        int kc = Math.min(kBlock, k - pc);
                        packRows(b, bOffset, n, k, transposeB, pc, kc, colStart, colEnd - colStart, workspace.bRows);
                        for (int i = rowStart; i < rowEnd; i += TILE_ROWS) {
                            int rows = Math.min(TILE_ROWS, rowEnd - i);
                            multiplyRows(workspace, kc, colEnd - colStart, rows,
                                    a, aOffset + i * aRowStride + pc * aColStride, aRowStride, aColStride);
                            for (int r = 0; r < rows; r++) {
                                GemmBlocking.storeTile(workspace.accumulators[r], 0, c,
                                        cOffset + (i + r) * n + colStart, 0, 1, colEnd - colStart, !accumulate && pc == 0);
                            }
                        }
                    }
                });
    }

    /**
     * Sets {@code acc[r][j] = Σ_p A(r, p) · bRows[p][j]} for four rows in increasing p from zero,
     * with {@code A(r, p) = a[aOffset + r·aRowStride + p·aColStride]}. Rows past {@code rows}
     * re-read the last valid row of A and are discarded.
     */
    private static void multiplyRows(Workspace workspace, int kc, int width, int rows,
                                     float[] a, int aOffset, int aRowStride, int aColStride) {
        float[][] acc = workspace.accumulators;
        for (float[] row : acc) {
            Arrays.fill(row, 0, width, 0f);
        }
        int a1 = aOffset + Math.min(1, rows - 1) * aRowStride;
        int a2 = aOffset + Math.min(2, rows - 1) * aRowStride;
        int a3 = aOffset + Math.min(3, rows - 1) * aRowStride;
        int ai = 0;
        for (int p = 0; p < kc; p++) {
            addScaledRow(acc[0], acc[1], acc[2], acc[3], workspace.bRows[p],
                    a[aOffset + ai], a[a1 + ai], a[a2 + ai], a[a3 + ai], width);
            ai += aColStride;
        }
    }

    /** Adds {@code s_r · row} to {@code acc_r}; kept separate so C2 compiles it as one vectorized loop. */
    private static void addScaledRow(float[] acc0, float[] acc1, float[] acc2, float[] acc3, float[] row,
                                     float s0, float s1, float s2, float s3, int width) {
        for (int j = 0; j < width; j++) {
            float bv = row[j];
            acc0[j] += s0 * bv;
            acc1[j] += s1 * bv;
            acc2[j] += s2 * bv;
            acc3[j] += s3 * bv;
        }
    }

    /** Copies rows {@code [pc, pc + kc)}, columns {@code [j0, j0 + columns)} of op(B) into {@code rows[0 … kc)}. */
    private static void packRows(float[] b, int bOffset, int n, int k, boolean transposeB, int pc, int kc,
                                 int j0, int columns, float[][] rows) {
        if (transposeB) {
            for (int jj = 0; jj < columns; jj++) {
                int source = bOffset + (j0 + jj) * k + pc;
                for (int q = 0; q < kc; q++) {
                    rows[q][jj] = b[source + q];
                }
            }
        } else {
            for (int q = 0; q < kc; q++) {
                System.arraycopy(b, bOffset + (pc + q) * n + j0, rows[q], 0, columns);
            }
        }
    }

    /** Packed B rows and accumulators of one thread, reused across calls. */
    private static final class Workspace {
        private final float[][] bRows = new float[GemmBlocking.MAX_K_BLOCK][CHUNK_COLUMNS];
        private final float[][] accumulators = new float[TILE_ROWS][CHUNK_COLUMNS];
    }
}
