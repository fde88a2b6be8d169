package io.github.qkeras4j.tensor;

/**
 * Loops over float arrays that C2 leaves scalar when source and target are different arrays at
 * different offsets. They run on the Vector API when the module is present, with identical results.
 */
public final class FloatArrays {
    private static final ArrayKernels VECTOR = ArrayKernels.VECTOR.orElse(null);
    /** Shortest run handed to the vector kernel; below one vector it would run only its scalar tail. */
    private static final int VECTOR_MIN_LENGTH = 8;

    private FloatArrays() {
    }

    /** Adds {@code source[sourceOffset + k]} to {@code target[targetOffset + k]} for k in {@code [0, length)}. */
    public static void addInto(float[] source, int sourceOffset, float[] target, int targetOffset, int length) {
        if (VECTOR != null && length >= VECTOR_MIN_LENGTH) {
            VECTOR.addInto(source, sourceOffset, target, targetOffset, length);
            return;
        }
        for (int k = 0; k < length; k++) {
            target[targetOffset + k] += source[sourceOffset + k];
        }
    }

    /**
     * Writes {@code a[aOffset + k] + b[bOffset + k]} to {@code target[targetOffset + k]} for k in
     * {@code [0, length)}.
     */
    public static void add(float[] a, int aOffset, float[] b, int bOffset, float[] target, int targetOffset,
                           int length) {
        if (VECTOR != null && length >= VECTOR_MIN_LENGTH) {
            VECTOR.add(a, aOffset, b, bOffset, target, targetOffset, length);
            return;
        }
        for (int k = 0; k < length; k++) {
            target[targetOffset + k] = a[aOffset + k] + b[bOffset + k];
        }
    }
}
