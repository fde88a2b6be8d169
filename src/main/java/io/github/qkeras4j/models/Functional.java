package io.github.qkeras4j.models;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.layers.ForwardContext;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.layers.Merge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A Keras functional model: named inputs, layers called on the outputs of inputs or earlier layers
 * (a {@link Merge} layer on several), and named outputs. Each layer is called once, so a tensor is
 * named by the input or layer that produces it. Calls run in the order they were added, which must
 * be a topological order (Keras configs list layers that way).
 *
 * <pre>
 * Functional.Builder b = Functional.builder("model");
 * String x = b.input("x", 6, 6, 2);
 * String a = b.call(new QConv2D(...), x);
 * String sum = b.call(new Add("skip"), x, a);
 * Functional model = b.build(List.of(sum), seed);
 * </pre>
 *
 * <p>Training is not implemented for functional models; {@link #predict} and the Keras file
 * readers and writers are.
 */
public final class Functional implements Model {
    /** A model input: the name of its Keras {@code InputLayer} and its shape without the batch axis. */
    public record Input(String name, int[] shape) {
        public Input {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    /** One layer call: the layer and the names of the tensors it reads, in argument order. */
    public record Call(Layer layer, List<String> inbound) {
        public Call {
            inbound = List.copyOf(inbound);
        }
    }

    private final String name;
    private final List<Input> inputs;
    private final List<Call> calls;
    private final List<String> outputs;
    private final Map<String, int[]> shapes = new HashMap<>();
    private Training training;

    private Functional(String name, List<Input> inputs, List<Call> calls, List<String> outputs) {
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.calls = List.copyOf(calls);
        this.outputs = List.copyOf(outputs);
    }

    /** Starts a model named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Collects inputs and layer calls; {@link #build} checks the graph and creates the weights. */
    public static final class Builder {
        private final String name;
        private final List<Input> inputs = new ArrayList<>();
        private final List<Call> calls = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private final Map<String, Integer> counters = new HashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds an input of shape {@code [batch, ...shape]}; returns its name. */
        public String input(String inputName, int... shape) {
            claim(inputName);
            for (int d : shape) {
                if (d < 1) {
                    throw new IllegalArgumentException("input '" + inputName + "' has shape " + Arrays.toString(shape)
                            + "; every dimension must be >= 1");
                }
            }
            inputs.add(new Input(inputName, shape));
            return inputName;
        }

        /**
         * Calls {@code layer} on the named tensors and returns the name of its output (the layer's
         * name, given a Keras-style default such as {@code q_dense_1} when it has none).
         */
        public String call(Layer layer, String... inbound) {
            if (inbound.length == 0) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' must be called on at least one tensor");
            }
            for (String tensor : inbound) {
                if (!names.contains(tensor)) {
                    throw new IllegalArgumentException("layer '" + layer.name() + "' is called on '" + tensor
                            + "', which is neither an input nor an earlier layer; defined so far: " + names);
                }
            }
            if (layer.name() == null) {
                String prefix = layer.defaultNamePrefix();
                String candidate;
                do {
                    int n = counters.merge(prefix, 1, Integer::sum) - 1;
                    candidate = n == 0 ? prefix : prefix + "_" + n;
                } while (names.contains(candidate));
                layer.setName(candidate);
            }
            claim(layer.name());
            calls.add(new Call(layer, List.of(inbound)));
            return layer.name();
        }

        /** Builds the model with the named outputs, drawing initial weights from a stream seeded with {@code seed}. */
        public Functional build(List<String> outputNames, long seed) {
            Functional model = new Functional(name, inputs, calls, outputNames);
            model.build(seed);
            return model;
        }

        private void claim(String tensorName) {
            if (tensorName == null || tensorName.isEmpty()) {
                throw new IllegalArgumentException("model '" + name + "': inputs and layers need a non-empty name");
            }
            if (!names.add(tensorName)) {
                throw new IllegalArgumentException("model '" + name + "': the name '" + tensorName
                        + "' is used twice; input and layer names must be unique");
            }
        }
    }

    private void build(long seed) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("model '" + name + "' has no inputs");
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("model '" + name + "' has no outputs");
        }
        SplittableRandom random = new SplittableRandom(seed);
        inputs.forEach(input -> shapes.put(input.name(), input.shape()));
        for (Call call : calls) {
            List<int[]> inboundShapes = call.inbound().stream().map(shapes::get).toList();
            Layer layer = call.layer();
            int[] shape;
            if (layer instanceof Merge merge) {
                shape = merge.build(inboundShapes, random);
            } else if (inboundShapes.size() == 1) {
                shape = layer.build(inboundShapes.getFirst(), random);
            } else {
                throw new IllegalArgumentException("layer '" + layer.name() + "' (" + layer.className() + ") takes one "
                        + "input, but is called on " + call.inbound() + "; only merge layers (Add, Concatenate) take several");
            }
            shapes.put(layer.name(), shape);
        }
        for (String output : outputs) {
            if (!shapes.containsKey(output)) {
                throw new IllegalArgumentException("model '" + name + "': output '" + output
                        + "' is neither an input nor a layer; known: " + shapes.keySet());
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The model inputs in order. */
    public List<Input> inputs() {
        return inputs;
    }

    /** The layer calls in execution order. */
    public List<Call> calls() {
        return calls;
    }

    /** The names of the output tensors, in order. */
    public List<String> outputs() {
        return outputs;
    }

    @Override
    public List<Layer> layers() {
        return calls.stream().map(Call::layer).toList();
    }

    /** Looks a layer up by name. */
    public Layer layer(String layerName) {
        return layers().stream().filter(l -> l.name().equals(layerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model '" + name + "' has no layer named '" + layerName + "'"));
    }

    @Override
    public List<Parameter> weights() {
        List<Parameter> all = new ArrayList<>();
        for (Call call : calls) {
            all.addAll(call.layer().weights());
        }
        return all;
    }

    @Override
    public List<int[]> inputShapes() {
        return inputs.stream().map(Input::shape).toList();
    }

    @Override
    public List<int[]> outputShapes() {
        return outputs.stream().map(o -> shapes.get(o).clone()).toList();
    }

    @Override
    public List<Variable> forward(List<Variable> xs, ForwardContext context) {
        if (xs.size() != inputs.size()) {
            throw new IllegalArgumentException("model '" + name + "' has " + inputs.size() + " inputs, received "
                    + xs.size());
        }
        Map<String, Variable> tensors = new HashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            int[] shape = xs.get(i).value().shape();
            if (!Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), inputs.get(i).shape())) {
                throw new IllegalArgumentException("model '" + name + "' input '" + inputs.get(i).name() + "' expects [batch, "
                        + Arrays.toString(inputs.get(i).shape()).replaceAll("[\\[\\]]", "") + "], received "
                        + Arrays.toString(shape));
            }
            tensors.put(inputs.get(i).name(), xs.get(i));
        }
        for (Call call : calls) {
            List<Variable> arguments = call.inbound().stream().map(tensors::get).toList();
            Variable y = call.layer() instanceof Merge merge
                    ? merge.forward(arguments, context)
                    : call.layer().forward(arguments.getFirst(), context);
            tensors.put(call.layer().name(), y);
        }
        return outputs.stream().map(tensors::get).toList();
    }

    /**
     * Keras 2's functional config: {@code InputLayer} entries, then every layer with its
     * {@code inbound_nodes}, and the {@code input_layers} and {@code output_layers}.
     */
    @Override
    public Map<String, Object> config() {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Input input : inputs) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", "InputLayer");
            entry.put("config", inputLayerConfig(input.name(), input.shape()));
            entry.put("name", input.name());
            entry.put("inbound_nodes", List.of());
            layers.add(entry);
        }
        for (Call call : calls) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", call.layer().className());
            entry.put("config", call.layer().config());
            entry.put("name", call.layer().name());
            List<Object> node = call.inbound().stream().map(t -> (Object) List.of(t, 0, 0, Map.of())).toList();
            entry.put("inbound_nodes", List.of(node));
            layers.add(entry);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("trainable", true);
        config.put("layers", layers);
        config.put("input_layers", inputs.stream().map(i -> List.of(i.name(), 0, 0)).toList());
        config.put("output_layers", outputs.stream().map(o -> List.of(o, 0, 0)).toList());
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("class_name", "Functional");
        wrapped.put("config", config);
        return wrapped;
    }

    /** The config of a Keras {@code InputLayer} for inputs {@code [batch, ...shape]}. */
    public static Map<String, Object> inputLayerConfig(String inputName, int[] shape) {
        List<Integer> batchShape = new ArrayList<>();
        batchShape.add(null);
        Arrays.stream(shape).forEach(batchShape::add);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("batch_input_shape", batchShape);
        config.put("dtype", "float32");
        config.put("sparse", false);
        config.put("ragged", false);
        config.put("name", inputName);
        return config;
    }

    /**
     * Sets the optimizer and loss used by {@link #fit} and {@link #evaluate}; the model must have one
     * input and one output.
     */
    public Functional compile(io.github.qkeras4j.train.Optimizer optimizer, io.github.qkeras4j.train.Loss loss) {
        training = new Training(this, optimizer, loss);
        return this;
    }

    /** Trains the model on {@code data}; see {@link FitOptions}. */
    public History fit(io.github.qkeras4j.data.Dataset data, FitOptions options) {
        return compiled().fit(data, options);
    }

    /** Returns the mean loss and the accuracy over a dataset, in inference mode. */
    public Map<String, Double> evaluate(io.github.qkeras4j.data.Dataset data, int batchSize) {
        return compiled().evaluate(data, batchSize);
    }

    private Training compiled() {
        if (training == null) {
            throw new IllegalStateException("model '" + name + "' is not compiled; call compile(optimizer, loss) first");
        }
        return training;
    }
}
