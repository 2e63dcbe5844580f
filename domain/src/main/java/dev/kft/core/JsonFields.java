package dev.kft.core;

import java.util.List;
import java.util.Map;

/** Typed, null-safe reads from parsed JSON (nested maps and lists). */
public final class JsonFields {
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

    public static String text(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        return value == null ? null : value instanceof String s ? s : String.valueOf(value);
    }

    public static String requireText(Map<String, Object> root, String... path) {
        String value = text(root, path);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing field " + String.join(".", path));
        }
        return value;
    }

    public static Long number(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

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

    public static boolean flag(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /** The elements of a list that are JSON objects; other elements are skipped. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Map<String, Object> root, String... path) {
        return list(root, path).stream()
                .filter(Map.class::isInstance)
                .map(o -> (Map<String, Object>) o)
                .toList();
    }
}
