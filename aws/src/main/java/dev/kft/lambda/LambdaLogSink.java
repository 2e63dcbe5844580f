package dev.kft.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.kft.core.Json;
import dev.kft.core.Log;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@link Log} records through the Lambda runtime's logger as complete JSON records of our own.
 *
 * <p>Why bytes: under {@code LogFormat: JSON} the runtime wraps a {@code log(String, level)} text in
 * its own record, so our JSON would end up escaped inside its {@code message} and its fields could
 * not be filtered on. {@code log(byte[], level)} is filtered by {@code ApplicationLogLevel} the same
 * way but written as is, so the record carries the runtime's keys ({@code timestamp}, {@code level},
 * {@code message}, {@code AWSRequestId}) and ours ({@code buildId}, {@code reason}...) side by side,
 * at the top level. Under {@code LogFormat: TEXT} the same record is one readable line.
 */
public final class LambdaLogSink implements Log.Sink {
    /** The runtime's own records use this form (milliseconds, always three digits). */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final LambdaLogger logger;
    private final String awsRequestId;
    private final Clock clock;

    /** {@code awsRequestId} is null outside an invocation (init, SnapStart priming). */
    public LambdaLogSink(LambdaLogger logger, String awsRequestId, Clock clock) {
        this.logger = logger;
        this.awsRequestId = awsRequestId;
        this.clock = clock;
    }

    @Override
    public void write(Log.Level level, Map<String, Object> record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", TIMESTAMP.format(clock.instant()));
        line.put("level", level.name());
        line.put("message", record.get("message"));
        if (awsRequestId != null) {
            line.put("AWSRequestId", awsRequestId);
        }
        line.putAll(record); // the caller's fields follow; level and message keep their place
        // One record per line, as the runtime ends its own JSON records.
        logger.log((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8), LogLevel.valueOf(level.name()));
    }

    /** A line of someone else's making (an EMF document, when not in Lambda's own stdout path) goes out unchanged, at INFO. */
    @Override
    public void writeLine(String jsonLine) {
        logger.log((jsonLine + "\n").getBytes(StandardCharsets.UTF_8), LogLevel.INFO);
    }
}
