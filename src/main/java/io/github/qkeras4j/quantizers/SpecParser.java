package io.github.qkeras4j.quantizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a QKeras spec string such as {@code quantized_bits(4,0,1,alpha='auto_po2')} into a name,
 * positional and keyword arguments, following the grammar of QKeras's {@code safe_eval}:
 *
 * <pre>
 *   spec  := NAME [ "(" [ item { "," item } ] ")" ]
 *   item  := TOKEN [ "=" VALUE ]       TOKEN: no  = , ) or blank;  VALUE: no  , )
 * </pre>
 *
 * <p>Each argument text is read by the first rule that applies: True/False, a Python int or float,
 * None, a space-separated list of at least two numbers, a quoted string. Nothing is evaluated.
 * Where QKeras's parser silently reads something other than what was written, this parser rejects
 * the string: nested parentheses (QKeras drops every argument), unquoted or blank-padded strings
 * (QKeras cuts their first and last character), a bracketed single number (QKeras reads the string
 * inside), text after the closing parenthesis (QKeras ignores it) and repeated keywords (QKeras keeps
 * the last).
 */
final class SpecParser {
    /** A parsed spec: the name, whether it had an argument list, and the arguments. */
    record Call(String name, boolean hasArgumentList, List<Object> positional, Map<String, Object> keywords) {
    }

    private final String spec;
    private int pos;

    private SpecParser(String spec) {
        this.spec = spec;
    }

    static Call parse(String spec) {
        if (spec == null) {
            throw new QuantizerSpecException("quantizer spec must not be null");
        }
        return new SpecParser(spec).call();
    }

    private Call call() {
        String text = PythonValues.strip(spec);
        if (text.isEmpty()) {
            throw error("quantizer spec is empty; expected a name such as quantized_bits(4,0,1)");
        }
        int open = text.indexOf('(');
        if (open < 0) {
            checkName(text);
            return new Call(text, false, List.of(), Map.of());
        }
        if (text.indexOf('(', open + 1) >= 0) {
            throw error("nested parentheses are not supported (QKeras would silently drop every argument)");
        }
        String name = PythonValues.strip(text.substring(0, open));
        checkName(name);
        pos = open + 1;
        List<Object> positional = new ArrayList<>();
        Map<String, Object> keywords = new LinkedHashMap<>();
        arguments(text, positional, keywords);
        return new Call(name, true, positional, keywords);
    }

    private void checkName(String name) {
        if (name.isEmpty()) {
            throw error("quantizer name is missing before '('");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                throw error("quantizer name '" + name + "' contains '" + c + "'; expected letters, digits and _");
            }
        }
    }

    private void arguments(String text, List<Object> positional, Map<String, Object> keywords) {
        skipBlanks(text);
        if (pos < text.length() && text.charAt(pos) == ')') {
            pos++;
            checkEnd(text);
            return;
        }
        while (true) {
            skipBlanks(text);
            int tokenStart = pos;
            while (pos < text.length() && !isTokenEnd(text.charAt(pos))) {
                pos++;
            }
            if (pos == tokenStart) {
                throw error(pos >= text.length() ? "missing ')' at the end"
                        : "expected an argument at position " + pos + ", found '" + text.charAt(pos) + "'");
            }
            String token = text.substring(tokenStart, pos);
            skipBlanks(text);
            if (pos < text.length() && text.charAt(pos) == '=') {
                pos++;
                skipBlanks(text);
                int valueStart = pos;
                while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
                    pos++;
                }
                String value = text.substring(valueStart, pos);
                if (keywords.containsKey(token)) {
                    throw error("keyword argument " + token + " is given twice");
                }
                keywords.put(token, value(value, token));
            } else {
                if (!keywords.isEmpty()) {
                    throw error("positional argument " + token + " follows a keyword argument");
                }
                positional.add(value(token, "argument " + (positional.size() + 1)));
            }
            skipBlanks(text);
            if (pos >= text.length()) {
                throw error("missing ')' at the end");
            }
            char c = text.charAt(pos++);
            if (c == ')') {
                checkEnd(text);
                return;
            }
            if (c != ',') {
                throw error("expected ',' or ')' at position " + (pos - 1) + ", found '" + c + "'");
            }
        }
    }

    private static boolean isTokenEnd(char c) {
        return c == '=' || c == ',' || c == ')' || PythonValues.isBlank(c);
    }

    private void skipBlanks(String text) {
        while (pos < text.length() && PythonValues.isBlank(text.charAt(pos))) {
            pos++;
        }
    }

    private void checkEnd(String text) {
        if (pos < text.length()) {
            throw error("unexpected text '" + text.substring(pos) + "' after ')' (QKeras would ignore it)");
        }
    }

    /** Reads one argument text by QKeras's rules, rejecting the texts QKeras misreads. */
    private Object value(String text, String what) {
        if (text.isEmpty()) {
            throw error("value of " + what + " is empty");
        }
        switch (text) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                break;
        }
        Number number = PythonValues.parseNumber(text);
        if (number != null) {
            return number;
        }
        List<Number> list = PythonValues.parseList(text);
        if (list != null) {
            return list;
        }
        String trimmed = PythonValues.strip(text);
        if (!trimmed.equals(text)) {
            throw error("value " + text.strip() + " of " + what + " is followed by a blank"
                    + " (QKeras would read \"" + misread(text) + "\"); remove the blank");
        }
        if (text.startsWith("[")) {
            throw error("value " + text + " of " + what + " is not a list of at least two space-separated"
                    + " numbers (QKeras would read the string '" + misread(text) + "'); write a single number"
                    + " without brackets or a list such as [1 2]");
        }
        if (text.length() >= 2 && isQuote(text.charAt(0)) && isQuote(text.charAt(text.length() - 1))) {
            return text.substring(1, text.length() - 1);
        }
        throw error("value " + text + " of " + what + " is not quoted (QKeras would read \"" + misread(text)
                + "\"); write '" + unquoted(text) + "'");
    }

    /** The text without a quote character at either end, for suggesting the quoted form. */
    private static String unquoted(String text) {
        int start = !text.isEmpty() && isQuote(text.charAt(0)) ? 1 : 0;
        int end = text.length() > start && isQuote(text.charAt(text.length() - 1)) ? text.length() - 1 : text.length();
        return text.substring(start, end);
    }

    private static String misread(String text) {
        return text.length() < 2 ? "" : text.substring(1, text.length() - 1);
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }

    private QuantizerSpecException error(String problem) {
        return new QuantizerSpecException(oneLine("invalid quantizer spec \"" + spec + "\": " + problem));
    }

    /** The spec with line breaks shown as \n, so that every message stays on one line. */
    static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
