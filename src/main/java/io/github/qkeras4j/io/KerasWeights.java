package io.github.qkeras4j.io;

import io.github.qkeras4j.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer weights read from a Keras 2 HDF5 file, in either layout tf.keras 2.x writes:
 * <ul>
 *   <li>weights only ({@code model.save_weights("w.h5")}): the root group has the attributes
 *       {@code layer_names}, {@code backend} and {@code keras_version};</li>
 *   <li>full model ({@code model.save("m.h5")}): the same content sits in the group
 *       {@code model_weights}, and the root adds {@code model_config} (JSON) and, for a compiled
 *       model, {@code training_config}.</li>
 * </ul>
 * Each listed layer has a group with the attribute {@code weight_names} (e.g.
 * {@code dense1/kernel:0}); each weight is the dataset at {@code <layer group>/<weight name>}.
 * Keras splits an attribute larger than the 64 KB HDF5 object header into {@code name0},
 * {@code name1}, …; both forms are read.
 *
 * @param source       the file, named in every error
 * @param layerNames   the layers in the order Keras saved them (layers without weights included)
 * @param weights      per layer name, its weights in Keras' {@code layer.weights} order
 * @param kerasVersion the {@code keras_version} attribute, or empty
 * @param backend      the {@code backend} attribute, or empty
 */
public record KerasWeights(Path source, List<String> layerNames, Map<String, List<Weight>> weights,
        String kerasVersion, String backend) {

    public KerasWeights {
        layerNames = List.copyOf(layerNames);
        Map<String, List<Weight>> copy = new LinkedHashMap<>();
        weights.forEach((layer, list) -> copy.put(layer, List.copyOf(list)));
        weights = Collections.unmodifiableMap(copy);
    }

    /**
     * One saved weight. Integer datasets (the int64 {@code iteration} counter of QKeras' folded
     * layers) are converted to float32 too, with {@code integer} set.
     *
     * @param name    the full Keras weight name, e.g. {@code conv1/kernel:0}
     * @param shape   the dataset shape; empty for a scalar
     * @param values  the values in C order
     * @param integer true when the dataset has an integer type
     */
    public record Weight(String name, int[] shape, float[] values, boolean integer) {
        /** The name without layer prefix and {@code :0} suffix, e.g. {@code kernel}. */
        public String shortName() {
            String last = name.substring(name.lastIndexOf('/') + 1);
            int colon = last.indexOf(':');
            return colon < 0 ? last : last.substring(0, colon);
        }

        /** The values as a tensor of this weight's shape (sharing the array). */
        public Tensor tensor() {
            return Tensor.of(values, shape);
        }
    }

    /** Reads the weights of a weights-only or full-model Keras HDF5 file. */
    public static KerasWeights read(Path file) {
        return Hdf5.read(file, hdf -> fromRoot(file, hdf));
    }

    /** Reads weights from the group holding {@code layer_names}: the root or {@code model_weights}. */
    static KerasWeights fromRoot(Path file, HdfFile hdf) {
        Group group = hdf;
        if (Hdf5.attribute(hdf, "layer_names") == null) {
            Node modelWeights = hdf.getChildren().get("model_weights");
            if (!(modelWeights instanceof Group g)) {
                throw new KerasFormatException(file + ": not a Keras weights file: expected the root attribute "
                        + "layer_names (weights-only file) or a model_weights group (full model file); found "
                        + "groups " + hdf.getChildren().keySet() + " and attributes " + hdf.getAttributes().keySet());
            }
            group = g;
        }
        List<String> layerNames = Hdf5.strings(file, group, "layer_names", true);
        Map<String, List<Weight>> weights = new LinkedHashMap<>();
        for (String layer : layerNames) {
            weights.put(layer, layerWeights(file, group, layer));
        }
        return new KerasWeights(file, layerNames, weights, Hdf5.stringOr(file, group, "keras_version", ""),
                Hdf5.stringOr(file, group, "backend", ""));
    }

    private static List<Weight> layerWeights(Path file, Group root, String layer) {
        if (!(root.getChildren().get(layer) instanceof Group group)) {
            throw new KerasFormatException(file + ": layer '" + layer + "': missing group " + root.getPath()
                    + layer + " (listed in layer_names)");
        }
        List<String> names = Hdf5.strings(file, group, "weight_names", false);
        List<Weight> weights = new ArrayList<>();
        for (String name : names) {
            weights.add(weight(file, group, layer, name));
        }
        return weights;
    }

    private static Weight weight(Path file, Group group, String layer, String name) {
        Node node;
        try {
            node = group.getByPath(name);
        } catch (HdfException e) {
            node = null;
        }
        if (!(node instanceof Dataset dataset)) {
            throw new KerasFormatException(file + ": layer '" + layer + "': missing dataset " + group.getPath()
                    + name + " (listed in weight_names)");
        }
        Class<?> type = dataset.getJavaType();
        int[] shape = dataset.isScalar() ? new int[0] : dataset.getDimensions();
        Object flat = dataset.isScalar() ? dataset.getData() : dataset.getDataFlat();
        float[] values = Hdf5.toFloats(flat);
        if (values == null) {
            throw new KerasFormatException(file + ": layer '" + layer + "': weight " + name + " has type "
                    + type.getSimpleName() + ", expected a float or integer dataset");
        }
        long expectedCount = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (values.length != expectedCount) {
            throw new KerasFormatException(file + ": layer '" + layer + "': weight " + name + " has "
                    + values.length + " values, but its shape " + Arrays.toString(shape) + " needs " + expectedCount);
        }
        boolean integer = type != float.class && type != double.class;
        return new Weight(name, shape, values, integer);
    }

    /**
     * The weights of {@code layer}.
     *
     * @throws KerasFormatException when the file has no such layer
     */
    public List<Weight> layer(String layer) {
        List<Weight> list = weights.get(layer);
        if (list == null) {
            throw new KerasFormatException(source + ": no weights for layer '" + layer + "'; the file lists "
                    + layerNames);
        }
        return list;
    }

    /**
     * The weight of {@code layer} whose short name is {@code shortName} (e.g. {@code kernel}),
     * checked against the shape the layer expects.
     *
     * @throws KerasFormatException when the weight is missing or has another shape
     */
    public Weight expect(String layer, String shortName, int... shape) {
        List<Weight> list = layer(layer);
        Weight weight = list.stream().filter(w -> w.shortName().equals(shortName)).findFirst()
                .orElseThrow(() -> new KerasFormatException(source + ": layer '" + layer + "': missing weight "
                        + shortName + "; the file has " + list.stream().map(Weight::name).toList()));
        if (!Arrays.equals(weight.shape(), shape)) {
            throw new KerasFormatException(source + ": layer '" + layer + "': weight " + weight.name()
                    + " has shape " + Arrays.toString(weight.shape()) + ", expected " + Arrays.toString(shape));
        }
        return weight;
    }

    /** True when {@code file} starts with the HDF5 signature (at offset 0; user blocks are not probed). */
    public static boolean isHdf5(Path file) {
        return Hdf5.hasSignature(file);
    }
}
