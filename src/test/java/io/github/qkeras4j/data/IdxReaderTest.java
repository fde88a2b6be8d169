package io.github.qkeras4j.data;

import static io.github.qkeras4j.data.IdxFiles.gzip;
import static io.github.qkeras4j.data.IdxFiles.idx;
import static io.github.qkeras4j.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    private static final byte[] PIXELS = {0, 1, 127, (byte) 128, (byte) 200, (byte) 255};

    @TempDir
    Path dir;

    @Test
    void readsRawUnsignedBytes() {
        Path file = write(dir.resolve("images-idx3-ubyte"), idx(0x08, new int[] {1, 2, 3}, PIXELS));

        IdxArray array = IdxReader.read(file);

        assertEquals(IdxArray.Type.UNSIGNED_BYTE, array.type());
        assertArrayEquals(new int[] {1, 2, 3}, array.dims());
        assertArrayEquals(new int[] {0, 1, 127, 128, 200, 255}, array.toInts());
        assertArrayEquals(new float[] {0, 1, 127, 128, 200, 255}, array.toFloats());
    }

    @Test
    void detectsGzipByMagicBytesNotName() {
        Path compressedWithoutSuffix = write(dir.resolve("a-idx3-ubyte"), gzip(idx(0x08, new int[] {6}, PIXELS)));
        Path rawWithSuffix = write(dir.resolve("b-idx3-ubyte.gz"), idx(0x08, new int[] {6}, PIXELS));

        assertArrayEquals(new int[] {0, 1, 127, 128, 200, 255}, IdxReader.read(compressedWithoutSuffix).toInts());
        assertArrayEquals(new int[] {0, 1, 127, 128, 200, 255}, IdxReader.read(rawWithSuffix).toInts());
    }

    @Test
    void decodesEveryElementType() {
        ByteBuffer shorts = ByteBuffer.allocate(4).putShort((short) -2).putShort((short) 300);
        ByteBuffer ints = ByteBuffer.allocate(8).putInt(-70000).putInt(123456);
        ByteBuffer floats = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-0.25f);
        ByteBuffer doubles = ByteBuffer.allocate(16).putDouble(2.5).putDouble(-8);

        IdxArray signed = IdxReader.read(write(dir.resolve("s"), idx(0x09, new int[] {2}, new byte[] {-3, 4})));
        IdxArray shortArray = IdxReader.read(write(dir.resolve("h"), idx(0x0B, new int[] {2}, shorts.array())));
        IdxArray intArray = IdxReader.read(write(dir.resolve("i"), idx(0x0C, new int[] {2}, ints.array())));
        IdxArray floatArray = IdxReader.read(write(dir.resolve("f"), idx(0x0D, new int[] {2}, floats.array())));
        IdxArray doubleArray = IdxReader.read(write(dir.resolve("d"), idx(0x0E, new int[] {1, 2}, doubles.array())));

        assertArrayEquals(new int[] {-3, 4}, signed.toInts());
        assertArrayEquals(new int[] {-2, 300}, shortArray.toInts());
        assertArrayEquals(new int[] {-70000, 123456}, intArray.toInts());
        assertArrayEquals(new float[] {1.5f, -0.25f}, floatArray.toFloats());
        assertArrayEquals(new float[] {2.5f, -8f}, doubleArray.toFloats());
        assertEquals(IdxArray.Type.DOUBLE, doubleArray.type());
        assertThrows(IllegalStateException.class, floatArray::toInts);
    }

    @Test
    void readsEmptyArray() {
        IdxArray array = IdxReader.read(write(dir.resolve("empty"), idx(0x08, new int[] {0, 28, 28}, new byte[0])));

        assertEquals(0, array.size());
        assertArrayEquals(new int[] {0, 28, 28}, array.dims());
    }

    @Test
    void rejectsBadMagic() {
        byte[] bytes = idx(0x08, new int[] {6}, PIXELS);
        bytes[0] = 0x50;
        Path file = write(dir.resolve("bad"), bytes);

        String message = failure(file, "reinstall the package");

        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains("bad magic number 0x50000801"), message);
        assertTrue(message.endsWith("; reinstall the package"), message);
    }

    @Test
    void rejectsUnknownTypeByte() {
        Path file = write(dir.resolve("type"), idx(0x0A, new int[] {6}, PIXELS));

        assertTrue(failure(file, "fix").contains("bad magic number 0x00000A01"));
    }

    @Test
    void rejectsTruncatedRawData() {
        byte[] whole = idx(0x08, new int[] {2, 3}, PIXELS);
        Path file = write(dir.resolve("cut"), Arrays.copyOf(whole, whole.length - 2));

        String message = failure(file, "fix");

        assertTrue(message.contains("truncated data: expected 6 bytes, got 4"), message);
    }

    @Test
    void rejectsTruncatedGzipData() {
        byte[] payload = new byte[5000];
        Arrays.fill(payload, (byte) 7);
        byte[] compressed = gzip(idx(0x08, new int[] {50, 100}, payload));
        Path cutInsideStream = write(dir.resolve("cut.gz"), Arrays.copyOf(compressed, compressed.length / 2));
        Path cutPayload = write(dir.resolve("short.gz"), gzip(idx(0x08, new int[] {50, 101}, payload)));

        assertTrue(failure(cutInsideStream, "fix").contains("truncated"));
        assertTrue(failure(cutPayload, "fix").contains("truncated data: expected 5050 bytes after decompression,"
                + " got 5000"));
    }

    @Test
    void rejectsTruncatedHeader() {
        Path file = write(dir.resolve("header"), new byte[] {0, 0, 8, 3, 0, 0});

        assertTrue(failure(file, "fix").contains("truncated header: expected 12 bytes of dimensions, got 2"));
    }

    @Test
    void rejectsExtraBytes() {
        byte[] whole = idx(0x08, new int[] {5}, PIXELS);
        Path file = write(dir.resolve("long"), whole);

        assertTrue(failure(file, "fix").contains("extra bytes after the 5 bytes of data"));
    }

    @Test
    void rejectsMissingFile() {
        Path file = dir.resolve("absent");

        String message = failure(file, "pass --data DIR");

        assertEquals("IDX file " + file + ": not found; pass --data DIR", message);
    }

    @Test
    void rejectsDirectory() {
        assertTrue(failure(dir, "fix").contains("not a regular file"));
    }

    @Test
    void rejectsCorruptGzipHeader() {
        byte[] compressed = gzip(idx(0x08, new int[] {6}, PIXELS));
        compressed[2] = 0x01;
        Path file = write(dir.resolve("corrupt.gz"), compressed);

        assertTrue(failure(file, "fix").contains("corrupt gzip data"));
    }

    /** Reads {@code file} expecting a failure and returns its message after checking that it is one line. */
    private static String failure(Path file, String fix) {
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(file, fix));
        assertFalse(e.getMessage().contains("\n"), "message has one line: " + e.getMessage());
        return e.getMessage();
    }
}
