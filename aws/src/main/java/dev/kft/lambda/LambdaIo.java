package dev.kft.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import dev.kft.core.Json;
import dev.kft.core.Log;
import dev.kft.core.MalformedEventException;
import dev.kft.core.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** What every handler does the same way: logger, time budget, event input and result output. */
public final class LambdaIo {
    /** Kept back from the function's remaining time for writing the result and logs. */
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(3);
    /** Budget when there is no Lambda context (tests, local invoke). */
    private static final Duration LOCAL_BUDGET = Duration.ofSeconds(60);

    /** EventsIgnored reason class of an event that is not JSON, or not the function's kind of event. */
    public static final String MALFORMED_EVENT = "MALFORMED_EVENT";

    private LambdaIo() {}

    /** Records of this invocation go to the runtime's logger, as JSON records carrying its request id. */
    public static void bindLogger(Context context) {
        if (context != null && context.getLogger() != null) {
            Log.useSink(new LambdaLogSink(context.getLogger(), context.getAwsRequestId(), Clock.systemUTC()));
        }
    }

    /**
     * Inside the Lambda runtime, records written before the first invocation (init, SnapStart
     * priming) take the runtime's logger too, so its format and level apply to them; elsewhere they
     * stay on stderr. The runtime interface client sets {@code AWS_LAMBDA_RUNTIME_API} and installs
     * its logger in {@link LambdaRuntime} before it loads the handler class.
     */
    static void bindInitLogger() {
        if (System.getenv("AWS_LAMBDA_RUNTIME_API") != null) {
            Log.useSink(new LambdaLogSink(LambdaRuntime.getLogger(), null, Clock.systemUTC()));
        }
    }

    public static Duration budget(Context context) {
        if (context == null) {
            return LOCAL_BUDGET;
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
        return remaining.isNegative() ? Duration.ZERO : remaining;
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
}
