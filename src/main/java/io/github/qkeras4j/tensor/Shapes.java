package io.github.qkeras4j.tensor;

import java.util.Arrays;

/** Shape arithmetic and the checks that go with it. */
public final class Shapes {
    private Shapes() {
    }

    /** Returns a copy of {@code shape} after checking that every dimension is non-negative. */
    public static int[] checked(int... shape) {
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("dimension " + i + " of shape " + Arrays.toString(shape)
                        + " is negative; dimensions must be >= 0");
            }
        }
        long size = size(shape);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + size
                    + " elements, more than a Java array can hold");
        }
        return shape.clone();
    }

    /** Number of elements of a shape, as a long so that overflow can be detected. */
    public static long size(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Product of the dimensions in {@code [from, to)}. */
    public static int product(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** Resolves a reshape target with at most one -1 against the current shape. */
    public static int[] reshaped(int[] current, int... target) {
        int[] result = target.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < result.length; i++) {
            if (result[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape target " + Arrays.toString(target)
                            + " has more than one -1");
                }
                inferred = i;
            } else if (result[i] < 0) {
                throw new IllegalArgumentException("reshape target " + Arrays.toString(target)
                        + " has a negative dimension");
            } else {
                known *= result[i];
            }
        }
        long size = size(current);
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + Arrays.toString(current) + " ("
                        + size + " elements) to " + Arrays.toString(target));
            }
            result[inferred] = (int) (size / known);
        } else if (known != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(current) + " (" + size
                    + " elements) to " + Arrays.toString(target) + " (" + known + " elements)");
        }
        return result;
    }

    /** Row-major offset of a full index. */
    public static int offset(int[] shape, int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " entries but the tensor has rank " + shape.length);
        }
        int offset = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape "
                        + Arrays.toString(shape));
            }
            offset = offset * shape[i] + index[i];
        }
        return offset;
    }

    /** Formats a shape Keras-style, with the batch axis as None: {@code (None, 28, 28, 1)}. */
    public static String withBatch(int[] shapeWithoutBatch) {
        StringBuilder text = new StringBuilder("(None");
        for (int d : shapeWithoutBatch) {
            text.append(", ").append(d);
        }
        return text.append(')').toString();
    }
}
