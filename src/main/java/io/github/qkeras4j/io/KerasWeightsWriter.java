package io.github.qkeras4j.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes weights in the weights-only HDF5 layout of tf.keras 2.x ({@code model.save_weights("w.h5")}),
 * which {@code model.load_weights} of Keras 2 and QKeras reads (checked with h5py 3.16 and
 * tf.keras 2.15 by interop/check_writer.py).
 *
 * <p>Layout: root attributes {@code layer_names}, {@code backend}, {@code keras_version}; one group
 * per layer with the attribute {@code weight_names}; each weight a dataset at
 * {@code <layer>/<weight name>}, float32, or int64 for integer weights such as the folded layers'
 * {@code iteration}. Layers without weights are not written: Keras' {@code load_weights} matches
 * the layers that have weights by position (or by name with {@code by_name=True}) and skips the
 * others, so {@code layerNames} must follow the model's layer order.
 */
public final class KerasWeightsWriter {
    /**
     * Bytes one object's attributes may use. HDF5 object headers hold at most 64 KiB; jhdf 0.9.1
     * writes no continuation blocks, and h5py cannot open a file whose attributes exceed that.
     * Keras uses the same bound (64512 bytes) before splitting attributes.
     */
    static final int ATTRIBUTE_BYTES_LIMIT = 64512;

    private KerasWeightsWriter() {
    }

    /**
     * Writes {@code weights} to {@code file}, replacing it. The file is written to a temporary
     * sibling first and renamed, so a failed write leaves no partial file.
     *
     * @throws KerasFormatException when a layer of {@code layerNames} has no weight list, or the
     *                              layer or weight names do not fit in one HDF5 object header
     */
    public static void write(Path file, KerasWeights weights) throws IOException {
        write(file, weights, null);
    }

    /**
     * Writes a full-model file in the layout of tf.keras 2.x's {@code model.save("m.h5")}: the root
     * attributes {@code model_config} (the architecture as JSON), {@code keras_version} and
     * {@code backend}, and the weights in the group {@code model_weights}. No
     * {@code training_config} is written, so Keras loads the model uncompiled.
     *
     * @throws KerasFormatException when the config or the names do not fit in one HDF5 object header
     */
    public static void writeModel(Path file, String modelConfigJson, KerasWeights weights) throws IOException {
        write(file, weights, modelConfigJson);
    }

    private static void write(Path file, KerasWeights weights, String modelConfigJson) throws IOException {
        // Layers without weights are left out: Keras skips them when loading (it matches layers that
        // have weights by position), and jhdf sometimes corrupts an empty group (see verify).
        List<String> layers = weights.layerNames().stream().filter(l -> !weights.layer(l).isEmpty()).toList();
        if (layers.isEmpty()) {
            // TODO: write the empty string array h5py writes once jhdf supports empty attributes.
            throw new KerasFormatException(file + ": the model has no weights, and jhdf cannot write the empty "
                    + "layer_names attribute Keras expects; save such a model as JSON or .qk4j");
        }
        checkAttributeSize(file, "root", layers);
        if (modelConfigJson != null) {
            checkAttributeSize(file, "model_config", List.of(modelConfigJson));
        }
        String backend = weights.backend().isEmpty() ? "tensorflow" : weights.backend();
        String kerasVersion = weights.kerasVersion().isEmpty() ? "2.15.0" : weights.kerasVersion();
        Path temp = AtomicFiles.temporarySibling(file);
        try {
            try (WritableHdfFile hdf = HdfFile.write(temp)) {
                WritableGroup root = hdf;
                if (modelConfigJson != null) {
                    hdf.putAttribute("model_config", modelConfigJson);
                    hdf.putAttribute("backend", backend);
                    hdf.putAttribute("keras_version", kerasVersion);
                    root = hdf.putGroup("model_weights");
                }
                root.putAttribute("layer_names", layers.toArray(String[]::new));
                root.putAttribute("backend", backend);
                root.putAttribute("keras_version", kerasVersion);
                for (String layer : layers) {
                    writeLayer(file, root.putGroup(layer), layer, weights.layer(layer));
                }
            } catch (HdfException e) {
                throw new IOException(file + ": writing HDF5 failed: " + Hdf5.oneLine(e), e);
            }
            verify(file, temp, weights, layers);
            AtomicFiles.move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads the written file back and compares every weight. jhdf 0.9.1 to 0.13.0 sometimes
     * writes an object header over another (seen with a layer group that has no weights, placed
     * after a dataset); such a file does not open in h5py, so it must not replace {@code file}.
     */
    private static void verify(Path file, Path temp, KerasWeights expected, List<String> layers)
            throws IOException {
        KerasWeights actual;
        try {
            actual = KerasWeights.read(temp);
        } catch (KerasFormatException e) {
            throw new IOException(file + ": jhdf wrote an HDF5 file that does not read back ("
                    + e.getMessage().substring(e.getMessage().indexOf(": ") + 2) + "); nothing was written", e);
        }
        if (!actual.layerNames().equals(layers)) {
            throw new IOException(file + ": jhdf wrote layer_names " + actual.layerNames() + ", expected " + layers
                    + "; nothing was written");
        }
        for (String layer : layers) {
            List<KerasWeights.Weight> want = expected.layer(layer);
            List<KerasWeights.Weight> got = actual.layer(layer);
            for (int i = 0; i < want.size(); i++) {
                if (i >= got.size() || !Arrays.equals(want.get(i).values(), got.get(i).values())
                        || !Arrays.equals(want.get(i).shape(), got.get(i).shape())) {
                    throw new IOException(file + ": jhdf wrote layer '" + layer + "' weight " + want.get(i).name()
                            + " incorrectly (read back differs); nothing was written");
                }
            }
        }
    }

    private static void writeLayer(Path file, WritableGroup group, String layer, List<KerasWeights.Weight> weights) {
        List<String> names = weights.stream().map(KerasWeights.Weight::name).toList();
        checkAttributeSize(file, "layer '" + layer + "'", names);
        group.putAttribute("weight_names", names.toArray(String[]::new));
        // Weight names contain '/' (dense1/kernel:0): each part but the last is a nested group.
        Map<String, WritableGroup> groups = new HashMap<>();
        for (KerasWeights.Weight weight : weights) {
            String name = weight.name();
            int slash = name.lastIndexOf('/');
            WritableGroup parent = slash < 0 ? group : subgroup(group, groups, name.substring(0, slash));
            parent.putDataset(name.substring(slash + 1), datasetValue(weight));
        }
    }

    private static WritableGroup subgroup(WritableGroup root, Map<String, WritableGroup> groups, String path) {
        WritableGroup existing = groups.get(path);
        if (existing != null) {
            return existing;
        }
        int slash = path.lastIndexOf('/');
        WritableGroup parent = slash < 0 ? root : subgroup(root, groups, path.substring(0, slash));
        WritableGroup created = parent.putGroup(path.substring(slash + 1));
        groups.put(path, created);
        return created;
    }

    /** A nested Java array of the weight's shape (jhdf derives the dataset shape from it), or a scalar. */
    private static Object datasetValue(KerasWeights.Weight weight) {
        int[] shape = weight.shape();
        float[] values = weight.values();
        if (shape.length == 0) {
            return weight.integer() ? (Object) (long) values[0] : (Object) values[0];
        }
        Object array = Array.newInstance(weight.integer() ? long.class : float.class, shape);
        int[] index = new int[shape.length];
        for (int flat = 0; flat < values.length; flat++) {
            Object row = array;
            for (int axis = 0; axis < shape.length - 1; axis++) {
                row = Array.get(row, index[axis]);
            }
            if (weight.integer()) {
                ((long[]) row)[index[shape.length - 1]] = (long) values[flat];
            } else {
                ((float[]) row)[index[shape.length - 1]] = values[flat];
            }
            for (int axis = shape.length - 1; axis >= 0 && ++index[axis] == shape[axis]; axis--) {
                index[axis] = 0;
            }
        }
        return array;
    }

    private static void checkAttributeSize(Path file, String where, List<String> names) {
        long bytes = names.stream().mapToLong(n -> n.getBytes(StandardCharsets.UTF_8).length + 1L).sum();
        if (bytes > ATTRIBUTE_BYTES_LIMIT) {
            // TODO: split into name0, name1, ... attributes once jhdf writes object header continuations.
            throw new KerasFormatException(file + ": " + where + ": " + names.size() + " string(s) need " + bytes
                    + " bytes, more than the " + ATTRIBUTE_BYTES_LIMIT + " bytes one HDF5 object header can hold "
                    + "when written by jhdf; shorten the layer or weight names, or write the model as JSON plus "
                    + "a weights file");
        }
    }
}
