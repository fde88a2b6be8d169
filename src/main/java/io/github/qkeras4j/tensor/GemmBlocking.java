package io.github.qkeras4j.tensor;

import java.util.Arrays;

/**
 * Shape-only blocking shared by the GEMM implementations: the k dimension is cut into equal
 * blocks of at most {@link #MAX_K_BLOCK}, and C into chunks of rows × columns that run on
 * {@link Parallel}'s threads. No size here depends on the thread count, which is what makes the
 * results independent of it.
 */
final class GemmBlocking {
    /** Longest block of k, so one tile's B panel ({@code kc × 32} floats, 32 KiB) stays in L1. */
    static final int MAX_K_BLOCK = 256;
    /** Below this many floating-point operations ({@code 2·m·n·k}) a GEMM runs on the calling thread. */
    static final long PARALLEL_MIN_FLOPS = 4_000_000L;
    /** Chunks a product is cut into at least, where its size allows, to balance the threads' loads. */
    static final int MIN_CHUNKS = 16;

    /** Work on the chunk of C with rows {@code [rowStart, rowEnd)} and columns {@code [colStart, colEnd)}. */
    @FunctionalInterface
    interface ChunkTask {
        void run(int rowStart, int rowEnd, int colStart, int colEnd);
    }

    private GemmBlocking() {
    }

    /** Returns the block length of k: k split into equal blocks of at most {@link #MAX_K_BLOCK}. */
    static int kBlock(int k) {
        return ceilDiv(k, ceilDiv(k, MAX_K_BLOCK));
    }

    /** Returns whether a product of this shape is large enough to split over threads. */
    static boolean isParallel(int m, int n, int k) {
        return 2L * m * n * k >= PARALLEL_MIN_FLOPS;
    }

    /**
     * Handles the shapes with nothing to multiply: sets C to zero when k is 0 and not accumulating.
     * Returns whether the call is complete.
     */
    static boolean finishEmpty(int m, int n, int k, float[] c, int cOffset, boolean accumulate) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0) {
            if (!accumulate) {
                Arrays.fill(c, cOffset, cOffset + m * n, 0f);
            }
            return true;
        }
        return false;
    }

    /**
     * Returns the rows of C per chunk: {@code maxRows}, or fewer (whole tiles, at least two) when
     * that leaves fewer than {@link #MIN_CHUNKS} chunks, so that short products still balance
     * across threads.
     */
    static int chunkRows(int m, int n, int tileRows, int maxRows, int chunkColumns) {
        int rowChunksWanted = ceilDiv(MIN_CHUNKS, ceilDiv(n, chunkColumns));
        int rows = roundUp(ceilDiv(m, rowChunksWanted), tileRows);
        return Math.max(2 * tileRows, Math.min(maxRows, rows));
    }

    /**
     * Runs {@code task} on every chunk of {@code chunkRows × chunkColumns} of an {@code m × n} C,
     * spread over threads when {@code parallel}. Chunks along a column strip are adjacent in the
     * order, so threads working at the same time share that strip of B in cache.
     */
    static void forEachChunk(int m, int n, int chunkRows, int chunkColumns, boolean parallel, ChunkTask task) {
        int rowChunks = ceilDiv(m, chunkRows);
        int chunks = rowChunks * ceilDiv(n, chunkColumns);
        Parallel.ChunkBody body = (chunk, start, end) -> {
            for (int q = start; q < end; q++) {
                int rowStart = (q % rowChunks) * chunkRows;
                int colStart = (q / rowChunks) * chunkColumns;
                task.run(rowStart, Math.min(m, rowStart + chunkRows), colStart, Math.min(n, colStart + chunkColumns));
            }
        };
        if (parallel) {
            Parallel.forChunks(chunks, 1, body);
        } else {
            body.run(0, 0, chunks);
        }
    }

    /**
     * Stores the top-left {@code rows × columns} of a tile held in {@code tile} (row stride
     * {@code tileStride}): {@code C = T} when {@code overwrite}, else {@code C = C + T}.
     */
    static void storeTile(float[] tile, int tileStride, float[] c, int cOffset, int cRowStride,
                          int rows, int columns, boolean overwrite) {
        for (int r = 0; r < rows; r++) {
            int t = r * tileStride;
            int ci = cOffset + r * cRowStride;
            for (int j = 0; j < columns; j++) {
                c[ci + j] = overwrite ? tile[t + j] : c[ci + j] + tile[t + j];
            }
        }
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
