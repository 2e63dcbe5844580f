package dev.kft.gate;

import static dev.kft.testing.EventMutation.REMOVED;
import static dev.kft.testing.EventMutation.array;
import static dev.kft.testing.EventMutation.object;
import static dev.kft.testing.EventMutation.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.MalformedEventException;
import dev.kft.core.ScanVerdict;
import dev.kft.testing.SampleEvents;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field ScanGateFunction reads, broken, in both scan shapes. What the gate cannot act on is
 * rejected naming the field; counts it cannot read make a DIRTY verdict, never a clean one; an
 * unreadable time is kept as unknown.
 */
class ScanEventBadInputTest {
    static final List<String> SHAPES = List.of("scan-basic-clean.json", "scan-inspector-complete.json");

    static Stream<Arguments> rejected() {
        List<Object[]> cases = List.of(
                new Object[] {"id", REMOVED, "field id is missing"},
                new Object[] {"id", 3, "field id must be a string, not the number 3"},
                new Object[] {"source", array(), "field source must be a string, not an array"},
                new Object[] {"detail", REMOVED, "field detail is missing"},
                new Object[] {"detail", "x", "field detail must be an object, not the string 'x'"},
                new Object[] {"detail.scan-status", REMOVED, "field detail.scan-status is missing"},
                new Object[] {"detail.scan-status", 1, "field detail.scan-status must be a string, not the number 1"},
                new Object[] {"detail.scan-status", "IN_PROGRESS", "field detail.scan-status is not a scan result: 'IN_PROGRESS'"},
                new Object[] {"detail.repository-name", REMOVED, "field detail.repository-name is missing"},
                new Object[] {"detail.repository-name", "", "field detail.repository-name is empty"},
                new Object[] {"detail.repository-name", 42, "field detail.repository-name must be a string, not the number 42"},
                new Object[] {"detail.repository-name", "kft/" + "a".repeat(100 * 1024), "field detail.repository-name is 102404 characters long, over the 4096"},
                new Object[] {"detail.repository-name", "kft/Payments..api", "field detail.repository-name is not an ECR repository name or ARN: 'kft/Payments..api'"},
                new Object[] {"detail.image-digest", REMOVED, "field detail.image-digest is missing"},
                new Object[] {"detail.image-digest", object(), "field detail.image-digest must be a string, not an object"},
                new Object[] {"detail.image-digest", "sha256:abc", "field detail.image-digest is not an image digest (sha256: and 64 hex digits): 'sha256:abc'"},
                new Object[] {"detail.image-tags", "latest", "field detail.image-tags must be an array, not the string 'latest'"},
                new Object[] {"detail.image-tags.0", 7, "field detail.image-tags[0] must be a string of at most 4096 characters, not the number 7"},
                new Object[] {"detail.image-tags.0", "a..b/\u0001", "field detail.image-tags[0] is not an ECR image tag: 'a..b/\\u0001'"});
        return SHAPES.stream().flatMap(shape -> cases.stream().map(c -> Arguments.of(shape, c[0], c[1], c[2])));
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("rejected")
    void aScanTheGateCannotActOnIsRejectedNamingTheField(String shape, String field, Object value, String reason) {
        Map<String, Object> event = set(SampleEvents.json(shape), field, value);
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> ScanEventParser.parse(event));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    static Stream<Arguments> unreadableCounts() {
        List<Object[]> cases = List.of(
                new Object[] {"detail.finding-severity-counts", REMOVED, "field detail.finding-severity-counts is missing"},
                new Object[] {"detail.finding-severity-counts", null, "field detail.finding-severity-counts is missing"},
                new Object[] {"detail.finding-severity-counts", array(), "field detail.finding-severity-counts must be an object, not an array"},
                new Object[] {"detail.finding-severity-counts", "none", "field detail.finding-severity-counts must be an object, not the string 'none'"},
                new Object[] {"detail.finding-severity-counts.HIGH", "3", "field detail.finding-severity-counts.HIGH must be a non-negative integer, not the string '3'"},
                new Object[] {"detail.finding-severity-counts.HIGH", -1, "field detail.finding-severity-counts.HIGH must be a non-negative integer, not the number -1"},
                new Object[] {"detail.finding-severity-counts.HIGH", 0.5, "field detail.finding-severity-counts.HIGH must be a non-negative integer, not the number 0.5"},
                new Object[] {"detail.finding-severity-counts.HIGH", null, "field detail.finding-severity-counts.HIGH must be a non-negative integer, not null"},
                new Object[] {"detail.finding-severity-counts.HIGH", true, "field detail.finding-severity-counts.HIGH must be a non-negative integer, not the boolean true"},
                new Object[] {"detail.finding-severity-counts.CRITICAL", object(), "field detail.finding-severity-counts.CRITICAL must be a non-negative integer, not an object"});
        return SHAPES.stream().flatMap(shape -> cases.stream().map(c -> Arguments.of(shape, c[0], c[1], c[2])));
    }

    /** Chosen: DIRTY (not UNSCANNED, which ScanFailClosed=false would let through) with the counts' reason. */
    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("unreadableCounts")
    void countsThatCannotBeReadAreNeverClean(String shape, String field, Object value, String reason) {
        ScanEvent scan = ScanEventParser.parse(set(SampleEvents.json(shape), field, value));
        assertEquals(reason, scan.countsProblem());
        GateSettings failOpen = new GateSettings("kft", Severity.HIGH, GateSettings.DirtyAction.FLAG,
                new dev.kft.core.DeployPolicy(true, false), 3);
        Verdict verdict = new VerdictPolicy(failOpen).evaluate(scan, List::of, List::of, LocalDate.of(2026, 11, 20));
        assertEquals(ScanVerdict.DIRTY, verdict.outcome());
        assertEquals("the scan's finding counts cannot be read, so the image is not cleared: " + reason, verdict.reason());
        assertEquals(GateAction.FLAG, failOpen.actionFor(verdict.outcome()), "no promotion, even failing open");
    }

    static Stream<Arguments> unreadableTimes() {
        List<Object> times = java.util.Arrays.asList(REMOVED, null, "", "yesterday", 1700000000, array());
        return SHAPES.stream().flatMap(shape -> times.stream().map(t -> Arguments.of(shape, t)));
    }

    /** The image is still gated; the time is unknown, which the ledger and the gate treat as "cannot prove it is newer". */
    @ParameterizedTest(name = "{0}: time = {1}")
    @MethodSource("unreadableTimes")
    void anUnreadableTimeIsUnknownNotARejection(String shape, Object time) {
        ScanEvent scan = ScanEventParser.parse(set(SampleEvents.json(shape), "time", time));
        assertNull(scan.time());
        assertEquals("kft/payments-api", scan.imageRepository());
    }
}
