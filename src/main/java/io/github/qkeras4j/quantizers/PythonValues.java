package io.github.qkeras4j.quantizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads and writes the Python literals of QKeras spec strings: True/False, int, float, None, a
 * space-separated list of numbers, and a quoted string. Values are held as Boolean, Long, Double,
 * String, {@code List<Number>} or null.
 */
final class PythonValues {
    private static final String DIGITS = "\\d+(?:_\\d+)*";
    /** Python's {@code int()} of a base-10 literal (after stripping blanks). */
    private static final Pattern INT = Pattern.compile("[+-]?" + DIGITS);
    /** Python's {@code float()}: decimal, exponent, inf, infinity, nan. */
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:(?:(?:" + DIGITS + ")?\\." + DIGITS + "|" + DIGITS + "\\.?)(?:[eE][+-]?" + DIGITS
                    + ")?|(?i:inf|infinity|nan))");

    private PythonValues() {
    }

    /** Python's {@code str.strip()} whitespace. */
    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
    }

    /** The number Python's {@code int()} or {@code float()} reads from {@code text}, or null. */
    static Number parseNumber(String text) {
        String stripped = strip(text);
        if (INT.matcher(stripped).matches()) {
            String digits = stripped.replace("_", "");
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException tooLarge) {
                return Double.parseDouble(digits);
            }
        }
        if (FLOAT.matcher(stripped).matches()) {
            String lower = stripped.replace("_", "").toLowerCase(Locale.ROOT);
            String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
            double sign = lower.startsWith("-") ? -1.0 : 1.0;
            return switch (unsigned) {
                case "inf", "infinity" -> sign * Double.POSITIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(lower);
            };
        }
        return null;
    }

    /**
     * QKeras's list rule: after deleting every bracket, splitting on single spaces gives at least two
     * parts that are all numbers. Returns the numbers, or null when the rule does not apply.
     */
    static List<Number> parseList(String text) {
        String[] parts = text.replace("[", "").replace("]", "").split(" ", -1);
        if (parts.length < 2) {
            return null;
        }
        List<Number> numbers = new ArrayList<>();
        for (String part : parts) {
            Number number = part.isEmpty() ? null : parseNumber(part);
            if (number == null) {
                return null;
            }
            numbers.add(number);
        }
        return numbers;
    }

    /** Formats a value so that QKeras's parser and this one read it back as the same value. */
    static String format(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean flag) {
            return flag ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            return Double.toString(((Number) value).doubleValue());
        }
        if (value instanceof Number number) {
            return Long.toString(number.longValue());
        }
        if (value instanceof String text) {
            return "'" + text + "'";
        }
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                text.append(i == 0 ? "" : " ").append(format(list.get(i)));
            }
            return text.append(']').toString();
        }
        throw new IllegalArgumentException("cannot format " + value.getClass().getSimpleName() + " " + value);
    }
}
