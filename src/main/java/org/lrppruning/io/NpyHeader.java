package org.lrppruning.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header dictionary of a {@code .npy} file: parses the Python literal NumPy writes (what
 * {@code ast.literal_eval} would accept for it: any key order, either quote, trailing commas,
 * spaces and the padding newline) and checks it the way {@code numpy.lib.format} does.
 */
final class NpyHeader {
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /** Python's None; a named object rather than null so that messages can show it. */
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    final String dtype;
    final int[] shape;

    private NpyHeader(String dtype, int[] shape) {
        this.dtype = dtype;
        this.shape = shape;
    }

    /** Parses and validates a header; every problem is an IOException with a one-line message. */
    static NpyHeader parse(String text) throws IOException {
        Object value;
        try {
            Parser p = new Parser(text);
            value = p.value();
            p.skipSpace();
            if (!p.atEnd()) {
                throw p.error("unexpected text after the dictionary");
            }
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException("malformed .npy header: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> dict)) {
            throw new NpyFormatException("malformed .npy header: not a dictionary");
        }
        if (!dict.keySet().equals(KEYS)) {
            throw new NpyFormatException("malformed .npy header: keys " + dict.keySet()
                    + ", expected descr, fortran_order and shape");
        }
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new NpyFormatException("malformed .npy header: fortran_order is not True or False");
        }
        if ((Boolean) fortran) {
            throw new NpyFormatException("Fortran-ordered arrays are not supported");
        }
        return new NpyHeader(canonicalDtype(dict.get("descr")), shape(dict.get("shape")));
    }

    /**
     * The canonical descriptor of a supported dtype. Byte order is irrelevant for one-byte types
     * (NumPy writes '|'), so any prefix is accepted there; multi-byte types must be little-endian.
     */
    private static String canonicalDtype(Object descr) throws IOException {
        if (!(descr instanceof String s)) {
            throw new NpyFormatException("unsupported dtype " + describe(descr) + " (structured dtypes are not supported)");
        }
        String body = s.isEmpty() || "<>|=".indexOf(s.charAt(0)) < 0 ? s : s.substring(1);
        char order = s.isEmpty() ? '?' : s.charAt(0);
        switch (body) {
            case "u1", "b1":
                return body.equals("u1") ? NpyArray.UINT8 : NpyArray.BOOL;
            case "f4", "f8", "i4", "i8":
                if (order == '<') {
                    return s;
                }
                break;
            default:
                break;
        }
        throw new NpyFormatException("unsupported dtype '" + s + "'");
    }

    private static int[] shape(Object value) throws IOException {
        if (!(value instanceof Tuple tuple)) {
            throw new NpyFormatException("malformed .npy header: shape " + describe(value) + " is not a tuple");
        }
        int[] shape = new int[tuple.items.size()];
        for (int i = 0; i < shape.length; i++) {
            Object d = tuple.items.get(i);
            if (!(d instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
                throw new NpyFormatException("malformed .npy header: invalid dimension " + describe(d) + " in shape");
            }
            shape[i] = (int) (long) n;
        }
        return shape;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    /** A Python tuple, kept apart from lists because NumPy requires the shape to be a tuple. */
    private record Tuple(List<Object> items) {
        @Override
        public String toString() {
            return items.toString().replace('[', '(').replace(']', ')');
        }
    }

    /**
     * Recursive-descent parser for the subset of Python literals a header can hold: dicts,
     * tuples, lists, strings, ints (with the 'L' suffix of Python 2 files), True, False, None.
     */
    private static final class Parser {
        /** Nesting a header may have; a real one nests two deep, a hostile one must not exhaust the stack. */
        private static final int MAX_DEPTH = 32;
        private final String s;
        private int pos;
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + pos);
        }

        Object value() {
            skipSpace();
            if (atEnd()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            if (c == '{' || c == '(' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw error("nested deeper than " + MAX_DEPTH);
                }
                Object v = c == '{' ? dict() : sequence(c);
                depth--;
                return v;
            }
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '-' || c == '+' || Character.isDigit(c)) {
                return integer();
            }
            if (Character.isLetter(c)) {
                int start = pos;
                while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                    pos++;
                }
                String word = s.substring(start, pos);
                switch (word) {
                    case "True": return Boolean.TRUE;
                    case "False": return Boolean.FALSE;
                    case "None": return NONE;
                    default:
                        pos = start;
                        throw error("unexpected name '" + word + "'");
                }
            }
            throw error("unexpected character '" + c + "'");
        }

        private Map<String, Object> dict() {
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return map;
                }
                Object key = value();
                if (!(key instanceof String k)) {
                    throw error("dictionary key is not a string");
                }
                skipSpace();
                expect(':');
                Object v = value();
                if (map.containsKey(k)) {
                    throw error("duplicate key '" + k + "'");
                }
                map.put(k, v);
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c != '}') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        /** A tuple or list; "(x)" without a comma is just x, as in Python. */
        private Object sequence(char open) {
            char close = open == '(' ? ')' : ']';
            pos++;
            List<Object> items = new ArrayList<>();
            boolean sawComma = false;
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    break;
                }
                items.add(value());
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                    sawComma = true;
                } else if (c != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
            if (open == '[') {
                return items;
            }
            if (items.size() == 1 && !sawComma) {
                return items.get(0);
            }
            return new Tuple(items);
        }

        private String string() {
            char quote = s.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == quote) {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        throw error("unterminated string");
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case '\\', '\'', '"' -> sb.append(e);
                        default -> sb.append('\\').append(e);
                    }
                } else if (c == '\n') {
                    throw error("unterminated string");
                } else {
                    sb.append(c);
                }
            }
        }

        private Long integer() {
            int start = pos;
            if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                throw error("expected a number");
            }
            String text = s.substring(start, pos);
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
                pos++; // Python 2 long suffix, which NumPy also filters out
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                throw error("expected an integer");
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error("integer out of range");
            }
        }

        private char peek() {
            if (atEnd()) {
                throw error("unexpected end");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }
    }
}
