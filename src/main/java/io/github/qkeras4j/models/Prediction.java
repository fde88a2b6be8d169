package io.github.qkeras4j.models;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;

/** Batched inference for {@link Sequential#predict}. */
final class Prediction {
    private Prediction() {
    }

    static Tensor predict(Sequential model, Tensor x, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, received " + batchSize);
        }
        int samples = x.dim(0);
        int sampleSize = x.size() / Math.max(1, samples);
        int[] outputShape = model.outputShape();
        int outputSize = 1;
        for (int d : outputShape) {
            outputSize *= d;
        }
        int[] resultShape = new int[outputShape.length + 1];
        resultShape[0] = samples;
        System.arraycopy(outputShape, 0, resultShape, 1, outputShape.length);
        Tensor result = Tensor.zeros(resultShape);

        Tape tape = Tape.inference();
        int[] batchShape = x.shape();
        for (int start = 0; start < samples; start += batchSize) {
            int rows = Math.min(batchSize, samples - start);
            batchShape[0] = rows;
            tape.reset();
            Tensor batch = tape.allocate(batchShape);
            System.arraycopy(x.data(), start * sampleSize, batch.data(), 0, rows * sampleSize);
            Variable y = model.forward(Variable.constant(batch), Sequential.inferenceContext(tape));
            System.arraycopy(y.value().data(), 0, result.data(), start * outputSize, rows * outputSize);
        }
        return result;
    }
}
