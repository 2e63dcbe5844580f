package dev.kft.core;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The project's one JSON mapper: events in as maps and lists, results and logs out. */
public final class Json {
    private static final JSON MAPPER = JSON.std;
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {}

    /** Parses a JSON object; anything else (array, scalar, broken text) is a {@link MalformedEventException}. */
    public static Map<String, Object> parseObject(String text) {
        try {
            Object value = MAPPER.anyFrom(text);
            return asObject(value);
        } catch (IOException e) {
            throw new MalformedEventException("not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    public static Map<String, Object> parseObject(InputStream in) {
        try {
            return asObject(MAPPER.anyFrom(in));
        } catch (IOException e) {
            throw new MalformedEventException("not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writePretty(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new MalformedEventException("expected a JSON object, got " + (value == null ? "null" : value instanceof List ? "an array" : "a scalar"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
