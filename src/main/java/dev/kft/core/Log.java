package dev.kft.core;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per decision. Inside Lambda the line goes through {@link LambdaLogger}, so
 * advanced logging controls (JSON format, level) apply; elsewhere it goes to stderr, which keeps
 * stdout free for results (the local invoke prints the handler's result there).
 */
public final class Log {
    private static volatile LambdaLogger lambdaLogger;

    private Log() {}

    /** Route logs through the Lambda runtime's logger for the current invocation. */
    public static void useLambdaLogger(LambdaLogger logger) {
        lambdaLogger = logger;
    }

    public static void info(String message, Object... keyValues) {
        emit(LogLevel.INFO, message, keyValues);
    }

    public static void warn(String message, Object... keyValues) {
        emit(LogLevel.WARN, message, keyValues);
    }

    public static void error(String message, Object... keyValues) {
        emit(LogLevel.ERROR, message, keyValues);
    }

    /** Builds the record; keys and values alternate, null values are left out. */
    static Map<String, Object> record(LogLevel level, String message, Object... keyValues) {
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

    private static void emit(LogLevel level, String message, Object... keyValues) {
        Map<String, Object> line = record(level, message, keyValues);
        LambdaLogger logger = lambdaLogger;
        if (logger != null) {
            logger.log(Json.write(line), level);
        } else {
            line.put("timestamp", Instant.now().toString());
            System.err.println(Json.write(line));
        }
    }
}
