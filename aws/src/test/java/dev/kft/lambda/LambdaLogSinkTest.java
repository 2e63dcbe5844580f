package dev.kft.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.kft.core.Json;
import dev.kft.core.Log;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LambdaLogSinkTest {
    /** What the runtime's logger was given: the bytes and the level it filters on. */
    private record Written(String text, LogLevel level) {}

    private final List<Written> written = new ArrayList<>();
    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            throw new AssertionError("text would be wrapped by the runtime's JSON format: " + message);
        }

        @Override
        public void log(byte[] message) {
            throw new AssertionError("a record without a level is never filtered");
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            written.add(new Written(new String(message, StandardCharsets.UTF_8), level));
        }
    };
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T08:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void backToStderr() {
        Log.useSink(null);
    }

    @Test
    void eachRecordIsOneJsonLineWithTheRuntimesKeysAndOursAtTheTopLevel() {
        Log.useSink(new LambdaLogSink(logger, "req-1", clock));
        Log.info("push ignored", "eventId", "e-1", "repository", "payments-api", "reason", "reference deleted:\nnothing to build");

        assertEquals(1, written.size());
        String text = written.get(0).text();
        assertEquals(LogLevel.INFO, written.get(0).level());
        assertTrue(text.endsWith("}\n") && text.indexOf('\n') == text.length() - 1, "one line: " + text);
        Map<String, Object> record = Json.parseObject(text);
        assertEquals(List.of("timestamp", "level", "message", "AWSRequestId", "eventId", "repository", "reason"),
                List.copyOf(record.keySet()));
        assertEquals("2026-12-05T08:00:00.000Z", record.get("timestamp"));
        assertEquals("INFO", record.get("level"));
        assertEquals("push ignored", record.get("message"));
        assertEquals("req-1", record.get("AWSRequestId"));
        assertEquals("reference deleted:\nnothing to build", record.get("reason"));
    }

    @Test
    void theRuntimeFiltersOnTheRecordsOwnLevel() {
        Log.useSink(new LambdaLogSink(logger, "req-1", clock));
        Log.warn("malformed event ignored");
        Log.error("build refused");
        assertEquals(List.of(LogLevel.WARN, LogLevel.ERROR), written.stream().map(Written::level).toList());
    }

    @Test
    void outsideAnInvocationThereIsNoRequestId() {
        Log.useSink(new LambdaLogSink(logger, null, clock));
        Log.info("primed for snapshot", "handler", "PushFunction");
        assertEquals(List.of("timestamp", "level", "message", "handler"),
                List.copyOf(Json.parseObject(written.get(0).text()).keySet()));
    }
}
