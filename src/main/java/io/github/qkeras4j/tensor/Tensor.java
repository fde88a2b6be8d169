package io.github.qkeras4j.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (C) order. Image tensors are channels_last:
 * {@code [batch, height, width, channels]}; kernels follow Keras: Dense {@code [inFeatures, units]},
 * Conv2D {@code [kernelHeight, kernelWidth, inChannels, filters]}.
 *
 * <p>The tensor owns a flat {@code float[]} of exactly {@link #size()} elements. {@link #data()}
 * exposes that array without a copy, because kernels read and write it in place; {@link #reshape}
 * returns a view over the same array.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** Creates a tensor of zeros. */
    public static Tensor zeros(int... shape) {
        int[] dims = Shapes.checked(shape);
        return new Tensor(new float[(int) Shapes.size(dims)], dims);
    }

    /** Wraps {@code data} (not copied) as a tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int[] dims = Shapes.checked(shape);
        long expected = Shapes.size(dims);
        if (data.length != expected) {
            throw new IllegalArgumentException("tensor data has " + data.length + " elements but shape "
                    + Arrays.toString(dims) + " needs " + expected);
        }
        return new Tensor(data, dims);
    }

    /** Creates a rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0]);
    }

    /** The backing array, shared with this tensor; length {@link #size()}. */
    public float[] data() {
        return data;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of axis {@code axis}; a negative axis counts from the end. */
    public int dim(int axis) {
        int a = axis < 0 ? shape.length + axis : axis;
        if (a < 0 || a >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for a tensor of rank "
                    + shape.length);
        }
        return shape[a];
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** True when the shapes are equal. */
    public boolean hasShape(int... dims) {
        return Arrays.equals(shape, dims);
    }

    /** A view with another shape over the same data; one axis may be -1 (inferred). */
    public Tensor reshape(int... newShape) {
        return new Tensor(data, Shapes.reshaped(shape, newShape));
    }

    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** Copies {@code source}'s values into this tensor; the sizes must agree. */
    public void copyFrom(Tensor source) {
        if (source.data.length != data.length) {
            throw new IllegalArgumentException("cannot copy a tensor of shape " + Arrays.toString(source.shape)
                    + " into one of shape " + Arrays.toString(shape));
        }
        System.arraycopy(source.data, 0, data, 0, data.length);
    }

    public void fill(float value) {
        Arrays.fill(data, value);
    }

    /** Element at a full index. */
    public float get(int... index) {
        return data[Shapes.offset(shape, index)];
    }

    public void set(float value, int... index) {
        data[Shapes.offset(shape, index)] = value;
    }

    @Override
    public String toString() {
        int shown = Math.min(data.length, 8);
        StringBuilder text = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(" [");
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return text.append(data.length > shown ? ", ...]" : "]").toString();
    }
}
