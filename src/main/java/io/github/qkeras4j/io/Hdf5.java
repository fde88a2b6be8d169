package io.github.qkeras4j.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Helpers over jhdf for the attribute conventions of Keras 2 HDF5 files. */
final class Hdf5 {
    /** The 8-byte signature at the start of every HDF5 file without a user block. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};

    private Hdf5() {
    }

    /**
     * Opens {@code file}, applies {@code reader} and closes it. jhdf failures (a truncated or
     * corrupted file) become a one-line {@link KerasFormatException} naming the file.
     */
    static <T> T read(Path file, Function<HdfFile, T> reader) {
        if (!Files.isRegularFile(file)) {
            throw new KerasFormatException(file + ": file not found");
        }
        if (!hasSignature(file)) {
            throw new KerasFormatException(file + ": not an HDF5 file (expected the signature \\x89HDF\\r\\n\\x1a\\n "
                    + "at offset 0)");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            return reader.apply(hdf);
        } catch (KerasFormatException e) {
            throw e;
        } catch (HdfException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException
                | java.nio.BufferUnderflowException e) {
            throw new KerasFormatException(file + ": cannot read HDF5 file (truncated or corrupted?): "
                    + oneLine(e), e);
        }
    }

    static boolean hasSignature(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SIGNATURE.length), SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The attribute {@code name} of {@code node}, or null. Keras stores an attribute that does not
     * fit in the 64 KB object header as {@code name0}, {@code name1}, …; those are not merged here
     * (see {@link #strings}).
     */
    static Attribute attribute(Node node, String name) {
        return node.getAttributes().get(name);
    }

    /**
     * A string-list attribute such as {@code layer_names} or {@code weight_names}, whole or split
     * into {@code name0}, {@code name1}, … chunks. An empty attribute (Keras writes an empty
     * float64 array for a layer without weights) gives an empty list.
     *
     * @param required whether a missing attribute is an error; Keras itself reads a missing
     *                 {@code weight_names} as an empty list
     * @throws KerasFormatException when a required attribute is missing, or the attribute is not a
     *                              string list
     */
    static List<String> strings(Path file, Node node, String name, boolean required) {
        Attribute whole = attribute(node, name);
        if (whole != null) {
            return stringValues(file, node, name, whole.getData());
        }
        List<String> values = new ArrayList<>();
        for (int chunk = 0; attribute(node, name + chunk) != null; chunk++) {
            values.addAll(stringValues(file, node, name + chunk, attribute(node, name + chunk).getData()));
        }
        if (required && values.isEmpty() && attribute(node, name + 0) == null) {
            throw new KerasFormatException(file + ": " + where(node) + "missing attribute " + name);
        }
        return values;
    }

    private static List<String> stringValues(Path file, Node node, String name, Object data) {
        if (data == null) {
            return List.of();
        }
        if (data instanceof String single) {
            return List.of(single);
        }
        if (data.getClass().isArray()) {
            int length = Array.getLength(data);
            List<String> values = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                Object item = Array.get(data, i);
                if (!(item instanceof String text)) {
                    throw new KerasFormatException(file + ": " + where(node) + "attribute " + name
                            + " must hold strings, found " + data.getClass().getComponentType().getSimpleName());
                }
                values.add(text);
            }
            return values;
        }
        throw new KerasFormatException(file + ": " + where(node) + "attribute " + name + " must hold strings, found "
                + data.getClass().getSimpleName());
    }

    /** A scalar string attribute, or {@code fallback} when absent. */
    static String stringOr(Path file, Node node, String name, String fallback) {
        Attribute attribute = attribute(node, name);
        if (attribute == null) {
            return fallback;
        }
        List<String> values = stringValues(file, node, name, attribute.getData());
        if (values.size() != 1) {
            throw new KerasFormatException(file + ": " + where(node) + "attribute " + name
                    + " must be one string, found " + values.size());
        }
        return values.getFirst();
    }

    /**
     * Converts jhdf data (a flat primitive array or a boxed scalar of a numeric type) to float32;
     * null for any other type.
     */
    static float[] toFloats(Object data) {
        if (data instanceof float[] floats) {
            return floats.clone();
        }
        if (data instanceof Number number) {
            return new float[] {number.floatValue()};
        }
        Class<?> element = data == null || !data.getClass().isArray() ? null : data.getClass().getComponentType();
        if (element == null || !element.isPrimitive() || element == boolean.class || element == char.class) {
            return null;
        }
        // Array.getDouble widens byte, short, int, long and double element types alike.
        float[] values = new float[Array.getLength(data)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Array.getDouble(data, i);
        }
        return values;
    }

    private static String where(Node node) {
        return node.getPath().equals("/") ? "" : "group " + node.getPath() + ": ";
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
