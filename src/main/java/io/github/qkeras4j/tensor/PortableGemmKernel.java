package io.github.qkeras4j.tensor;

import java.util.Arrays;

/**
 * GEMM micro-kernel in plain Java, used when the Vector API module is absent. The tile
 * accumulates in {@code scratch}; the innermost loop runs over a row of the tile with unit stride,
 * the form C2 auto-vectorizes.
 */
final class PortableGemmKernel implements GemmKernel {
    private static final int ROWS = 4;
    private static final int COLUMNS = 32;

    @Override
    public int tileRows() {
        return ROWS;
    }

    @Override
    public int tileColumns() {
        return COLUMNS;
    }

    @Override
    public void multiplyTile(int kc, float[] packedA, int aOffset, float[] packedB, int bOffset,
                             float[] c, int cOffset, int cRowStride, int rows, int columns,
                             boolean overwrite, float[] scratch) {
        Arrays.fill(scratch, 0, ROWS * COLUMNS, 0f);
        int ai = aOffset;
        int bi = bOffset;
        for (int p = 0; p < kc; p++) {
            for (int r = 0; r < ROWS; r++) {
                float a = packedA[ai + r];
                int t = r * COLUMNS;
                for (int j = 0; j < COLUMNS; j++) {
                    scratch[t + j] += a * packedB[bi + j];
                }
            }
            ai += ROWS;
            bi += COLUMNS;
        }
        GemmDriver.storeEdgeTile(scratch, COLUMNS, c, cOffset, cRowStride, rows, columns, overwrite);
    }
}
