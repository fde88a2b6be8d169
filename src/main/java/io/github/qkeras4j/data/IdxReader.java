package io.github.qkeras4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, either raw or gzip-compressed.
 *
 * <p>Layout: a 4-byte magic number {@code 00 00 TT RR} where {@code TT} is the element type
 * ({@link IdxArray.Type}) and {@code RR} the rank, then {@code RR} big-endian 32-bit dimensions, then
 * the elements in row-major order and big-endian byte order. Compression is recognised by the gzip
 * magic bytes {@code 1f 8b}, not by the file name.
 *
 * <p>Every failure is a {@link DatasetException} whose one-line message names the file, what is
 * wrong and the fix.
 */
public final class IdxReader {
    /** Fix suggested when the caller knows no better one. */
    public static final String DEFAULT_FIX = "replace it with a complete IDX file (raw or gzip-compressed)";

    private static final int BUFFER_BYTES = 1 << 16;

    private IdxReader() {
    }

    /** Reads {@code file}, suggesting {@link #DEFAULT_FIX} when it is unusable. */
    public static IdxArray read(Path file) {
        return read(file, DEFAULT_FIX);
    }

    /**
     * Reads {@code file}.
     *
     * @param fix what the user should do when the file is unusable, for example which package to
     *            reinstall; it ends every error message
     */
    public static IdxArray read(Path file, String fix) {
        if (!Files.exists(file)) {
            throw failure(file, "not found", fix);
        }
        if (!Files.isRegularFile(file)) {
            throw failure(file, "not a regular file", fix);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzip ? new GZIPInputStream(raw, BUFFER_BYTES) : raw;
            return parse(file, in, gzip, fix);
        } catch (ZipException e) {
            throw failure(file, "corrupt gzip data (" + e.getMessage() + ")", fix);
        } catch (IOException e) {
            throw failure(file, "read failed (" + e + ")", fix);
        }
    }

    private static IdxArray parse(Path file, InputStream in, boolean gzip, String fix) throws IOException {
        String decompressed = gzip ? " after decompression" : "";

        byte[] magic = new byte[4];
        int got = readFully(in, magic);
        if (got < magic.length) {
            throw failure(file, "truncated header: expected 4 bytes" + decompressed + ", got " + got, fix);
        }
        IdxArray.Type type = IdxArray.Type.fromCode(magic[2] & 0xFF);
        int rank = magic[3] & 0xFF;
        if (magic[0] != 0 || magic[1] != 0 || type == null || rank == 0) {
            throw failure(file, String.format("bad magic number 0x%02X%02X%02X%02X: an IDX file starts with"
                    + " 00 00, a type byte (08, 09, 0B, 0C, 0D or 0E) and a rank >= 1",
                    magic[0], magic[1], magic[2], magic[3]), fix);
        }

        byte[] header = new byte[4 * rank];
        got = readFully(in, header);
        if (got < header.length) {
            throw failure(file, "truncated header: expected " + header.length + " bytes of dimensions"
                    + decompressed + ", got " + got, fix);
        }
        int[] dims = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            long dim = readUnsignedInt(header, 4 * i);
            if (dim > Integer.MAX_VALUE) {
                throw failure(file, "dimension " + i + " is " + dim + ", larger than " + Integer.MAX_VALUE, fix);
            }
            dims[i] = (int) dim;
            elements *= dim;
        }
        long payloadBytes = elements * type.bytes();
        if (payloadBytes > Integer.MAX_VALUE - 8) {
            throw failure(file, "data of " + payloadBytes + " bytes is larger than a Java array can hold", fix);
        }

        byte[] data = new byte[(int) payloadBytes];
        got = readFully(in, data);
        if (got < data.length) {
            throw failure(file, "truncated data: expected " + data.length + " bytes" + decompressed + ", got "
                    + got, fix);
        }
        if (in.read() != -1) {
            throw failure(file, "extra bytes after the " + data.length + " bytes of data that the header"
                    + " declares", fix);
        }
        return new IdxArray(type, dims, data);
    }

    /**
     * Reads until {@code buffer} is full or the stream ends and returns the number of bytes read. A
     * gzip stream that ends inside a compressed block counts as ended, so the caller can report it as
     * truncated with the byte count.
     */
    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        try {
            while (filled < buffer.length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream throws this for a stream cut off inside its compressed data.
        }
        return filled;
    }

    private static long readUnsignedInt(byte[] bytes, int offset) {
        return ((long) (bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
                | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    }

    private static DatasetException failure(Path file, String problem, String fix) {
        return new DatasetException("IDX file " + file + ": " + problem + "; " + fix);
    }
}
