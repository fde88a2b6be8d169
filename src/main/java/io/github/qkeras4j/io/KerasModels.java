package io.github.qkeras4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.layers.LayerFactory;
import io.github.qkeras4j.models.Functional;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.models.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds qkeras4j models from Keras 2 files: a full-model HDF5 file ({@code model.save("m.h5")}),
 * or a JSON architecture ({@code model.to_json()}) with a weights file
 * ({@code model.save_weights("w.h5")}). Sequential configs become {@link Sequential}, functional
 * ones {@link Functional}. Weights are assigned per layer in Keras's {@code layer.weights} order
 * and checked against the shapes the layers built; every error is a {@link KerasFormatException}
 * naming the file, the layer and what was expected.
 */
public final class KerasModels {
    private KerasModels() {
    }

    /** Reads a full-model HDF5 file. */
    public static Model readModel(Path file) {
        KerasModelFile contents = KerasModelFile.read(file);
        Model model = build(contents.config());
        assignWeights(model, contents.weights());
        return model;
    }

    /** Reads a JSON architecture and the weights-only HDF5 file that goes with it. */
    public static Model readModel(Path json, Path weights) {
        Model model = build(KerasModelConfig.read(json));
        assignWeights(model, KerasWeights.read(weights));
        return model;
    }

    /** The layer classes of {@code config} that qkeras4j cannot build, in config order. */
    public static Set<String> unsupportedClasses(KerasModelConfig config) {
        Set<String> missing = new LinkedHashSet<>();
        for (KerasModelConfig.Layer layer : config.layers()) {
            if (!layer.className().equals("InputLayer") && !LayerFactory.SUPPORTED.contains(layer.className())) {
                missing.add(layer.className());
            }
        }
        return missing;
    }

    /** Builds a model from its architecture, with freshly initialized weights (seed 0). */
    public static Model build(KerasModelConfig config) {
        return build(config, 0);
    }

    /** Builds a model from its architecture, drawing initial weights from a stream seeded with {@code seed}. */
    public static Model build(KerasModelConfig config, long seed) {
        if (config.modelClass().equals("Sequential")) {
            return sequential(config, seed);
        }
        return functional(config, seed);
    }

    private static Sequential sequential(KerasModelConfig config, long seed) {
        List<KerasModelConfig.Layer> entries = new ArrayList<>(config.layers());
        int[] inputShape = null;
        if (!entries.isEmpty() && entries.getFirst().className().equals("InputLayer")) {
            inputShape = batchInputShape(entries.removeFirst());
        } else if (!entries.isEmpty() && entries.getFirst().config().has("batch_input_shape")) {
            inputShape = batchInputShape(entries.getFirst());
        }
        if (inputShape == null) {
            throw new KerasFormatException(config.source() + ": Sequential model '" + config.name() + "' has no input "
                    + "shape: expected an InputLayer or batch_input_shape on the first layer");
        }
        Sequential model = new Sequential(inputShape);
        model.setName(config.name());
        for (KerasModelConfig.Layer entry : entries) {
            model.add(layer(entry));
        }
        try {
            return model.build(seed);
        } catch (IllegalArgumentException e) {
            throw new KerasFormatException(config.source() + ": " + e.getMessage(), e);
        }
    }

    private static Functional functional(KerasModelConfig config, long seed) {
        Functional.Builder builder = Functional.builder(config.name());
        Set<String> inputNames = new LinkedHashSet<>();
        for (KerasModelConfig.NodeRef ref : config.inputs()) {
            inputNames.add(ref.layerName());
        }
        try {
            for (KerasModelConfig.Layer entry : config.layers()) {
                if (entry.className().equals("InputLayer")) {
                    builder.input(entry.name(), batchInputShape(entry));
                    continue;
                }
                if (entry.inboundNodes().size() != 1) {
                    throw new KerasFormatException(entry.source() + ": layer '" + entry.name() + "' (" + entry.className()
                            + ") is called " + entry.inboundNodes().size() + " times; qkeras4j supports layers called "
                            + "exactly once (no shared layers)");
                }
                List<String> inbound = new ArrayList<>();
                for (KerasModelConfig.NodeRef ref : entry.inboundNodes().getFirst()) {
                    requireFirstOutput(entry.source(), "layer '" + entry.name() + "' inbound_nodes", ref);
                    inbound.add(ref.layerName());
                }
                builder.call(layer(entry), inbound.toArray(String[]::new));
            }
            List<String> outputs = new ArrayList<>();
            for (KerasModelConfig.NodeRef ref : config.outputs()) {
                requireFirstOutput(config.source(), "output_layers", ref);
                outputs.add(ref.layerName());
            }
            Functional model = builder.build(outputs, seed);
            List<String> declared = model.inputs().stream().map(Functional.Input::name).toList();
            if (!declared.equals(new ArrayList<>(inputNames))) {
                throw new KerasFormatException(config.source() + ": input_layers " + inputNames
                        + " do not match the InputLayer entries " + declared);
            }
            return model;
        } catch (IllegalArgumentException e) {
            throw new KerasFormatException(config.source() + ": " + e.getMessage(), e);
        }
    }

    private static void requireFirstOutput(Path source, String where, KerasModelConfig.NodeRef ref) {
        if (ref.nodeIndex() != 0 || ref.tensorIndex() != 0) {
            throw new KerasFormatException(source + ": " + where + " refers to output " + ref.tensorIndex() + " of call "
                    + ref.nodeIndex() + " of layer '" + ref.layerName() + "'; qkeras4j supports only the first output of "
                    + "a layer's only call ([name, 0, 0])");
        }
    }

    private static Layer layer(KerasModelConfig.Layer entry) {
        try {
            return LayerFactory.fromConfig(entry.className(), entry.configMap());
        } catch (IllegalArgumentException e) {
            throw new KerasFormatException(entry.source() + ": " + e.getMessage(), e);
        }
    }

    private static int[] batchInputShape(KerasModelConfig.Layer entry) {
        JsonNode shape = entry.config().get("batch_input_shape");
        boolean valid = shape != null && shape.isArray() && shape.size() >= 2;
        for (int i = 1; valid && i < shape.size(); i++) {
            valid = shape.get(i).canConvertToInt() && shape.get(i).asInt() >= 1;
        }
        if (!valid) {
            throw new KerasFormatException(entry.source() + ": layer '" + entry.name() + "' (" + entry.className()
                    + "): expected batch_input_shape [null, d1, d2, ...] with every d >= 1, found "
                    + KerasModelConfig.describe(shape));
        }
        int[] dims = new int[shape.size() - 1];
        for (int i = 1; i < shape.size(); i++) {
            dims[i - 1] = shape.get(i).asInt();
        }
        return dims;
    }

    /**
     * Copies the weights of {@code file} into {@code model}, layer by layer in Keras's weight order.
     *
     * @throws KerasFormatException when a layer is missing from the file, has another number of
     *                              weights, or a weight has another shape
     */
    public static void assignWeights(Model model, KerasWeights file) {
        for (Layer layer : model.layers()) {
            List<Parameter> expected = layer.weights();
            if (expected.isEmpty()) {
                continue;
            }
            List<KerasWeights.Weight> found = file.layer(layer.name());
            if (found.size() != expected.size()) {
                throw new KerasFormatException(file.source() + ": layer '" + layer.name() + "' (" + layer.className()
                        + "): expected " + expected.size() + " weights " + expected.stream().map(Parameter::name).toList()
                        + ", found " + found.size() + " " + found.stream().map(KerasWeights.Weight::name).toList());
            }
            for (int i = 0; i < expected.size(); i++) {
                int[] shape = expected.get(i).value().shape();
                KerasWeights.Weight weight = found.get(i);
                if (!Arrays.equals(shape, weight.shape())) {
                    throw new KerasFormatException(file.source() + ": layer '" + layer.name() + "' (" + layer.className()
                            + "): weight " + weight.name() + " has shape " + Arrays.toString(weight.shape())
                            + ", expected " + Arrays.toString(shape) + " for " + expected.get(i).name());
                }
            }
            for (int i = 0; i < expected.size(); i++) {
                float[] target = expected.get(i).value().data();
                System.arraycopy(found.get(i).values(), 0, target, 0, target.length);
            }
        }
    }

    /**
     * The weights of {@code model} in the Keras layout, named {@code <layer>/<weight>:0}; integer
     * weights (named {@code iteration}) are marked as such.
     */
    public static KerasWeights weightsOf(Model model, Path target) {
        List<String> names = new ArrayList<>();
        Map<String, List<KerasWeights.Weight>> weights = new java.util.LinkedHashMap<>();
        for (Layer layer : model.layers()) {
            names.add(layer.name());
            List<KerasWeights.Weight> list = new ArrayList<>();
            for (Parameter p : layer.weights()) {
                list.add(new KerasWeights.Weight(layer.name() + "/" + p.name() + ":0", p.value().shape(),
                        p.value().data().clone(), p.name().equals("iteration")));
            }
            weights.put(layer.name(), list);
        }
        return new KerasWeights(target, names, weights, "2.15.0", "tensorflow");
    }
}
