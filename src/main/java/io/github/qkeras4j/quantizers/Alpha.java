package io.github.qkeras4j.quantizers;

/**
 * The {@code alpha} parameter of QKeras's linear, binary and ternary quantizers: no scale, a fixed
 * scale, or a scale fitted to the data on every call ("auto": least squares, "auto_po2": least
 * squares rounded to a power of two).
 *
 * @param kind  which of the four forms
 * @param value the fixed scale for {@link Kind#FIXED}; 1 otherwise
 */
public record Alpha(Kind kind, double value) {
    /** The four forms of alpha. */
    public enum Kind { NONE, FIXED, AUTO, AUTO_PO2 }

    public static final Alpha NONE = new Alpha(Kind.NONE, 1.0);
    public static final Alpha AUTO = new Alpha(Kind.AUTO, 1.0);
    public static final Alpha AUTO_PO2 = new Alpha(Kind.AUTO_PO2, 1.0);

    /** A fixed scale. */
    public static Alpha fixed(double value) {
        return new Alpha(Kind.FIXED, value);
    }

    /** True for "auto" and "auto_po2". */
    public boolean isAuto() {
        return kind == Kind.AUTO || kind == Kind.AUTO_PO2;
    }

    /** The value as QKeras stores it: null, a float, or the string 'auto' / 'auto_po2'. */
    Object pythonValue() {
        return switch (kind) {
            case NONE -> null;
            case FIXED -> value;
            case AUTO -> "auto";
            case AUTO_PO2 -> "auto_po2";
        };
    }
}
