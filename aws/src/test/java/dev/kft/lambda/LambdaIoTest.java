package dev.kft.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Json;
import dev.kft.core.Metrics;
import dev.kft.core.Metrics.Metric;
import dev.kft.core.RecordedMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading an event: a malformed one is acknowledged as ignored and counted, a good one is parsed and not counted. */
class LambdaIoTest {
    private final RecordedMetrics metrics = new RecordedMetrics();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void aMalformedEventIsIgnoredAndCountedForItsFunction() throws IOException {
        Optional<Map<String, Object>> event = LambdaIo.readEvent(input("[1, 2]"), output, e -> e, metrics.writer(), "ScanGateFunction");

        assertTrue(event.isEmpty());
        assertEquals("IGNORED", Json.parseObject(output.toString(StandardCharsets.UTF_8)).get("result"));
        assertEquals(1, metrics.total(Metric.EVENTS_IGNORED, Metrics.REASON_CLASS, LambdaIo.MALFORMED_EVENT));
        assertEquals("ScanGateFunction", metrics.documents().get(0).get(Metrics.FUNCTION));
    }

    @Test
    void aReadableEventIsNotCounted() throws IOException {
        Optional<Map<String, Object>> event = LambdaIo.readEvent(input("{\"id\":\"1\"}"), output, e -> e, metrics.writer(), "ScanGateFunction");

        assertEquals("1", event.orElseThrow().get("id"));
        assertTrue(metrics.documents().isEmpty());
    }

    private static ByteArrayInputStream input(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
