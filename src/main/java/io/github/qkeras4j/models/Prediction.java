package io.github.qkeras4j.models;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Batched inference for {@link Model#predict}. */
final class Prediction {
    private Prediction() {
    }

    static Tensor predict(Sequential model, Tensor x, int batchSize) {
        return predict(model, List.of(x), batchSize).getFirst();
    }

    static List<Tensor> predict(Model model, List<Tensor> inputs, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, received " + batchSize);
        }
        List<int[]> inputShapes = model.inputShapes();
        if (inputs.size() != inputShapes.size()) {
            throw new IllegalArgumentException("model '" + model.name() + "' has " + inputShapes.size()
                    + " inputs, received " + inputs.size() + " arrays");
        }
        int samples = inputs.getFirst().dim(0);
        for (int i = 0; i < inputs.size(); i++) {
            int[] shape = inputs.get(i).shape();
            String input = inputs.size() == 1 ? "input" : "input " + i;
            if (shape.length != inputShapes.get(i).length + 1
                    || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), inputShapes.get(i))) {
                throw new IllegalArgumentException("model '" + model.name() + "' expects " + input + " [batch, "
                        + Arrays.toString(inputShapes.get(i)).replaceAll("[\\[\\]]", "") + "], received "
                        + Arrays.toString(shape));
            }
            if (shape[0] != samples) {
                throw new IllegalArgumentException("model '" + model.name() + "': " + input + " has " + shape[0]
                        + " samples, input 0 has " + samples + "; every input needs the same number");
            }
        }
        List<Tensor> results = new ArrayList<>();
        for (int[] outputShape : model.outputShapes()) {
            int[] resultShape = new int[outputShape.length + 1];
            resultShape[0] = samples;
            System.arraycopy(outputShape, 0, resultShape, 1, outputShape.length);
            results.add(Tensor.zeros(resultShape));
        }

        Tape tape = Tape.inference();
        for (int start = 0; start < samples; start += batchSize) {
            int rows = Math.min(batchSize, samples - start);
            tape.reset();
            List<Variable> batches = new ArrayList<>();
            for (Tensor x : inputs) {
                int sampleSize = x.size() / Math.max(1, samples);
                int[] batchShape = x.shape();
                batchShape[0] = rows;
                Tensor batch = tape.allocate(batchShape);
                System.arraycopy(x.data(), start * sampleSize, batch.data(), 0, rows * sampleSize);
                batches.add(Variable.constant(batch));
            }
            List<Variable> ys = model.forward(batches, Sequential.inferenceContext(tape));
            for (int o = 0; o < ys.size(); o++) {
                Tensor result = results.get(o);
                int outputSize = result.size() / Math.max(1, samples);
                System.arraycopy(ys.get(o).value().data(), 0, result.data(), start * outputSize, rows * outputSize);
            }
        }
        return results;
    }
}
