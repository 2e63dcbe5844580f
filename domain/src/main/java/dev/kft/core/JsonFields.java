package dev.kft.core;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from parsed JSON (nested maps and lists). Events come from outside: a field of the
 * wrong JSON type, an empty or oversized text, an unreadable time or a number that is not a
 * non-negative integer is a {@link MalformedEventException} naming the field's path, never a
 * ClassCastException or a silent conversion. Absent and {@code null} are the same: no value.
 */
public final class JsonFields {
    /** No text an event carries is longer; more is a forged or broken event, not data. */
    public static final int MAX_TEXT = 4096;
    /** How much of a bad value a reason shows. */
    private static final int SHOWN = 60;
    /** Repository-trigger times look like 2019-03-12T20:58:25.400+0000 (no colon in the offset). */
    private static final DateTimeFormatter TRIGGER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]Z");

    private JsonFields() {}

    /** The value at a path of keys, or null when any step is missing or not an object. */
    public static Object at(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** A string field, or null when absent; any other JSON type, or text over {@link #MAX_TEXT}, is malformed. */
    public static String text(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw wrongType(path, value, "a string");
        }
        if (s.length() > MAX_TEXT) {
            throw MalformedEventException.field(name(path), "is " + s.length() + " characters long, over the " + MAX_TEXT + " an event may carry");
        }
        return s;
    }

    /** A string field that must be present and not blank. */
    public static String requireText(Map<String, Object> root, String... path) {
        String value = text(root, path);
        if (value == null) {
            throw MalformedEventException.field(name(path), "is missing");
        }
        if (value.isBlank()) {
            throw MalformedEventException.field(name(path), "is empty");
        }
        return value;
    }

    /**
     * A non-negative whole number, or null when absent. A string, a fraction, a negative number or one
     * beyond a long is malformed: counts and versions are never guessed.
     */
    public static Long count(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        return value == null ? null : countValue(value, name(path));
    }

    /** The same rule for a value already in hand, {@code field} naming it. */
    public static long countValue(Object value, String field) {
        long whole = switch (value) {
            case Integer i -> i;
            case Long l -> l;
            case Short s -> s;
            case BigInteger big when big.bitLength() < 64 -> big.longValue();
            case null, default -> -1;
        };
        if (whole < 0) {
            throw MalformedEventException.field(field, "must be a non-negative integer, not " + describe(value));
        }
        return whole;
    }

    /** A number from a service's answer (a CVSS score), or null when absent or unreadable: shown, never trusted to gate. */
    public static Double decimal(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A whole number of either sign, or null when absent; a fraction or a string is malformed. */
    public static Long number(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        return switch (value) {
            case null -> null;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            default -> throw wrongType(path, value, "an integer");
        };
    }

    /** A required non-negative whole number. */
    public static long requireCount(Map<String, Object> root, String... path) {
        Long value = count(root, path);
        if (value == null) {
            throw MalformedEventException.field(name(path), "is missing");
        }
        return value;
    }

    /** A JSON boolean, false when absent; {@code "true"} (a string) is malformed. */
    public static boolean flag(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw wrongType(path, value, "true or false");
        }
        return b;
    }

    /**
     * A time: ISO-8601 with an offset ({@code 2026-03-12T20:58:25Z}, EventBridge and ECS) or the
     * repository trigger's {@code 2019-03-12T20:58:25.400+0000}; null when absent.
     */
    public static Instant time(Map<String, Object> root, String... path) {
        String text = text(root, path);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw MalformedEventException.field(name(path), "is empty");
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notIso) {
            try {
                return OffsetDateTime.parse(text, TRIGGER_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw MalformedEventException.field(name(path), "is not a time: " + shown(text));
            }
        }
    }

    public static Instant requireTime(Map<String, Object> root, String... path) {
        Instant value = time(root, path);
        if (value == null) {
            throw MalformedEventException.field(name(path), "is missing");
        }
        return value;
    }

    /** A JSON object, empty when absent; any other type is malformed. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw wrongType(path, value, "an object");
        }
        return (Map<String, Object>) map;
    }

    /** A JSON object that must be present. */
    public static Map<String, Object> requireObject(Map<String, Object> root, String... path) {
        if (at(root, path) == null) {
            throw MalformedEventException.field(name(path), "is missing");
        }
        return object(root, path);
    }

    /** A JSON array, empty when absent; any other type is malformed. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw wrongType(path, value, "an array");
        }
        return (List<Object>) list;
    }

    /** An array whose every element is an object; another element is malformed, named by its index. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Map<String, Object> root, String... path) {
        List<Object> list = list(root, path);
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw MalformedEventException.field(name(path) + "[" + i + "]", "must be an object, not " + describe(list.get(i)));
            }
        }
        return list.stream().map(o -> (Map<String, Object>) o).toList();
    }

    /** An array whose every element is a string. */
    public static List<String> texts(Map<String, Object> root, String... path) {
        List<Object> list = list(root, path);
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.length() > MAX_TEXT) {
                throw MalformedEventException.field(name(path) + "[" + i + "]", "must be a string of at most " + MAX_TEXT
                        + " characters, not " + describe(list.get(i)));
            }
        }
        return list.stream().map(String.class::cast).toList();
    }

    /** The dotted path of a field, for reasons: {@code detail.referenceName}. */
    public static String name(String... path) {
        return String.join(".", path);
    }

    /** A value as a reason shows it: its JSON type, and for text a short, escaped, single-line excerpt. */
    public static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "the string " + shown(s);
            case Boolean b -> "the boolean " + b;
            case Number n -> "the number " + n;
            case List<?> l -> "an array";
            case Map<?, ?> m -> "an object";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    /**
     * Text quoted for a one-line reason: control characters, quotes, backslashes and lone surrogates
     * escaped as {@code \\uXXXX}, cut after {@value #SHOWN} characters with the full length said.
     */
    public static String shown(String text) {
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(text.length(), SHOWN);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\' || Character.isSurrogate(c) && !paired) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('\'');
        if (text.length() > SHOWN) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }

    private static MalformedEventException wrongType(String[] path, Object value, String expected) {
        return MalformedEventException.field(name(path), "must be " + expected + ", not " + describe(value));
    }
}
