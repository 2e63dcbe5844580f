package dev.kft.functions.result;

import static dev.kft.testing.EventMutation.REMOVED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.core.Json;
import dev.kft.result.BuildResultRecorder;
import dev.kft.result.ResultSettings;
import dev.kft.testing.EventMutation;
import dev.kft.testing.SampleEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A task-state event TaskStateFunction cannot act on: the invocation succeeds and answers IGNORED with the reason. */
class TaskStateHandlerBadInputTest {
    private final TaskStateHandler handler = new TaskStateHandler(new BuildResultRecorder(
            new ResultSettings("kft-build", "kaniko", "/kft/kaniko"), null, null, null, null, null, null, Clock.systemUTC(),
            dev.kft.core.Metrics.standard()));

    static Stream<Arguments> brokenFields() {
        return Stream.of(
                Arguments.of("id", REMOVED, "field id is missing"),
                Arguments.of("time", "", "field time is empty"),
                Arguments.of("detail.version", "6", "field detail.version must be a non-negative integer, not the string '6'"),
                Arguments.of("detail.taskArn", null, "field detail.taskArn is missing"),
                Arguments.of("detail.containers.0.exitCode", -1, "field detail.containers[0].exitCode must be a non-negative integer, not the number -1"),
                Arguments.of("detail.stoppedAt", "later", "field detail.stoppedAt is not a time: 'later'"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("brokenFields")
    void anEventItCannotReadIsIgnoredWithTheReason(String field, Object value, String reason) throws Exception {
        String event = EventMutation.text(EventMutation.set(SampleEvents.json("task-stopped-exit0.json"), field, value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        assertEquals(Map.of("result", "IGNORED", "reason", reason), Json.parseObject(out.toString(StandardCharsets.UTF_8)));
    }
}
