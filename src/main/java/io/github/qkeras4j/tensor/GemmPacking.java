package io.github.qkeras4j.tensor;

import java.util.Arrays;

/** Copies of op(B) into the panel layouts the GEMM kernels read. */
final class GemmPacking {
    /** Packing is split over threads only above this many elements of B. */
    static final long PARALLEL_MIN_ELEMENTS = 1L << 18;
    /** Panels per parallel packing chunk. */
    static final int PANELS_PER_CHUNK = 8;

    private GemmPacking() {
    }

    /**
     * Copies rows {@code [pc, pc + kc)} and columns {@code [j0, j0 + columns)} of op(B) into
     * {@code destination} as {@code kc} rows {@code width} apart, and zeroes each row's
     * {@code width − columns} trailing entries. B is {@code [k, n]} in memory, or {@code [n, k]}
     * when {@code transposeB}.
     */
    static void packRows(float[] b, int bOffset, int n, int k, boolean transposeB, int pc, int kc, int j0, int columns,
                         float[] destination, int destinationOffset, int width) {
        if (transposeB) {
            // Read each column of op(B) contiguously, write it with stride width.
            for (int jj = 0; jj < columns; jj++) {
                int source = bOffset + (j0 + jj) * k + pc;
                int d = destinationOffset + jj;
                for (int q = 0; q < kc; q++) {
                    destination[d] = b[source + q];
                    d += width;
                }
            }
        } else {
            int source = bOffset + pc * n + j0;
            for (int q = 0; q < kc; q++) {
                System.arraycopy(b, source, destination, destinationOffset + q * width, columns);
                source += n;
            }
        }
        if (columns < width) {
            for (int q = 0; q < kc; q++) {
                int d = destinationOffset + q * width;
                Arrays.fill(destination, d + columns, d + width, 0f);
            }
        }
    }
}
