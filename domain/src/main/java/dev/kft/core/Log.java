package dev.kft.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per decision. Where the line goes is the runtime's business: inside Lambda the
 * handler binds a {@link Sink} to the runtime's logger, so its log controls (JSON format, level)
 * apply; elsewhere it goes to stderr, which keeps stdout free for results (the local invoke prints
 * the handler's result there).
 */
public final class Log {
    /** Severity of a record, in the order Lambda's application log level filters them. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    /**
     * Where records go. A record is {@code level}, {@code message}, then the caller's fields, in
     * that order; the sink adds what only it knows (a timestamp, the request id) and writes one
     * JSON object.
     */
    public interface Sink {
        void write(Level level, Map<String, Object> record);

        /** A complete JSON line of someone else's making, written as it is (stderr unless the sink knows better). */
        default void writeLine(String jsonLine) {
            System.err.println(jsonLine);
        }
    }

    private static volatile Sink sink;

    private Log() {}

    /** Route records to {@code sink} (the Lambda runtime's logger); {@code null} means stderr. */
    public static void useSink(Sink sink) {
        Log.sink = sink;
    }

    public static void info(String message, Object... keyValues) {
        emit(Level.INFO, message, keyValues);
    }

    public static void warn(String message, Object... keyValues) {
        emit(Level.WARN, message, keyValues);
    }

    public static void error(String message, Object... keyValues) {
        emit(Level.ERROR, message, keyValues);
    }

    /**
     * A complete JSON line of someone else's making (an EMF document outside Lambda), written where the
     * records go, unchanged: to the bound sink at INFO, else to stderr.
     */
    public static void line(String jsonLine) {
        Sink bound = sink;
        if (bound != null) {
            bound.writeLine(jsonLine);
        } else {
            System.err.println(jsonLine);
        }
    }

    /** Builds the record; keys and values alternate, null values are left out. */
    static Map<String, Object> record(Level level, String message, Object... keyValues) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", level.name());
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            if (value != null) {
                line.put(String.valueOf(keyValues[i]), value instanceof Enum<?> e ? e.name() : value);
            }
        }
        return line;
    }

    private static void emit(Level level, String message, Object... keyValues) {
        Map<String, Object> line = record(level, message, keyValues);
        Sink bound = sink;
        if (bound != null) {
            bound.write(level, Collections.unmodifiableMap(line));
        } else {
            line.put("timestamp", Instant.now().toString());
            System.err.println(Json.write(line));
        }
    }
}
