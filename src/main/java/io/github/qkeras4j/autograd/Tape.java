package io.github.qkeras4j.autograd;

import io.github.qkeras4j.tensor.Shapes;
import io.github.qkeras4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records the ops of one forward pass and replays their gradient rules in reverse.
 *
 * <p>The tape also owns the step's buffers. The n-th {@link #allocate} call after a {@link #reset}
 * returns the same array as the n-th call of the previous step when the size agrees, so a training
 * loop whose steps have the same shapes allocates no large arrays after its first step. A tensor from
 * {@code allocate} is therefore only valid until the next {@code reset}: copy what must outlive it.
 *
 * <p>A tape made with {@link #inference()} records nothing (no gradients) but still pools buffers.
 */
public final class Tape {
    private final boolean recording;
    private final List<Op> ops = new ArrayList<>();
    private final List<float[]> pool = new ArrayList<>();
    private int poolCursor;
    private final long[] nanosByCategory = new long[OpCategory.values().length];
    private boolean profiling;

    private Tape(boolean recording) {
        this.recording = recording;
    }

    /** A tape that records ops for a backward pass. */
    public static Tape training() {
        return new Tape(true);
    }

    /** A tape that records nothing; for evaluation and prediction. */
    public static Tape inference() {
        return new Tape(false);
    }

    public boolean isRecording() {
        return recording;
    }

    /** Records an op if this tape is recording. */
    public void record(Op op) {
        if (recording) {
            ops.add(op);
        }
    }

    /** True when an op producing a result from these inputs must be recorded. */
    public boolean needsGrad(Variable... inputs) {
        if (!recording) {
            return false;
        }
        for (Variable v : inputs) {
            if (v != null && v.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the recorded ops and makes the pooled buffers available again. */
    public void reset() {
        ops.clear();
        poolCursor = 0;
    }

    /**
     * A tensor from the pool whose contents are unspecified (the previous step's values); the caller
     * must write every element.
     */
    public Tensor allocate(int... shape) {
        int size = (int) Shapes.size(Shapes.checked(shape));
        float[] buffer;
        if (poolCursor < pool.size() && pool.get(poolCursor).length == size) {
            buffer = pool.get(poolCursor);
        } else {
            buffer = new float[size];
            if (poolCursor < pool.size()) {
                pool.set(poolCursor, buffer);
            } else {
                pool.add(buffer);
            }
        }
        poolCursor++;
        return Tensor.of(buffer, shape);
    }

    /** A zero-filled tensor from the pool. */
    public Tensor allocateZeros(int... shape) {
        Tensor t = allocate(shape);
        Arrays.fill(t.data(), 0f);
        return t;
    }

    /** The result variable of an op: requires a gradient when the tape records and any input does. */
    public Variable result(Tensor value, Variable... inputs) {
        return new Variable(value, needsGrad(inputs));
    }

    /**
     * The gradient accumulator of {@code v}, zero-filled on first use in this backward pass. Ops call
     * this for each input they add a gradient to.
     */
    public Tensor gradient(Variable v) {
        if (v.grad() == null) {
            v.setGrad(allocateZeros(v.value().shape()));
        }
        return v.grad();
    }

    /**
     * Runs the backward pass from a scalar loss: sets {@code d loss / d loss = 1} and calls each
     * recorded op's rule in reverse order. Ops whose output received no gradient are skipped.
     */
    public void backward(Variable loss) {
        if (!recording) {
            throw new IllegalStateException("backward() called on an inference tape; use Tape.training()");
        }
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException("backward() needs a scalar loss, received shape "
                    + Arrays.toString(loss.shape()));
        }
        gradient(loss).data()[0] = 1f;
        for (int i = ops.size() - 1; i >= 0; i--) {
            Op op = ops.get(i);
            long start = profiling ? System.nanoTime() : 0L;
            op.backward(this);
            if (profiling) {
                nanosByCategory[op.category().ordinal()] += System.nanoTime() - start;
            }
        }
    }

    /** Number of ops recorded since the last reset. */
    public int recordedOps() {
        return ops.size();
    }

    /** Turns on the per-category timer used by benchmarks. */
    public void setProfiling(boolean enabled) {
        profiling = enabled;
    }

    public boolean isProfiling() {
        return profiling;
    }

    /** Adds forward-pass time of a category (ops call this when profiling is on). */
    public void addNanos(OpCategory category, long nanos) {
        nanosByCategory[category.ordinal()] += nanos;
    }

    /** Time spent per category (forward and backward) since the tape was made, in nanoseconds. */
    public long nanos(OpCategory category) {
        return nanosByCategory[category.ordinal()];
    }
}
