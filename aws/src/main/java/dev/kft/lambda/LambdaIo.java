package dev.kft.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.kft.core.Json;
import dev.kft.core.Log;
import dev.kft.core.MalformedEventException;
import dev.kft.core.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** What every handler does the same way: logger, time budget, result output, one-time init. */
public final class LambdaIo {
    /** Kept back from the function's remaining time for writing the result and logs. */
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(3);
    /** Budget when there is no Lambda context (tests, local invoke). */
    private static final Duration LOCAL_BUDGET = Duration.ofSeconds(60);

    /** EventsIgnored reason class of an event that is not JSON, or not the function's kind of event. */
    public static final String MALFORMED_EVENT = "MALFORMED_EVENT";

    private LambdaIo() {}

    public static void bindLogger(Context context) {
        if (context != null && context.getLogger() != null) {
            LambdaLogger logger = context.getLogger();
            Log.useSink((level, line) -> logger.log(line, LogLevel.valueOf(level.name())));
        }
    }

    public static Duration budget(Context context) {
        if (context == null) {
            return LOCAL_BUDGET;
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    /** The handler's wiring, or a clear error when the environment did not configure it. */
    public static <T> T configured(T wiring, String functionId) {
        if (wiring == null) {
            throw new IllegalStateException(functionId + " is not configured: see the environment variables in template.yaml");
        }
        return wiring;
    }

    /**
     * Reads the event and parses it into the function's own type. A malformed or foreign event is
     * logged once, acknowledged on the output as ignored (so it is never retried), and yields empty.
     */
    public static <T> Optional<T> readEvent(InputStream input, OutputStream output, Function<Map<String, Object>, T> parser)
            throws IOException {
        return readEvent(input, output, parser, null, null);
    }

    /**
     * As {@link #readEvent(InputStream, OutputStream, Function)}, and an ignored event is counted as
     * EventsIgnored (ReasonClass MALFORMED_EVENT) for {@code function} in {@code metrics}.
     */
    public static <T> Optional<T> readEvent(InputStream input, OutputStream output, Function<Map<String, Object>, T> parser,
                                            Metrics metrics, String function) throws IOException {
        try {
            return Optional.of(parser.apply(Json.parseObject(input)));
        } catch (MalformedEventException e) {
            Log.warn("malformed event ignored", "reason", e.getMessage());
            if (metrics != null) {
                metrics.start(function).dimension(Metrics.REASON_CLASS, MALFORMED_EVENT).count(Metrics.Metric.EVENTS_IGNORED).emit();
            }
            write(output, Map.of("result", "IGNORED", "reason", e.getMessage()));
            return Optional.empty();
        }
    }

    public static void write(OutputStream output, Object result) throws IOException {
        output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    public static String required(Function<String, String> env, String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is required");
        }
        return value.trim();
    }

    /**
     * Runs a handler's wiring once. When the environment is incomplete (a test constructing the
     * handler with its own wiring) the failure is deferred to first use instead of breaking class loading.
     */
    public static <T> T initOnce(Supplier<T> init) {
        try {
            return init.get();
        } catch (RuntimeException e) {
            Log.warn("handler not configured from environment", "reason", e.getMessage());
            return null;
        }
    }
}
