package io.github.qkeras4j.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.io.AtomicFiles;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.layers.LayerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * qkeras4j's own model file ({@code .qk4j}), format version 1: a ZIP archive with two entries.
 * <ul>
 *   <li>{@code model.json}: {@code {"format": "qkeras4j-model", "version": 1, "model": {"class_name":
 *       "Sequential", "config": {"name", "input_shape", "layers": [{"class_name", "config"}, …]}},
 *       "weights": [{"layer", "name", "shape", "offset"}, …]}}. Layer configs are Keras configs;
 *       quantizers are stored as QKeras serializes them.</li>
 *   <li>{@code weights.bin}: every weight's float32 values, little-endian, row-major, in the order of
 *       {@code weights}; {@code offset} counts floats from the start of the entry.</li>
 * </ul>
 * The full description is in docs/formats.md. Files are written to a temporary file and renamed, so
 * a crash never leaves a half-written model.
 */
public final class ModelFile {
    /** The value of {@code format} in model.json. */
    public static final String FORMAT = "qkeras4j-model";
    /** The version this code writes; it reads versions up to this one. */
    public static final int VERSION = 1;

    private static final String MODEL_ENTRY = "model.json";
    private static final String WEIGHTS_ENTRY = "weights.bin";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    /** Writes {@code model} (built) to {@code path}. */
    public static void save(Sequential model, Path path) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("version", VERSION);
        document.put("model", modelConfig(model));
        List<Map<String, Object>> index = new ArrayList<>();
        ByteArrayOutputStream weightBytes = new ByteArrayOutputStream();
        long offset = 0;
        for (Layer layer : model.layers()) {
            for (Parameter weight : layer.weights()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("layer", layer.name());
                entry.put("name", weight.name());
                entry.put("shape", Arrays.stream(weight.value().shape()).boxed().toList());
                entry.put("offset", offset);
                index.add(entry);
                float[] values = weight.value().data();
                ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asFloatBuffer().put(values);
                weightBytes.write(buffer.array());
                offset += values.length;
            }
        }
        document.put("weights", index);
        byte[] modelJson = JSON.writeValueAsBytes(document);

        AtomicFiles.write(path, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(entry(MODEL_ENTRY));
                zip.write(modelJson);
                zip.closeEntry();
                zip.putNextEntry(entry(WEIGHTS_ENTRY));
                weightBytes.writeTo(zip);
                zip.closeEntry();
            }
        });
    }

    /** An archive entry with a fixed time stamp, so that the same model always gives the same bytes. */
    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
        return entry;
    }

    /** The Keras-style {@code {"class_name": "Sequential", "config": …}} of a model. */
    public static Map<String, Object> modelConfig(Sequential model) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        config.put("input_shape", Arrays.stream(model.inputShape()).boxed().toList());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", layer.className());
            entry.put("config", layer.config());
            layers.add(entry);
        }
        config.put("layers", layers);
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("class_name", "Sequential");
        wrapped.put("config", config);
        return wrapped;
    }

    /** Reads a model written by {@link #save}; every problem is a {@link ModelFileException} naming the file. */
    public static Sequential load(Path path) {
        if (Files.isDirectory(path)) {
            throw new ModelFileException(path, "is a folder; pass the model file inside it, for example "
                    + path.resolve("model.qk4j"));
        }
        checkZipSignature(path);
        byte[] modelJson = null;
        byte[] weights = null;
        try (InputStream in = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (MODEL_ENTRY.equals(entry.getName())) {
                    modelJson = zip.readAllBytes();
                } else if (WEIGHTS_ENTRY.equals(entry.getName())) {
                    weights = zip.readAllBytes();
                }
            }
        } catch (NoSuchFileException e) {
            throw new ModelFileException(path, "file not found; pass the path of a model written by 'train --out'");
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFileException(path, "not a qkeras4j model archive or truncated (" + e.getMessage()
                    + "); save the model again");
        } catch (IOException e) {
            throw new ModelFileException(path, "cannot read: " + e.getMessage());
        }
        if (modelJson == null || weights == null) {
            throw new ModelFileException(path, "missing entry " + (modelJson == null ? MODEL_ENTRY : WEIGHTS_ENTRY)
                    + "; this is not a complete qkeras4j model file (is it truncated?)");
        }
        return read(path, modelJson, weights);
    }

    /** Rejects a file that does not start with a ZIP local-file header ("PK\3\4"). */
    private static void checkZipSignature(Path path) {
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(path)) {
            read = in.readNBytes(head, 0, 4);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(path, "file not found; pass the path of a model written by 'train --out'");
        } catch (IOException e) {
            throw new ModelFileException(path, "cannot read: " + e.getMessage());
        }
        if (read < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            throw new ModelFileException(path, "not a qkeras4j model file (expected a ZIP archive with model.json and "
                    + "weights.bin); for Keras files use the .h5 or .json extension");
        }
    }

    @SuppressWarnings("unchecked")
    private static Sequential read(Path path, byte[] modelJson, byte[] weightBytes) {
        Map<String, Object> document;
        try {
            document = JSON.readValue(modelJson, Map.class);
        } catch (IOException e) {
            throw new ModelFileException(path, MODEL_ENTRY + " is not valid JSON: " + firstLine(e) + "; save the model again");
        }
        if (!FORMAT.equals(document.get("format"))) {
            throw new ModelFileException(path, "format is " + document.get("format") + ", expected " + FORMAT);
        }
        if (!(document.get("version") instanceof Integer version) || version < 1 || version > VERSION) {
            throw new ModelFileException(path, "format version " + document.get("version")
                    + " is not supported; this qkeras4j reads version " + (VERSION == 1 ? "1" : "1 to " + VERSION)
                    + " (upgrade qkeras4j)");
        }
        Sequential model;
        try {
            model = fromConfig((Map<String, Object>) document.get("model"));
            model.build(0);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new ModelFileException(path, "invalid model config: " + e.getMessage());
        }
        java.nio.FloatBuffer floats = ByteBuffer.wrap(weightBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        List<Map<String, Object>> index = (List<Map<String, Object>>) document.get("weights");
        long expectedFloats = 0;
        int i = 0;
        for (Layer layer : model.layers()) {
            for (Parameter weight : layer.weights()) {
                if (index == null || i >= index.size()) {
                    throw new ModelFileException(path, "layer '" + layer.name() + "' weight '" + weight.name()
                            + "' is missing from the weight index");
                }
                Map<String, Object> entry = index.get(i++);
                List<Integer> shape = (List<Integer>) entry.get("shape");
                int[] expected = weight.value().shape();
                if (!layer.name().equals(entry.get("layer")) || !weight.name().equals(entry.get("name"))
                        || shape == null || !Arrays.equals(expected, shape.stream().mapToInt(Integer::intValue).toArray())) {
                    throw new ModelFileException(path, "weight entry " + entry + " does not match layer '" + layer.name()
                            + "' weight '" + weight.name() + "' of shape " + Arrays.toString(expected));
                }
                long offset = ((Number) entry.get("offset")).longValue();
                float[] values = weight.value().data();
                if (offset < 0 || offset + values.length > floats.capacity()) {
                    throw new ModelFileException(path, WEIGHTS_ENTRY + " has " + floats.capacity() + " floats but layer '"
                            + layer.name() + "' weight '" + weight.name() + "' needs " + values.length + " from offset "
                            + offset + " (truncated file?)");
                }
                floats.get((int) offset, values);
                for (int v = 0; v < values.length; v++) {
                    if (!Float.isFinite(values[v])) {
                        throw new ModelFileException(path, "layer '" + layer.name() + "' weight '" + weight.name()
                                + "' has the non-finite value " + values[v] + " at flat index " + v
                                + "; the model diverged or the file is corrupted");
                    }
                }
                expectedFloats = Math.max(expectedFloats, offset + values.length);
            }
        }
        if (index != null && i < index.size()) {
            throw new ModelFileException(path, "the weight index lists " + index.size() + " weights but the model has "
                    + i + "; the file does not match its model config");
        }
        if (floats.capacity() != expectedFloats) {
            throw new ModelFileException(path, WEIGHTS_ENTRY + " has " + floats.capacity() + " floats but the weights need "
                    + expectedFloats + "; the file is corrupted");
        }
        return model;
    }

    /** Builds an unbuilt model from {@code {"class_name": "Sequential", "config": …}}. */
    @SuppressWarnings("unchecked")
    public static Sequential fromConfig(Map<String, Object> wrapped) {
        if (!"Sequential".equals(wrapped.get("class_name"))) {
            throw new IllegalArgumentException("model class " + wrapped.get("class_name") + " is not supported; expected Sequential");
        }
        Map<String, Object> config = (Map<String, Object>) wrapped.get("config");
        List<Integer> inputShape = (List<Integer>) config.get("input_shape");
        Sequential model = new Sequential(inputShape.stream().mapToInt(Integer::intValue).toArray());
        if (config.get("name") instanceof String name) {
            model.setName(name);
        }
        for (Map<String, Object> layer : (List<Map<String, Object>>) config.get("layers")) {
            model.add(LayerFactory.fromConfig((String) layer.get("class_name"), (Map<String, Object>) layer.get("config")));
        }
        return model;
    }

    private static String firstLine(IOException e) {
        if (e instanceof JsonProcessingException json) {
            var location = json.getLocation();
            return json.getOriginalMessage() + (location == null ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr());
        }
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
