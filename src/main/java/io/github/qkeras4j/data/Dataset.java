package io.github.qkeras4j.data;

import io.github.qkeras4j.tensor.Shapes;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Samples and their targets: inputs {@code x [samples, ...]} (for images
 * {@code [samples, height, width, channels]}) with either integer class labels {@code [samples]}
 * (for sparse losses) or a target tensor {@code [samples, ...]} (one-hot rows or regression values).
 *
 * <p>A dataset made by {@link #slice} or {@link #split} is a view: it shares the arrays of the dataset
 * it came from and copies nothing. {@link Batcher} copies batches out of it.
 */
public final class Dataset {
    /** Training and validation parts of a dataset, as returned by {@link #split}. */
    public record Split(Dataset train, Dataset validation) {
    }

    private final Tensor x;
    private final int[] labels;
    private final Tensor targets;
    private final int offset;
    private final int size;

    private Dataset(Tensor x, int[] labels, Tensor targets, int offset, int size) {
        this.x = x;
        this.labels = labels;
        this.targets = targets;
        this.offset = offset;
        this.size = size;
    }

    /**
     * Creates a dataset with class labels.
     *
     * @param x      inputs {@code [samples, ...]}, not copied
     * @param labels class indices {@code [samples]}, not copied; each must be >= 0
     */
    public static Dataset withLabels(Tensor x, int[] labels) {
        checkInputs(x);
        if (labels.length != x.dim(0)) {
            throw new IllegalArgumentException("dataset has " + x.dim(0) + " input samples but " + labels.length
                    + " labels; the counts must be equal");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + "; class labels must be >= 0");
            }
        }
        return new Dataset(x, labels, null, 0, labels.length);
    }

    /**
     * Creates a dataset with a target tensor.
     *
     * @param x       inputs {@code [samples, ...]}, not copied
     * @param targets targets {@code [samples, ...]}, not copied
     */
    public static Dataset withTargets(Tensor x, Tensor targets) {
        checkInputs(x);
        if (targets.rank() < 1 || targets.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException("dataset has " + x.dim(0) + " input samples but targets of shape "
                    + Arrays.toString(targets.shape()) + "; the targets need shape [" + x.dim(0) + ", ...]");
        }
        return new Dataset(x, null, targets, 0, x.dim(0));
    }

    private static void checkInputs(Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException("dataset inputs need shape [samples, ...], received a scalar");
        }
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** Shape of one input sample: the input shape without the sample axis, for example {@code [28, 28, 1]}. */
    public int[] sampleShape() {
        int[] shape = x.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** Shape of one sample's target: {@code []} for class labels, the target shape without the sample axis otherwise. */
    public int[] targetShape() {
        if (labels != null) {
            return new int[0];
        }
        int[] shape = targets.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** True when the targets are class labels, false when they are a tensor. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** Class label of sample {@code i}. */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException("this dataset has target tensors, not class labels");
        }
        return labels[offset + checkedIndex(i)];
    }

    /** Returns the inputs {@code [samples, ...]}: the original tensor for a whole dataset, a copy for a view. */
    public Tensor x() {
        return rows(x);
    }

    /** Returns a copy of the class labels {@code [samples]}. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("this dataset has target tensors, not class labels");
        }
        return Arrays.copyOfRange(labels, offset, offset + size);
    }

    /** Returns the targets {@code [samples, ...]}: the original tensor for a whole dataset, a copy for a view. */
    public Tensor targets() {
        if (targets == null) {
            throw new IllegalStateException("this dataset has class labels, not target tensors; use labels()");
        }
        return rows(targets);
    }

    /**
     * Returns the same inputs with the class labels turned into one-hot targets {@code [samples, classes]},
     * as Keras's {@code to_categorical} does, for the categorical (non-sparse) losses.
     *
     * @throws IllegalArgumentException when a label is not below {@code classes}
     */
    public Dataset toOneHot(int classes) {
        if (labels == null) {
            throw new IllegalStateException("this dataset has target tensors already, not class labels");
        }
        // One-hot rows for every sample of the underlying arrays, so that this view's offset still applies.
        Tensor oneHot = Tensor.zeros(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", outside the " + classes
                        + " classes of the one-hot encoding; pass a larger class count");
            }
            oneHot.data()[i * classes + labels[i]] = 1f;
        }
        return new Dataset(x, null, oneHot, offset, size);
    }

    /** Returns a view of samples {@code [from, to)}. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") is outside a dataset of "
                    + size + " samples");
        }
        return new Dataset(x, labels, targets, offset + from, to - from);
    }

    /**
     * Splits off the last {@code validationFraction} of the samples, in their current order, as Keras's
     * {@code validation_split} does (tf.keras 2.15: the first {@code floor(samples · (1 − fraction))}
     * samples train, the rest validate; the split happens before any shuffling).
     *
     * @throws IllegalArgumentException when the fraction is not in (0, 1) or leaves one part empty
     */
    public Split split(double validationFraction) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation split must be in (0, 1), received " + validationFraction);
        }
        int trainSize = (int) Math.floor(size * (1.0 - validationFraction));
        if (trainSize == 0 || trainSize == size) {
            throw new IllegalArgumentException("validation split " + validationFraction + " of " + size
                    + " samples leaves " + trainSize + " for training and " + (size - trainSize)
                    + " for validation; use more samples or another fraction");
        }
        return new Split(slice(0, trainSize), slice(trainSize, size));
    }

    /** Values per input sample. */
    int sampleSize() {
        return Shapes.product(x.shape(), 1, x.rank());
    }

    /** Values per target sample; 1 for class labels. */
    int targetSize() {
        return targets == null ? 1 : Shapes.product(targets.shape(), 1, targets.rank());
    }

    /** Copies sample {@code i}'s input into {@code destination} at {@code position}. */
    void copyInput(int i, float[] destination, int position) {
        int n = sampleSize();
        System.arraycopy(x.data(), (offset + checkedIndex(i)) * n, destination, position, n);
    }

    /** Copies sample {@code i}'s target into {@code destination} at {@code position}. A label becomes one float. */
    void copyTarget(int i, float[] destination, int position) {
        int sample = offset + checkedIndex(i);
        if (labels != null) {
            destination[position] = labels[sample];
            return;
        }
        int n = targetSize();
        System.arraycopy(targets.data(), sample * n, destination, position, n);
    }

    private int checkedIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("sample " + i + " is outside a dataset of " + size + " samples");
        }
        return i;
    }

    private Tensor rows(Tensor whole) {
        if (offset == 0 && size == whole.dim(0)) {
            return whole;
        }
        int[] shape = whole.shape();
        int rowSize = Shapes.product(shape, 1, shape.length);
        shape[0] = size;
        float[] data = Arrays.copyOfRange(whole.data(), offset * rowSize, (offset + size) * rowSize);
        return Tensor.of(data, shape);
    }
}
