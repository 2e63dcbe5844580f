package dev.kft.functions.push;

import static dev.kft.testing.EventMutation.REMOVED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.core.Json;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildTrigger;
import dev.kft.push.TestSettings;
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

/**
 * An event PushFunction cannot act on: the invocation succeeds (no retry could help) and answers
 * IGNORED with the one-line reason naming the field. No AWS port is reached: they are all null here.
 */
class PushHandlerBadInputTest {
    private final PushHandler handler = new PushHandler(new BuildTrigger(new BuildPlanner(TestSettings.with()),
            null, null, null, null, null, null, null, Clock.systemUTC()));

    private Map<String, Object> invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> stateChanges() {
        return Stream.of(
                Arguments.of("id", REMOVED, "field id is missing"),
                Arguments.of("time", "yesterday", "field time is not a time: 'yesterday'"),
                Arguments.of("detail.repositoryName", 12345, "field detail.repositoryName must be a string, not the number 12345"),
                Arguments.of("detail.referenceFullName", "refs/heads/a..b",
                        "field detail.referenceFullName is not a valid git reference (contains '..'): 'refs/heads/a..b'"),
                Arguments.of("detail", List.of(), "field detail must be an object, not an array"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("stateChanges")
    void aStateChangeItCannotReadIsIgnoredWithTheReason(String field, Object value, String reason) throws Exception {
        Map<String, Object> result = invoke(EventMutation.text(EventMutation.set(SampleEvents.json("push-branch.json"), field, value)));
        assertEquals(Map.of("result", "IGNORED", "reason", reason), result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notEvents")
    void somethingThatIsNotAnEventIsIgnoredWithTheReason(String text, String reason) throws Exception {
        assertEquals(Map.of("result", "IGNORED", "reason", reason), invoke(text));
    }

    static Stream<Arguments> notEvents() {
        return Stream.of(
                Arguments.of("[1,2]", "expected a JSON object, got an array"),
                Arguments.of("42", "expected a JSON object, got a scalar"),
                Arguments.of("{\"Records\": 7}", "field Records must be an array, not the number 7"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("records")
    void aTriggerRecordItCannotReadIsIgnoredWithTheReason(String field, Object value, String reason) throws Exception {
        Map<String, Object> result = invoke(EventMutation.text(EventMutation.set(SampleEvents.json("push-trigger-records.json"), field, value)));
        assertEquals(Map.of("builds", List.of(Map.of("result", "IGNORED", "reason", reason))), result);
    }

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of("Records.0.eventTime", REMOVED, "field Records[0].eventTime is missing"),
                Arguments.of("Records.0.codecommit.references.0.ref", "refs/heads/x.lock",
                        "field Records[0].codecommit.references[0].ref is not a valid git reference (a component ends with '.lock'): 'refs/heads/x.lock'"),
                Arguments.of("Records.0.eventSourceARN", 12345, "field Records[0].eventSourceARN must be a string, not the number 12345"));
    }
}
