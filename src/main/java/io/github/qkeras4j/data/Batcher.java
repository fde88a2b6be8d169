package io.github.qkeras4j.data;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Copies batches of a {@link Dataset} into buffers that are reused from step to step, so that an
 * epoch allocates no large arrays after its first batch of each size.
 *
 * <p>Batch {@code b} contains the samples {@code order[b·batchSize]} to
 * {@code order[min(samples, (b+1)·batchSize) − 1]}. The last batch is smaller when the batch size
 * does not divide the sample count, as in Keras's {@code fit}. A batch has inputs
 * {@code x [rows, ...sampleShape]} and targets {@code y [rows]} (class labels as float-coded integers)
 * or {@code y [rows, ...targetShape]}.
 *
 * <p>The {@link Batch} returned by {@link #batch} is overwritten by the next call with the same row
 * count: copy what must outlive a step.
 */
public final class Batcher {
    /** One batch, whose tensors are buffers owned by the {@link Batcher}. */
    public record Batch(Tensor x, Tensor y) {
        /** Number of samples in the batch. */
        public int rows() {
            return x.dim(0);
        }
    }

    private final Dataset data;
    private final int batchSize;
    private Batch full;
    private Batch last;

    public Batcher(Dataset data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, received " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Number of batches per epoch: {@code ceil(samples / batchSize)}. */
    public int batchCount() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** Returns the order {@code 0, 1, ..., samples − 1}, for epochs without shuffling. */
    public static int[] identityOrder(int samples) {
        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * Copies batch {@code index} of the sample order {@code order} into the reused buffers.
     *
     * @param order a permutation of the sample indices, length {@code samples}
     */
    public Batch batch(int[] order, int index) {
        if (order.length != data.size()) {
            throw new IllegalArgumentException("sample order has " + order.length + " entries but the dataset has "
                    + data.size() + " samples");
        }
        if (index < 0 || index >= batchCount()) {
            throw new IndexOutOfBoundsException("batch " + index + " is outside [0, " + batchCount() + ")");
        }
        int start = index * batchSize;
        int rows = Math.min(batchSize, data.size() - start);
        Batch batch = buffers(rows);

        float[] xData = batch.x().data();
        float[] yData = batch.y().data();
        int sampleSize = data.sampleSize();
        int targetSize = data.targetSize();
        for (int r = 0; r < rows; r++) {
            int sample = order[start + r];
            data.copyInput(sample, xData, r * sampleSize);
            data.copyTarget(sample, yData, r * targetSize);
        }
        return batch;
    }

    /** Returns the buffers for {@code rows} samples: one set serves full batches, another the smaller last batch. */
    private Batch buffers(int rows) {
        if (rows == batchSize) {
            if (full == null) {
                full = allocate(rows);
            }
            return full;
        }
        if (last == null || last.rows() != rows) {
            last = allocate(rows);
        }
        return last;
    }

    private Batch allocate(int rows) {
        return new Batch(Tensor.zeros(withRows(rows, data.sampleShape())),
                Tensor.zeros(withRows(rows, data.targetShape())));
    }

    private static int[] withRows(int rows, int[] sampleShape) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = rows;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return shape;
    }

    @Override
    public String toString() {
        return "Batcher[batchSize " + batchSize + ", " + batchCount() + " batches, sample shape "
                + Arrays.toString(data.sampleShape()) + "]";
    }
}
