package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Parallel;
import io.github.qkeras4j.tensor.Tensor;

/**
 * Batch normalization over the last (channel) axis, input {@code x [..., channels]}:
 * {@code inv = γ / sqrt(σ² + ε)}, {@code y = x·inv + (β − μ·inv)}, the order of operations Keras's
 * non-fused path uses.
 *
 * <p>In training, {@code μ} and {@code σ²} are the batch mean and the biased batch variance over all
 * axes but the last, and the gradient flows through them:
 * {@code dx = inv/n · (n·dy − Σdy − x̂·Σ(dy·x̂))} with {@code x̂ = (x − μ)/sqrt(σ² + ε)}. In
 * inference they are the given moving statistics (constants). {@code dγ = Σ dy·x̂}, {@code dβ = Σ dy}.
 * Channel sums are accumulated in double, row by row in a fixed order.
 */
public final class BatchNormOp implements Op {
    /** Elements per parallel chunk of the elementwise passes. */
    private static final int CHUNK_ELEMENTS = 1 << 18;

    private final Variable x;
    private final Variable gamma;
    private final Variable beta;
    private final Variable y;
    private final float[] mean;
    private final float[] invStd;
    private final boolean batchStatistics;

    private BatchNormOp(Variable x, Variable gamma, Variable beta, Variable y, float[] mean, float[] invStd,
                        boolean batchStatistics) {
        this.x = x;
        this.gamma = gamma;
        this.beta = beta;
        this.y = y;
        this.mean = mean;
        this.invStd = invStd;
        this.batchStatistics = batchStatistics;
    }

    /**
     * Normalizes with the batch's own statistics and writes them to {@code batchMean} and
     * {@code batchVariance} (biased, length {@code channels}) for the caller's moving averages.
     *
     * @param gamma scale {@code [channels]}, or null for {@code scale=False}
     * @param beta  offset {@code [channels]}, or null for {@code center=False}
     */
    public static Variable training(Tape tape, Variable x, Variable gamma, Variable beta, float epsilon,
                                    float[] batchMean, float[] batchVariance) {
        int channels = checkShapes(x, gamma, beta);
        float[] in = x.value().data();
        int rows = in.length / channels;
        if (rows < 1) {
            throw new IllegalArgumentException("batch normalization in training needs at least one sample");
        }
        double[] sum = new double[channels];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                sum[c] += in[r * channels + c];
            }
        }
        for (int c = 0; c < channels; c++) {
            batchMean[c] = (float) (sum[c] / rows);
            sum[c] = 0;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                double d = in[r * channels + c] - batchMean[c];
                sum[c] += d * d;
            }
        }
        for (int c = 0; c < channels; c++) {
            batchVariance[c] = (float) (sum[c] / rows);
        }
        return normalize(tape, x, gamma, beta, epsilon, batchMean.clone(), batchVariance, true);
    }

    /** Normalizes with fixed statistics (the moving mean and variance). */
    public static Variable inference(Tape tape, Variable x, Variable gamma, Variable beta, float epsilon,
                                     float[] movingMean, float[] movingVariance) {
        checkShapes(x, gamma, beta);
        return normalize(tape, x, gamma, beta, epsilon, movingMean.clone(), movingVariance, false);
    }

    private static Variable normalize(Tape tape, Variable x, Variable gamma, Variable beta, float epsilon,
                                      float[] mean, float[] variance, boolean batchStatistics) {
        int channels = mean.length;
        float[] invStd = new float[channels];
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            invStd[c] = (float) (1.0 / Math.sqrt(variance[c] + epsilon));
            scale[c] = gamma == null ? invStd[c] : invStd[c] * gamma.value().data()[c];
            float offset = beta == null ? 0f : beta.value().data()[c];
            shift[c] = offset - mean[c] * scale[c];
        }
        float[] in = x.value().data();
        Tensor out = tape.allocate(x.value().shape());
        float[] o = out.data();
        forRowChunks(in.length / channels, channels, (chunk, firstRow, endRow) -> {
            if (OpKernels.VECTOR.isPresent()) {
                OpKernels.VECTOR.get().scaleShift(in, o, firstRow, endRow, channels, scale, shift);
            } else {
                scaleShiftPlain(in, o, firstRow, endRow, channels, scale, shift);
            }
        });

        Variable y = tape.result(out, x, gamma, beta);
        if (y.requiresGrad()) {
            tape.record(new BatchNormOp(x, gamma, beta, y, mean, invStd, batchStatistics));
        }
        return y;
    }

    private static int checkShapes(Variable x, Variable gamma, Variable beta) {
        if (x.value().rank() < 2) {
            throw new IllegalArgumentException("batch normalization needs an input [batch, ..., channels], received rank "
                    + x.value().rank());
        }
        int channels = x.value().dim(-1);
        for (Variable v : new Variable[] {gamma, beta}) {
            if (v != null && v.value().size() != channels) {
                throw new IllegalArgumentException("batch normalization parameter has " + v.value().size()
                        + " elements but the input has " + channels + " channels");
            }
        }
        return channels;
    }

    @Override
    public void backward(Tape tape) {
        Tensor dyTensor = y.grad();
        if (dyTensor == null) {
            return;
        }
        int channels = mean.length;
        float[] in = x.value().data();
        float[] dy = dyTensor.data();
        int rows = in.length / channels;
        double[] sumDy = new double[channels];
        double[] sumDyXhat = new double[channels];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                int i = r * channels + c;
                float xhat = (in[i] - mean[c]) * invStd[c];
                sumDy[c] += dy[i];
                sumDyXhat[c] += (double) dy[i] * xhat;
            }
        }
        if (gamma != null && gamma.requiresGrad()) {
            float[] dGamma = tape.gradient(gamma).data();
            for (int c = 0; c < channels; c++) {
                dGamma[c] += (float) sumDyXhat[c];
            }
        }
        if (beta != null && beta.requiresGrad()) {
            float[] dBeta = tape.gradient(beta).data();
            for (int c = 0; c < channels; c++) {
                dBeta[c] += (float) sumDy[c];
            }
        }
        if (!x.requiresGrad()) {
            return;
        }
        float[] dx = tape.gradient(x).data();
        float[] scale = new float[channels];
        double[] meanDy = new double[channels];
        for (int c = 0; c < channels; c++) {
            float g = gamma == null ? 1f : gamma.value().data()[c];
            scale[c] = g * invStd[c];
            meanDy[c] = sumDy[c] / rows;
        }
        if (!batchStatistics) {
            forRowChunks(rows, channels, (chunk, firstRow, endRow) -> {
                for (int r = firstRow; r < endRow; r++) {
                    int row = r * channels;
                    for (int c = 0; c < channels; c++) {
                        dx[row + c] += scale[c] * dy[row + c];
                    }
                }
            });
            return;
        }
        // Per-channel invariants are hoisted out of the element loop; the per-element division by
        // rows stays, because a product with 1/rows would round differently.
        forRowChunks(rows, channels, (chunk, firstRow, endRow) -> {
            if (OpKernels.VECTOR.isPresent()) {
                OpKernels.VECTOR.get().batchNormGradient(in, dy, dx, firstRow, endRow, rows, channels, mean, invStd,
                        scale, meanDy, sumDyXhat);
            } else {
                batchNormGradientPlain(in, dy, dx, firstRow, endRow, rows, channels, mean, invStd, scale, meanDy,
                        sumDyXhat);
            }
        });
    }

    /**
     * Runs an elementwise loop over {@code rows} rows of {@code channels} in chunks of about
     * {@value #CHUNK_ELEMENTS} elements, in parallel when there are two or more chunks. Chunks hold
     * whole rows and write disjoint rows, so the split changes no result.
     */
    private static void forRowChunks(int rows, int channels, Parallel.ChunkBody body) {
        long elements = (long) rows * channels;
        int rowsPerChunk = elements >= 2L * CHUNK_ELEMENTS ? Math.max(1, CHUNK_ELEMENTS / channels) : Math.max(rows, 1);
        Parallel.forChunks(rows, rowsPerChunk, body);
    }

    /** Writes {@code x·scale + shift} in plain Java: the fallback of {@link OpKernels#scaleShift}. */
    static void scaleShiftPlain(float[] x, float[] out, int firstRow, int endRow, int channels, float[] scale,
                                float[] shift) {
        for (int r = firstRow; r < endRow; r++) {
            int row = r * channels;
            for (int c = 0; c < channels; c++) {
                out[row + c] = x[row + c] * scale[c] + shift[c];
            }
        }
    }

    /** Adds the input gradient in plain Java: the fallback of {@link OpKernels#batchNormGradient}. */
    static void batchNormGradientPlain(float[] x, float[] dy, float[] dx, int firstRow, int endRow, int rows,
                                       int channels, float[] mean, float[] invStd, float[] scale, double[] meanDy,
                                       double[] sumDyXhat) {
        for (int r = firstRow; r < endRow; r++) {
            int row = r * channels;
            for (int c = 0; c < channels; c++) {
                int i = row + c;
                float xhat = (x[i] - mean[c]) * invStd[c];
                dx[i] += (float) (scale[c] * (dy[i] - meanDy[c] - xhat * sumDyXhat[c] / rows));
            }
        }
    }
}
