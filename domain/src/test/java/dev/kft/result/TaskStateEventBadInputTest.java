package dev.kft.result;

import static dev.kft.testing.EventMutation.REMOVED;
import static dev.kft.testing.EventMutation.array;
import static dev.kft.testing.EventMutation.object;
import static dev.kft.testing.EventMutation.set;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.MalformedEventException;
import dev.kft.testing.SampleEvents;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every field TaskStateFunction reads, broken: the reason names the field. */
class TaskStateEventBadInputTest {
    static Stream<Arguments> brokenFields() {
        return Stream.of(
                Arguments.of("id", REMOVED, "field id is missing"),
                Arguments.of("id", 9, "field id must be a string, not the number 9"),
                Arguments.of("time", REMOVED, "field time is missing"),
                Arguments.of("time", "soon", "field time is not a time: 'soon'"),
                Arguments.of("source", 1, "field source must be a string, not the number 1"),
                Arguments.of("detail", REMOVED, "field detail is missing"),
                Arguments.of("detail", array(), "field detail must be an object, not an array"),
                Arguments.of("detail.taskArn", REMOVED, "field detail.taskArn is missing"),
                Arguments.of("detail.taskArn", "", "field detail.taskArn is empty"),
                Arguments.of("detail.taskArn", "x".repeat(100 * 1024), "field detail.taskArn is 102400 characters long, over the 4096 an event may carry"),
                Arguments.of("detail.startedBy", 5, "field detail.startedBy must be a string, not the number 5"),
                Arguments.of("detail.group", object(), "field detail.group must be a string, not an object"),
                Arguments.of("detail.lastStatus", null, "field detail.lastStatus is missing"),
                Arguments.of("detail.lastStatus", true, "field detail.lastStatus must be a string, not the boolean true"),
                Arguments.of("detail.version", REMOVED, "field detail.version is missing"),
                Arguments.of("detail.version", "6", "field detail.version must be a non-negative integer, not the string '6'"),
                Arguments.of("detail.version", -1, "field detail.version must be a non-negative integer, not the number -1"),
                Arguments.of("detail.version", 6.5, "field detail.version must be a non-negative integer, not the number 6.5"),
                Arguments.of("detail.stopCode", 3, "field detail.stopCode must be a string, not the number 3"),
                Arguments.of("detail.stoppedReason", array(), "field detail.stoppedReason must be a string, not an array"),
                Arguments.of("detail.createdAt", "not a time", "field detail.createdAt is not a time: 'not a time'"),
                Arguments.of("detail.startedAt", 1700000000, "field detail.startedAt must be a string, not the number 1700000000"),
                Arguments.of("detail.executionStoppedAt", "2026-13-01T00:00:00Z", "field detail.executionStoppedAt is not a time"),
                Arguments.of("detail.stoppedAt", "", "field detail.stoppedAt is empty"),
                Arguments.of("detail.containers", "kaniko", "field detail.containers must be an array, not the string 'kaniko'"),
                Arguments.of("detail.containers.0", 1, "field detail.containers[0] must be an object, not the number 1"),
                Arguments.of("detail.containers.0.name", 1, "field detail.containers[0].name must be a string, not the number 1"),
                Arguments.of("detail.containers.0.exitCode", "0", "field detail.containers[0].exitCode must be a non-negative integer, not the string '0'"),
                Arguments.of("detail.containers.0.exitCode", 1.5, "field detail.containers[0].exitCode must be a non-negative integer, not the number 1.5"),
                Arguments.of("detail.containers.0.exitCode", 256, "field detail.containers[0].exitCode must be an exit code from 0 to 255, not 256"),
                Arguments.of("detail.containers.0.reason", 2, "field detail.containers[0].reason must be a string, not the number 2"),
                Arguments.of("detail.overrides.containerOverrides", object(), "field detail.overrides.containerOverrides must be an array, not an object"),
                Arguments.of("detail.overrides.containerOverrides.0.command", "--x", "field detail.overrides.containerOverrides[0].command must be an array, not the string '--x'"),
                Arguments.of("detail.overrides.containerOverrides.0.command.0", 4, "field detail.overrides.containerOverrides[0].command[0] must be a string of at most 4096 characters, not the number 4"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("brokenFields")
    void aTaskEventThatCannotBeReadIsRejectedNamingTheField(String field, Object value, String reason) {
        Map<String, Object> event = set(SampleEvents.json("task-stopped-exit0.json"), field, value);
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> TaskStateEventParser.parse(event, "kaniko"));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }
}
