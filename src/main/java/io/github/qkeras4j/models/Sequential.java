package io.github.qkeras4j.models;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.layers.ForwardContext;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A Keras {@code Sequential} model: a stack of layers, each fed the output of the one before.
 *
 * <p>Typical use: {@code new Sequential(28, 28, 1)}, {@link #add} layers, {@link #build} with a seed,
 * then {@link #compile} and {@link #fit}. Shapes exclude the batch axis.
 */
public final class Sequential implements Model {
    private final int[] inputShape;
    private final List<Layer> layers = new ArrayList<>();
    private String name = "sequential";
    private boolean built;
    private Training training;

    /** A model for inputs of shape {@code [batch, ...inputShape]}. */
    public Sequential(int... inputShape) {
        if (inputShape.length == 0) {
            throw new IllegalArgumentException("input shape must have at least one dimension, for example (28, 28, 1)");
        }
        for (int d : inputShape) {
            if (d < 1) {
                throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape)
                        + " has a dimension < 1; every dimension must be >= 1");
            }
        }
        this.inputShape = inputShape.clone();
    }

    /** Appends a layer; returns this model for chaining. */
    public Sequential add(Layer layer) {
        if (built) {
            throw new IllegalStateException("cannot add layers to model '" + name + "' after build()");
        }
        layers.add(layer);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /**
     * Names unnamed layers Keras-style ({@code q_conv2d}, {@code q_conv2d_1}, …) and creates every
     * weight, drawing initial values from one random stream seeded with {@code seed}.
     */
    public Sequential build(long seed) {
        if (built) {
            return this;
        }
        if (layers.isEmpty()) {
            throw new IllegalStateException("model '" + name + "' has no layers; add() at least one before build()");
        }
        assignNames();
        SplittableRandom random = new SplittableRandom(seed);
        int[] shape = inputShape;
        for (Layer layer : layers) {
            shape = layer.build(shape, random);
        }
        built = true;
        return this;
    }

    private void assignNames() {
        Set<String> used = new HashSet<>();
        for (Layer layer : layers) {
            if (layer.name() != null && !used.add(layer.name())) {
                throw new IllegalArgumentException("two layers of model '" + name + "' are named '" + layer.name()
                        + "'; layer names must be unique");
            }
        }
        Map<String, Integer> counters = new HashMap<>();
        for (Layer layer : layers) {
            if (layer.name() == null) {
                String prefix = layer.defaultNamePrefix();
                String candidate;
                do {
                    int n = counters.merge(prefix, 1, Integer::sum) - 1;
                    candidate = n == 0 ? prefix : prefix + "_" + n;
                } while (!used.add(candidate));
                layer.setName(candidate);
            }
        }
    }

    public boolean isBuilt() {
        return built;
    }

    private void requireBuilt() {
        if (!built) {
            throw new IllegalStateException("model '" + name + "' is not built; call build(seed) first");
        }
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int[] outputShape() {
        requireBuilt();
        return layers.get(layers.size() - 1).outputShape();
    }

    @Override
    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(inputShape());
    }

    @Override
    public List<int[]> outputShapes() {
        return List.of(outputShape());
    }

    @Override
    public List<Variable> forward(List<Variable> inputs, ForwardContext context) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("model '" + name + "' has 1 input, received " + inputs.size());
        }
        return List.of(forward(inputs.getFirst(), context));
    }

    @Override
    public Map<String, Object> config() {
        return ModelFile.modelConfig(this);
    }

    /** Looks a layer up by name. */
    public Layer layer(String layerName) {
        for (Layer layer : layers) {
            if (layerName.equals(layer.name())) {
                return layer;
            }
        }
        throw new IllegalArgumentException("model '" + name + "' has no layer named '" + layerName + "'");
    }

    /** Runs every layer on a batch {@code x [batch, ...inputShape]}. */
    public Variable forward(Variable x, ForwardContext context) {
        requireBuilt();
        int[] shape = x.value().shape();
        if (shape.length != inputShape.length + 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), inputShape)) {
            throw new IllegalArgumentException("model '" + name + "' expects input [batch, "
                    + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "], received " + Arrays.toString(shape));
        }
        Variable y = x;
        for (Layer layer : layers) {
            y = layer.forward(y, context);
        }
        return y;
    }

    /** Every weight of every layer, in layer order. */
    @Override
    public List<Parameter> weights() {
        requireBuilt();
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.weights());
        }
        return all;
    }

    /** Keras-style summary table with a quantizer column; see {@link ModelSummary}. */
    @Override
    public String summary() {
        requireBuilt();
        return ModelSummary.format(this);
    }

    /** Sets the optimizer, loss and metrics used by {@link #fit} and {@link #evaluate}. */
    public Sequential compile(io.github.qkeras4j.train.Optimizer optimizer, io.github.qkeras4j.train.Loss loss) {
        requireBuilt();
        this.training = new Training(this, optimizer, loss);
        return this;
    }

    /** Trains the model; see {@link FitOptions} for batch size, epochs, shuffling and validation. */
    public History fit(io.github.qkeras4j.data.Dataset data, FitOptions options) {
        return compiled().fit(data, options);
    }

    /** Returns the mean loss and the accuracy over a dataset, in inference mode. */
    public Map<String, Double> evaluate(io.github.qkeras4j.data.Dataset data, int batchSize) {
        return compiled().evaluate(data, batchSize);
    }

    /** Runs the model in inference mode on {@code x [samples, ...inputShape]} and returns a new tensor. */
    public Tensor predict(Tensor x, int batchSize) {
        requireBuilt();
        return Prediction.predict(this, x, batchSize);
    }

    Training compiled() {
        if (training == null) {
            throw new IllegalStateException("model '" + name + "' is not compiled; call compile(optimizer, loss) first");
        }
        return training;
    }

    /** The optimizer set by {@link #compile}. */
    public io.github.qkeras4j.train.Optimizer optimizer() {
        return compiled().optimizer();
    }

    /** A fresh inference context; exposed for tools that run layers one by one. */
    public static ForwardContext inferenceContext(Tape tape) {
        return new ForwardContext(tape, false, io.github.qkeras4j.quantizers.QuantizerContext.modelInference(),
                new SplittableRandom(0));
    }
}
