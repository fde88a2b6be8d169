package io.github.qkeras4j.tensor;

/**
 * Micro-kernel of the blocked GEMM: multiplies one packed panel of op(A) by one packed panel of
 * op(B) into a tile of C that stays in registers for the whole k loop.
 *
 * <p>Packed layouts, written by {@link GemmDriver}: the A panel is {@code [kc][tileRows()]} (the
 * {@code tileRows()} values of column p of op(A) next to each other), the B panel is
 * {@code [kc][tileColumns()]}. Rows and columns beyond the matrix edge are packed as zeros, so a
 * kernel may compute a full tile and store only {@code rows × columns} of it.
 */
interface GemmKernel {
    /** Rows of C per tile (MR). */
    int tileRows();

    /** Columns of C per tile (NR). */
    int tileColumns();

    /**
     * Computes {@code T[r, j] = Σ_p A[p][r] · B[p][j]} over {@code p = 0 … kc-1} in increasing p,
     * starting from zero, then stores {@code C[r, j] = T[r, j]} when {@code overwrite} or
     * {@code C[r, j] = C[r, j] + T[r, j]} otherwise, for {@code r < rows}, {@code j < columns}.
     *
     * @param cRowStride distance between rows of C in {@code c}
     * @param scratch    at least {@code tileRows() · tileColumns()} floats the kernel may overwrite
     */
    void multiplyTile(int kc, float[] packedA, int aOffset, float[] packedB, int bOffset,
                      float[] c, int cOffset, int cRowStride, int rows, int columns,
                      boolean overwrite, float[] scratch);
}
