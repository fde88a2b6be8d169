package io.github.qkeras4j.io;

import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>A file is the magic {@code \x93NUMPY}, a version, a header length (2 bytes in 1.0, 4 bytes
 * after), then a Python dict literal such as {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (4, 8), }} padded so the data starts at a multiple of 64 bytes, then the raw C-order
 * data. Readable types: {@code <f4}, {@code <f8}, {@code <i4}, {@code <i8}, {@code |u1} (and
 * {@code |i1}); everything is converted to float32. Fortran-order files are rejected. Writing
 * produces version 1.0, {@code <f4}, C order.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int HEADER_ALIGNMENT = 64;

    private Npy() {
    }

    /** Element types this reader converts to float32. */
    private enum Dtype {
        FLOAT32("<f4", 4), FLOAT64("<f8", 8), INT32("<i4", 4), INT64("<i8", 8), UINT8("|u1", 1), INT8("|i1", 1);

        final String descr;
        final int bytes;

        Dtype(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        static Dtype of(String descr) {
            for (Dtype dtype : values()) {
                if (dtype.descr.equals(descr)) {
                    return dtype;
                }
            }
            return null;
        }

        static String supported() {
            return Arrays.stream(values()).map(d -> d.descr).toList().toString();
        }
    }

    /**
     * Reads an {@code .npy} file into a float32 tensor of the stored shape (a 0-d array becomes a
     * rank-0 tensor).
     *
     * @throws KerasFormatException with a one-line message naming the file and the problem
     */
    public static Tensor read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KerasFormatException(file + ": cannot read .npy file: " + e.getMessage(), e);
        }
        return parse(file, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    private static Tensor parse(Path file, ByteBuffer buffer) {
        if (buffer.remaining() < 10 || !Arrays.equals(Arrays.copyOf(buffer.array(), MAGIC.length), MAGIC)) {
            throw new KerasFormatException(file + ": not a NumPy .npy file (expected the magic \\x93NUMPY)");
        }
        buffer.position(MAGIC.length);
        int major = buffer.get() & 0xFF;
        buffer.get(); // minor version: no format change depends on it
        long headerLength = switch (major) {
            case 1 -> buffer.getShort() & 0xFFFF;
            case 2, 3 -> buffer.getInt() & 0xFFFFFFFFL;
            default -> throw new KerasFormatException(file + ": unsupported .npy format version " + major
                    + ", expected 1, 2 or 3");
        };
        if (headerLength > buffer.remaining()) {
            throw new KerasFormatException(file + ": truncated .npy header: " + headerLength + " bytes declared, "
                    + buffer.remaining() + " present");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        buffer.get(headerBytes);
        // Version 3.0 only widens the header encoding to UTF-8; 1.0 and 2.0 headers are ASCII.
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Dtype dtype = dtype(file, header);
        if (field(file, header, FORTRAN, "fortran_order").equals("True")) {
            throw new KerasFormatException(file + ": Fortran-order arrays are not supported; save the array "
                    + "with numpy.ascontiguousarray first");
        }
        int[] shape = shape(file, header);
        long count = 1;
        for (int dim : shape) {
            count *= dim;
        }
        if (count > Integer.MAX_VALUE || count * dtype.bytes > buffer.remaining()) {
            throw new KerasFormatException(file + ": truncated .npy data: shape " + Arrays.toString(shape) + " of "
                    + dtype.descr + " needs " + count * dtype.bytes + " bytes, " + buffer.remaining() + " present");
        }
        return Tensor.of(values(buffer, dtype, (int) count), shape);
    }

    private static Dtype dtype(Path file, String header) {
        String descr = field(file, header, DESCR, "descr");
        Dtype dtype = Dtype.of(descr);
        if (dtype == null) {
            throw new KerasFormatException(file + ": unsupported .npy dtype '" + descr + "', expected one of "
                    + Dtype.supported() + " (little-endian); convert with array.astype('<f4')");
        }
        return dtype;
    }

    private static String field(Path file, String header, Pattern pattern, String key) {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new KerasFormatException(file + ": .npy header has no valid '" + key + "' entry: "
                    + header.strip());
        }
        return matcher.group(1);
    }

    private static int[] shape(Path file, String header) {
        String text = field(file, header, SHAPE, "shape").strip();
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(",");
        int rank = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new KerasFormatException(file + ": invalid .npy shape (" + text + ")", e);
            }
            if (shape[i] < 0) {
                throw new KerasFormatException(file + ": invalid .npy shape (" + text + ")");
            }
        }
        return shape;
    }

    private static float[] values(ByteBuffer buffer, Dtype dtype, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (dtype) {
                case FLOAT32 -> buffer.getFloat();
                case FLOAT64 -> (float) buffer.getDouble();
                case INT32 -> buffer.getInt();
                case INT64 -> buffer.getLong();
                case UINT8 -> buffer.get() & 0xFF;
                case INT8 -> buffer.get();
            };
        }
        return values;
    }

    /**
     * Writes {@code tensor} as a version 1.0 {@code <f4} C-order {@code .npy} file. The file is
     * written to a temporary sibling and renamed, so a reader never sees a partial file.
     */
    public static void write(Path file, Tensor tensor) throws IOException {
        int[] shape = tensor.shape();
        StringBuilder dims = new StringBuilder();
        for (int dim : shape) {
            dims.append(dim).append(", ");
        }
        // Python's repr of a 1-tuple keeps the trailing comma; of a longer tuple it drops it.
        String shapeText = shape.length == 1 ? dims.toString().strip() : dims.toString().replaceAll(", $", "");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (HEADER_ALIGNMENT - unpadded % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";

        float[] data = tensor.data();
        ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 4 * data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.ISO_8859_1));
        buffer.asFloatBuffer().put(data);
        AtomicFiles.write(file, buffer.array());
    }
}
