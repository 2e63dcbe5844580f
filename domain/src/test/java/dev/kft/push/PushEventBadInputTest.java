package dev.kft.push;

import static dev.kft.testing.EventMutation.REMOVED;
import static dev.kft.testing.EventMutation.array;
import static dev.kft.testing.EventMutation.object;
import static dev.kft.testing.EventMutation.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.MalformedEventException;
import dev.kft.testing.SampleEvents;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every field PushFunction reads, broken in every way an event can break it: the reason names the field. */
class PushEventBadInputTest {
    private static final String HUGE = "a".repeat(100 * 1024);

    static Stream<Arguments> stateChangeEvents() {
        return Stream.of(
                Arguments.of("id", REMOVED, "field id is missing"),
                Arguments.of("id", null, "field id is missing"),
                Arguments.of("id", "", "field id is empty"),
                Arguments.of("id", 42, "field id must be a string, not the number 42"),
                Arguments.of("time", REMOVED, "field time is missing"),
                Arguments.of("time", "yesterday", "field time is not a time: 'yesterday'"),
                Arguments.of("time", 1700000000, "field time must be a string, not the number 1700000000"),
                Arguments.of("region", true, "field region must be a string, not the boolean true"),
                Arguments.of("detail", REMOVED, "field detail is missing"),
                Arguments.of("detail", "x", "field detail must be an object, not the string 'x'"),
                Arguments.of("detail", array(), "field detail must be an object, not an array"),
                Arguments.of("detail.event", REMOVED, "field detail.event is missing"),
                Arguments.of("detail.event", "referenceRenamed", "field detail.event is not a CodeCommit event name: 'referenceRenamed'"),
                Arguments.of("detail.event", object(), "field detail.event must be a string, not an object"),
                Arguments.of("detail.repositoryName", REMOVED, "field detail.repositoryName is missing"),
                Arguments.of("detail.repositoryName", null, "field detail.repositoryName is missing"),
                Arguments.of("detail.repositoryName", "", "field detail.repositoryName is empty"),
                Arguments.of("detail.repositoryName", 12345, "field detail.repositoryName must be a string, not the number 12345"),
                Arguments.of("detail.repositoryName", array(), "field detail.repositoryName must be a string, not an array"),
                Arguments.of("detail.repositoryName", HUGE, "field detail.repositoryName is 102400 characters long, over the 4096 an event may carry"),
                Arguments.of("detail.repositoryName", "a".repeat(101), "field detail.repositoryName is not a CodeCommit repository name"),
                Arguments.of("detail.repositoryName", "pay ments", "field detail.repositoryName is not a CodeCommit repository name"),
                Arguments.of("detail.repositoryName", "payments.git", "field detail.repositoryName is not a CodeCommit repository name"),
                Arguments.of("detail.referenceType", "note", "field detail.referenceType must be branch or tag, not 'note'"),
                Arguments.of("detail.referenceType", false, "field detail.referenceType must be a string, not the boolean false"),
                Arguments.of("detail.referenceName", 7, "field detail.referenceName must be a string, not the number 7"),
                Arguments.of("detail.referenceName", "other", "field detail.referenceName does not match detail.referenceFullName"),
                Arguments.of("detail.referenceFullName", 7, "field detail.referenceFullName must be a string, not the number 7"),
                Arguments.of("detail.referenceFullName", HUGE, "field detail.referenceFullName is 102400 characters long"),
                Arguments.of("detail.referenceFullName", "refs/heads/" + "a".repeat(1100), "field detail.referenceFullName is not a valid git reference (over 1024 characters)"),
                Arguments.of("detail.referenceFullName", "refs/heads/a..b", "is not a valid git reference (contains '..'): 'refs/heads/a..b'"),
                Arguments.of("detail.referenceFullName", "refs/heads/", "is not a valid git reference (ends with '/')"),
                Arguments.of("detail.referenceFullName", "refs/heads/a\u0007b", "is not a valid git reference (control character): 'refs/heads/a\\u0007b'"),
                Arguments.of("detail.referenceFullName", "refs/heads/a\ud800b", "is not a valid git reference (lone UTF-16 surrogate, not text): 'refs/heads/a\\ud800b'"),
                Arguments.of("detail.referenceFullName", "refs/heads/a@{1}", "is not a valid git reference (contains '@{')"),
                Arguments.of("detail.referenceFullName", "refs/heads/main.lock", "is not a valid git reference (a component ends with '.lock')"),
                Arguments.of("detail.referenceFullName", "refs/heads/.hidden", "is not a valid git reference (a component starts with '.')"),
                Arguments.of("detail.referenceFullName", "refs/heads/a b", "is not a valid git reference (contains ' ')"),
                Arguments.of("detail.commitId", 4, "field detail.commitId must be a string, not the number 4"),
                Arguments.of("detail.oldCommitId", array(), "field detail.oldCommitId must be a string, not an array"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("stateChangeEvents")
    void aStateChangeThatCannotBeReadIsRejectedNamingTheField(String field, Object value, String reason) {
        Map<String, Object> event = set(SampleEvents.json("push-branch.json"), field, value);
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> PushEventParser.parse(event));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertOneShortLine(e.getMessage());
    }

    @ParameterizedTest(name = "ref {0}")
    @MethodSource("badRefNames")
    void anEmptyBranchNameIsNotARef(String fullName, String reason) {
        Map<String, Object> event = set(set(SampleEvents.json("push-branch.json"), "detail.referenceFullName", fullName),
                "detail.referenceName", REMOVED);
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> PushEventParser.parse(event));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    static Stream<Arguments> badRefNames() {
        return Stream.of(
                Arguments.of("refs/heads/", "field detail.referenceFullName is not a valid git reference (ends with '/')"),
                Arguments.of("refs/heads//x", "(empty name component)"),
                Arguments.of("refs/heads/x.", "(ends with '.')"));
    }

    static Stream<Arguments> triggerRecords() {
        String ref = "Records.0.codecommit.references.0.ref";
        return Stream.of(
                Arguments.of("Records.0.eventId", REMOVED, "field Records[0].eventId is missing"),
                Arguments.of("Records.0.eventId", 3, "field Records[0].eventId must be a string, not the number 3"),
                Arguments.of("Records.0.eventSourceARN", REMOVED, "field Records[0].eventSourceARN is missing"),
                Arguments.of("Records.0.eventSourceARN", 12345, "field Records[0].eventSourceARN must be a string, not the number 12345"),
                Arguments.of("Records.0.eventSourceARN", "arn:aws:codecommit:us-east-1:123456789012:" + HUGE, "field Records[0].eventSourceARN is 102442 characters long"),
                Arguments.of("Records.0.eventSourceARN", "arn:aws:codecommit:us-east-1:123456789012:", "field Records[0].eventSourceARN is not a CodeCommit repository name"),
                Arguments.of("Records.0.eventTime", REMOVED, "field Records[0].eventTime is missing"),
                Arguments.of("Records.0.eventTime", "22/11/2026", "field Records[0].eventTime is not a time: '22/11/2026'"),
                Arguments.of("Records.0.eventTime", null, "field Records[0].eventTime is missing"),
                Arguments.of("Records.0.awsRegion", array(), "field Records[0].awsRegion must be a string, not an array"),
                Arguments.of("Records.0.codecommit", REMOVED, "field Records[0].codecommit.references is missing or empty"),
                Arguments.of("Records.0.codecommit.references", "refs/heads/main", "field Records[0].codecommit.references must be an array, not the string 'refs/heads/main'"),
                Arguments.of("Records.0.codecommit.references.1", "x", "field Records[0].codecommit.references[1] must be an object, not the string 'x'"),
                Arguments.of(ref, REMOVED, "field Records[0].codecommit.references[0].ref is missing"),
                Arguments.of(ref, "", "field Records[0].codecommit.references[0].ref is empty"),
                Arguments.of(ref, 1, "field Records[0].codecommit.references[0].ref must be a string, not the number 1"),
                Arguments.of(ref, HUGE, "field Records[0].codecommit.references[0].ref is 102400 characters long"),
                Arguments.of(ref, "refs/heads/a..b", "field Records[0].codecommit.references[0].ref is not a valid git reference (contains '..')"),
                Arguments.of(ref, "refs/heads/", "field Records[0].codecommit.references[0].ref is not a valid git reference (ends with '/')"),
                Arguments.of(ref, "refs/heads/x\u0000", "field Records[0].codecommit.references[0].ref is not a valid git reference (control character)"),
                Arguments.of(ref, "refs/heads/\udc00", "(lone UTF-16 surrogate, not text)"),
                Arguments.of(ref, "refs/tags/v1@{u}", "(contains '@{')"),
                Arguments.of(ref, "refs/heads/x.lock", "(a component ends with '.lock')"),
                Arguments.of("Records.0.codecommit.references.0.created", "true", "field Records[0].codecommit.references[0].created must be true or false, not the string 'true'"),
                Arguments.of("Records.0.codecommit.references.0.deleted", 1, "field Records[0].codecommit.references[0].deleted must be true or false, not the number 1"),
                Arguments.of("Records.0.codecommit.references.0.commit", 5, "field Records[0].codecommit.references[0].commit must be a string, not the number 5"),
                Arguments.of("Records.0", "x", "field Records[0] must be an object, not the string 'x'"));
    }

    /** A record that cannot be read is ignored with its reason; the invocation goes on (nothing to retry). */
    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("triggerRecords")
    void aTriggerRecordThatCannotBeReadIsIgnoredNamingTheField(String field, Object value, String reason) {
        Map<String, Object> event = set(SampleEvents.json("push-trigger-records.json"), field, value);
        PushEventParser.Parsed parsed = PushEventParser.parse(event);
        assertEquals(List.of(), parsed.changes(), "no reference of a broken record builds");
        assertEquals(1, parsed.ignored().size());
        String ignored = parsed.ignored().get(0).reason();
        assertTrue(ignored.contains(reason), ignored);
        assertOneShortLine(ignored);
    }

    @ParameterizedTest(name = "Records = {0}")
    @MethodSource("badRecordLists")
    void aRecordsEventWithoutRecordsIsRejected(Object records, String reason) {
        Map<String, Object> event = set(SampleEvents.json("push-trigger-records.json"), "Records", records);
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> PushEventParser.parse(event));
        assertEquals(reason, e.getMessage());
    }

    static Stream<Arguments> badRecordLists() {
        return Stream.of(
                Arguments.of(List.of(), "field Records is empty"),
                Arguments.of(null, "field Records is empty"),
                Arguments.of("x", "field Records must be an array, not the string 'x'"),
                Arguments.of(7, "field Records must be an array, not the number 7"));
    }

    private static void assertOneShortLine(String reason) {
        assertTrue(reason.length() < 400, "reason too long: " + reason.length());
        assertTrue(reason.chars().noneMatch(c -> c < 0x20), "reason has a control character: " + reason);
    }
}
