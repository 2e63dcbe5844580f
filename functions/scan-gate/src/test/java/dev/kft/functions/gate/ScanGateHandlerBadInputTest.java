package dev.kft.functions.gate;

import static dev.kft.testing.EventMutation.REMOVED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.core.DeployPolicy;
import dev.kft.core.Json;
import dev.kft.gate.GateSettings;
import dev.kft.gate.ScanGate;
import dev.kft.gate.Severity;
import dev.kft.testing.EventMutation;
import dev.kft.testing.SampleEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A scan event, of either scanner, that ScanGateFunction cannot act on: the invocation succeeds and answers IGNORED with the reason. */
class ScanGateHandlerBadInputTest {
    private final ScanGateHandler handler = new ScanGateHandler(new ScanGate(
            new GateSettings("kft", Severity.HIGH, GateSettings.DirtyAction.FLAG, new DeployPolicy(true, true), 10),
            null, null, null, null, null, Clock.systemUTC(), dev.kft.core.Metrics.standard()));

    static Stream<Arguments> brokenFields() {
        List<Object[]> cases = List.of(
                new Object[] {"id", REMOVED, "field id is missing"},
                new Object[] {"detail.scan-status", 7, "field detail.scan-status must be a string, not the number 7"},
                new Object[] {"detail.repository-name", "x".repeat(100 * 1024),
                        "field detail.repository-name is 102400 characters long, over the 4096 an event may carry"},
                new Object[] {"detail.image-digest", "sha256:abc", "field detail.image-digest is not an image digest (sha256: and 64 hex digits): 'sha256:abc'"},
                new Object[] {"detail.image-tags", Map.of("a", "b"), "field detail.image-tags must be an array, not an object"});
        return Stream.of("scan-basic-dirty.json", "scan-inspector-complete.json")
                .flatMap(shape -> cases.stream().map(c -> Arguments.of(shape, c[0], c[1], c[2])));
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("brokenFields")
    void anEventItCannotReadIsIgnoredWithTheReason(String shape, String field, Object value, String reason) throws Exception {
        String event = EventMutation.text(EventMutation.set(SampleEvents.json(shape), field, value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        assertEquals(Map.of("result", "IGNORED", "reason", reason), Json.parseObject(out.toString(StandardCharsets.UTF_8)));
    }
}
