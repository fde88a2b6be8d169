package io.github.qkeras4j.models;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.layers.ForwardContext;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What the loaders, writers and the CLI need from a built model, {@link Sequential} or
 * {@link Functional}. Shapes exclude the batch axis.
 */
public interface Model {
    String name();

    /** Every layer in Keras's {@code model.layers} order (input layers excluded). */
    List<Layer> layers();

    /** Every weight of every layer, in layer order. */
    List<Parameter> weights();

    /** The weights the optimizer updates, in layer order. */
    default List<Parameter> trainableWeights() {
        List<Parameter> all = new java.util.ArrayList<>();
        for (Layer layer : layers()) {
            all.addAll(layer.trainableWeights());
        }
        return all;
    }

    /** Copies of all weight values, for checkpoints and early stopping's best weights. */
    default List<Tensor> weightValues() {
        return weights().stream().map(p -> p.value().copy()).toList();
    }

    /** Restores weight values taken with {@link #weightValues()}. */
    default void setWeightValues(List<Tensor> values) {
        List<Parameter> weights = weights();
        if (values.size() != weights.size()) {
            throw new IllegalArgumentException("model '" + name() + "' has " + weights.size() + " weights, received "
                    + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            Tensor target = weights.get(i).value();
            if (!java.util.Arrays.equals(target.shape(), values.get(i).shape())) {
                throw new IllegalArgumentException("weight " + i + " ('" + weights.get(i).name() + "') of model '"
                        + name() + "' has shape " + java.util.Arrays.toString(target.shape()) + ", received "
                        + java.util.Arrays.toString(values.get(i).shape()));
            }
            target.copyFrom(values.get(i));
        }
    }

    /** The shape of each model input, without the batch axis. */
    List<int[]> inputShapes();

    /** The shape of each model output, without the batch axis. */
    List<int[]> outputShapes();

    /** Runs the model on one batch per input, {@code inputs.get(i) [batch, ...inputShapes().get(i)]}. */
    List<Variable> forward(List<Variable> inputs, ForwardContext context);

    /**
     * Runs the model in inference mode on {@code inputs.get(i) [samples, ...inputShapes().get(i)]},
     * {@code batchSize} samples at a time, and returns new tensors, one per output.
     */
    default List<Tensor> predict(List<Tensor> inputs, int batchSize) {
        return Prediction.predict(this, inputs, batchSize);
    }

    /** Keras-style summary table with a quantizer column. */
    default String summary() {
        return ModelSummary.format(this);
    }

    /**
     * The architecture as Keras writes it, {@code {"class_name": "Sequential" | "Functional",
     * "config": {…}}}, with qkeras4j's layer configs.
     */
    Map<String, Object> config();
}
