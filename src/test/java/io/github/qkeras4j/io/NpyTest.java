package io.github.qkeras4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    /** Builds an .npy file the way NumPy lays it out: magic, version, header length, header, data. */
    private Path npy(String name, int major, String header, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        byte[] text = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) text.length);
        } else {
            length.putInt(text.length);
        }
        out.write(length.array());
        out.write(text);
        out.write(data);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] littleEndian(int bytesPerValue, long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(bytesPerValue * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytesPerValue) {
                case 1 -> buffer.put((byte) v);
                case 4 -> buffer.putInt((int) v);
                default -> buffer.putLong(v);
            }
        }
        return buffer.array();
    }

    @Test
    void writeThenReadKeepsShapeAndValues() throws IOException {
        Tensor tensor = Tensor.of(new float[] {1.5f, -2f, 0.1f, Float.MIN_VALUE, 7f, -0f}, 2, 3);
        Path file = dir.resolve("t.npy");

        Npy.write(file, tensor);
        Tensor read = Npy.read(file);

        assertArrayEquals(new int[] {2, 3}, read.shape());
        assertArrayEquals(tensor.data(), read.data());
    }

    @Test
    void writeAlignsDataTo64Bytes() throws IOException {
        Path file = dir.resolve("aligned.npy");
        Npy.write(file, Tensor.zeros(3));

        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;

        assertEquals(0, (10 + headerLength) % 64);
        assertEquals(10 + headerLength + 12, bytes.length);
        assertTrue(new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1).contains("'shape': (3,)"));
    }

    @Test
    void writeScalarAndRank4() throws IOException {
        Path scalar = dir.resolve("scalar.npy");
        Path rank4 = dir.resolve("rank4.npy");

        Npy.write(scalar, Tensor.scalar(3f));
        Npy.write(rank4, Tensor.zeros(1, 2, 3, 4));

        assertEquals(0, Npy.read(scalar).rank());
        assertEquals(3f, Npy.read(scalar).data()[0]);
        assertArrayEquals(new int[] {1, 2, 3, 4}, Npy.read(rank4).shape());
    }

    @Test
    void writeLeavesNoTemporaryFile() throws IOException {
        Npy.write(dir.resolve("only.npy"), Tensor.zeros(2));

        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void readsFloat64Int32Int64AndUint8() throws IOException {
        ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.25).putDouble(-3);
        Path f8 = npy("f8.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles.array());
        Path i4 = npy("i4.npy", 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }",
                littleEndian(4, -7, 9));
        Path i8 = npy("i8.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
                littleEndian(8, -1, 1L << 20));
        Path u1 = npy("u1.npy", 1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
                littleEndian(1, 0, 128, 255));

        assertArrayEquals(new float[] {0.25f, -3f}, Npy.read(f8).data());
        assertArrayEquals(new float[] {-7f, 9f}, Npy.read(i4).data());
        assertArrayEquals(new int[] {1, 2}, Npy.read(i4).shape());
        assertArrayEquals(new float[] {-1f, 1 << 20}, Npy.read(i8).data());
        assertArrayEquals(new float[] {0f, 128f, 255f}, Npy.read(u1).data());
    }

    @Test
    void readsVersion2Header() throws IOException {
        Path file = npy("v2.npy", 2, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
                littleEndian(4, 3, 4));

        assertArrayEquals(new float[] {3f, 4f}, Npy.read(file).data());
    }

    @Test
    void rejectsFortranOrder() throws IOException {
        Path file = npy("fortran.npy", 1, "{'descr': '<i4', 'fortran_order': True, 'shape': (1, 2), }",
                littleEndian(4, 3, 4));

        KerasFormatException e = assertThrows(KerasFormatException.class, () -> Npy.read(file));

        assertEquals(file + ": Fortran-order arrays are not supported; save the array with "
                + "numpy.ascontiguousarray first", e.getMessage());
    }

    @Test
    void rejectsBigEndianDtype() throws IOException {
        Path file = npy("big.npy", 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }",
                littleEndian(4, 0));

        KerasFormatException e = assertThrows(KerasFormatException.class, () -> Npy.read(file));

        assertTrue(e.getMessage().startsWith(file + ": unsupported .npy dtype '>f4', expected one of [<f4, <f8"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        Path file = npy("short.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
                littleEndian(4, 1, 2, 3));

        KerasFormatException e = assertThrows(KerasFormatException.class, () -> Npy.read(file));

        assertEquals(file + ": truncated .npy data: shape [2, 2] of <f4 needs 16 bytes, 12 present", e.getMessage());
    }

    @Test
    void rejectsFileWithoutMagic() throws IOException {
        Path file = dir.resolve("text.npy");
        Files.writeString(file, "1,2,3\n4,5,6\n");

        KerasFormatException e = assertThrows(KerasFormatException.class, () -> Npy.read(file));

        assertEquals(file + ": not a NumPy .npy file (expected the magic \\x93NUMPY)", e.getMessage());
    }

    @Test
    void readsGoldenInputs() {
        Tensor inputs = Npy.read(GoldenFiles.model("cnn").resolve("inputs.npy"));

        assertArrayEquals(new int[] {4, 8, 8, 2}, inputs.shape());
    }
}
