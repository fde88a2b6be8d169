package io.github.qkeras4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The content of one IDX file: an element type, the dimensions from the header and the data in the
 * file's big-endian byte order. {@link IdxReader} creates it; the {@code to...} methods decode it.
 */
public final class IdxArray {
    /** IDX element types, keyed by the third byte of the magic number. */
    public enum Type {
        UNSIGNED_BYTE(0x08, 1),
        SIGNED_BYTE(0x09, 1),
        SHORT(0x0B, 2),
        INT(0x0C, 4),
        FLOAT(0x0D, 4),
        DOUBLE(0x0E, 8);

        private final int code;
        private final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** Type byte of the magic number. */
        public int code() {
            return code;
        }

        /** Size of one element in bytes. */
        public int bytes() {
            return bytes;
        }

        /** Returns the type with this magic-number byte, or null for an unknown byte. */
        static Type fromCode(int code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            return null;
        }

        /** True for the integer types, which {@link IdxArray#toInts()} decodes exactly. */
        public boolean isInteger() {
            return this != FLOAT && this != DOUBLE;
        }
    }

    private final Type type;
    private final int[] dims;
    private final ByteBuffer data;

    IdxArray(Type type, int[] dims, byte[] data) {
        this.type = type;
        this.dims = dims.clone();
        this.data = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
    }

    public Type type() {
        return type;
    }

    /** Returns a copy of the dimensions, outermost first, for example {@code [images, rows, columns]}. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements: the product of the dimensions. */
    public int size() {
        return data.capacity() / type.bytes;
    }

    /** Decodes every element as a float; unsigned bytes become 0 to 255. */
    public float[] toFloats() {
        float[] values = new float[size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) element(i);
        }
        return values;
    }

    /**
     * Decodes every element as an int; unsigned bytes become 0 to 255.
     *
     * @throws IllegalStateException for the FLOAT and DOUBLE types, which have no exact int value
     */
    public int[] toInts() {
        if (!type.isInteger()) {
            throw new IllegalStateException("IDX array of type " + type + " cannot be decoded as ints; use toFloats()");
        }
        int[] values = new int[size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (int) element(i);
        }
        return values;
    }

    /** Decodes element {@code i}; a double represents every value of every IDX type exactly. */
    private double element(int i) {
        return switch (type) {
            case UNSIGNED_BYTE -> data.get(i) & 0xFF;
            case SIGNED_BYTE -> data.get(i);
            case SHORT -> data.getShort(2 * i);
            case INT -> data.getInt(4 * i);
            case FLOAT -> data.getFloat(4 * i);
            case DOUBLE -> data.getDouble(8 * i);
        };
    }

    @Override
    public String toString() {
        return "IdxArray[" + type + ", dims " + Arrays.toString(dims) + "]";
    }
}
