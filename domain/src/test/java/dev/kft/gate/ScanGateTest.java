package dev.kft.gate;

import static dev.kft.gate.GateFixtures.DIGEST;
import static dev.kft.gate.GateFixtures.finding;
import static dev.kft.gate.GateFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Deadline;
import dev.kft.core.DeployPolicy;
import dev.kft.core.Metrics;
import dev.kft.core.Metrics.Metric;
import dev.kft.core.RecordedMetrics;
import dev.kft.core.ScanVerdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The use case with in-memory ports: the paths the moto-backed tests cannot reach. */
class ScanGateTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T09:22:00Z"), ZoneOffset.UTC);
    private static final BuildInfo BUILD = new BuildInfo("b1", "payments-api", "refs/heads/main",
            "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f", "4f2a9c1e7b3d", List.of("latest", "branch-main", "v1.4.0"), null, null);

    /** Every port call, in the order the use case made it. */
    private final List<String> calls = new ArrayList<>();
    private final Registry registry = new Registry();
    private final Ledger ledger = new Ledger();
    private final List<Map<String, Object>> published = new ArrayList<>();
    private final RecordedMetrics metrics = new RecordedMetrics();
    private int findingsReads;

    private ScanGate gate(GateSettings settings) {
        ScanFindings findings = (repository, digest) -> {
            findingsReads++;
            return List.of(finding("CVE-2026-0001", "HIGH", 7.5));
        };
        return new ScanGate(settings, findings, List::of, registry, ledger, (detail, resources) -> {
            calls.add("publish");
            published.add(detail);
        }, CLOCK, metrics.writer());
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(60), CLOCK);
    }

    @Test
    void aRetryActsOnTheRecordedVerdictWithoutReadingFindingsAgain() {
        registry.tags = new TreeSet<>(Set.of("4f2a9c1e7b3d", "latest"));
        Verdict recorded = new Verdict(ScanVerdict.DIRTY, "recorded earlier", Severity.HIGH, Map.of("HIGH", 1L), 1, 1,
                List.of(finding("CVE-2026-0009", "HIGH", 8.0)), List.of());
        ledger.claim = new GateLedger.VerdictClaim(GateLedger.ClaimStatus.RESUMED, Optional.of(recorded));

        gate(GateFixtures.settings(Severity.HIGH)).handle(scan("COMPLETE", Map.of("HIGH", 1L)), deadline());

        assertEquals(0, findingsReads);
        assertEquals(Set.of("4f2a9c1e7b3d"), registry.tags);
        assertTrue(((String) published.get(0).get("text")).contains("CVE-2026-0009"));
        assertEquals(List.of(recorded), ledger.done);
    }

    /** A clean scan without a readable time after a DIRTY verdict: the image stays blocked, security hears why. */
    @Test
    void anUntimedCleanScanNeverReplacesADirtyVerdict() {
        registry.tags = new TreeSet<>(Set.of("4f2a9c1e7b3d"));
        ledger.claim = new GateLedger.VerdictClaim(GateLedger.ClaimStatus.NEW, Optional.empty(), Optional.of(ScanVerdict.DIRTY));
        ScanEvent untimedClean = withTime(scan("COMPLETE", Map.of()), null);

        gate(GateFixtures.settings(Severity.HIGH)).handle(untimedClean, deadline());

        assertFalse(calls.contains("addTags"), calls.toString());
        assertEquals(ScanVerdict.DIRTY, ledger.done.get(0).outcome());
        assertEquals("this scan has no readable time, so it cannot replace the earlier DIRTY verdict of this image"
                + " (it found: CLEAN, no finding at or above HIGH)", ledger.done.get(0).reason());
        assertEquals("DIRTY", published.get(0).get("verdict"));
    }

    @Test
    void aTimedCleanScanAfterADirtyVerdictPromotes() {
        registry.tags = new TreeSet<>(Set.of("4f2a9c1e7b3d"));
        ledger.claim = new GateLedger.VerdictClaim(GateLedger.ClaimStatus.NEW, Optional.empty(), Optional.of(ScanVerdict.DIRTY));

        gate(GateFixtures.settings(Severity.HIGH)).handle(scan("COMPLETE", Map.of()), deadline());

        assertTrue(calls.contains("addTags"), calls.toString());
        assertEquals(ScanVerdict.CLEAN, ledger.done.get(0).outcome());
    }

    /** Failing closed: an untimed DIRTY scan still blocks an image an earlier scan found clean. */
    @Test
    void anUntimedDirtyScanStillBlocks() {
        registry.tags = new TreeSet<>(Set.of("4f2a9c1e7b3d", "latest"));
        ledger.claim = new GateLedger.VerdictClaim(GateLedger.ClaimStatus.NEW, Optional.empty(), Optional.of(ScanVerdict.CLEAN));

        gate(GateFixtures.settings(Severity.HIGH)).handle(withTime(scan("COMPLETE", Map.of("HIGH", 1L)), null), deadline());

        assertEquals(ScanVerdict.DIRTY, ledger.done.get(0).outcome());
        assertEquals(Set.of("4f2a9c1e7b3d"), registry.tags);
    }

    /** Counts the gate cannot read: no promotion, the notification carries the reason. */
    @Test
    void unreadableCountsAreNotifiedAndNeverPromoted() {
        registry.tags = new TreeSet<>(Set.of("4f2a9c1e7b3d"));
        ScanEvent scan = new ScanEvent("event-1", Instant.parse("2026-11-20T09:21:40Z"), "us-east-1", "123456789012",
                ScanEvent.Scanner.BASIC, "COMPLETE", GateFixtures.REPOSITORY, GateFixtures.DIGEST, List.of("4f2a9c1e7b3d"), Map.of(),
                "field detail.finding-severity-counts.HIGH must be a non-negative integer, not the string '3'");

        gate(GateFixtures.settings(Severity.HIGH)).handle(scan, deadline());

        assertFalse(calls.contains("addTags"), calls.toString());
        assertEquals("DIRTY", published.get(0).get("verdict"));
        assertTrue(((String) published.get(0).get("text")).contains("not the string '3'"), (String) published.get(0).get("text"));
    }

    private static ScanEvent withTime(ScanEvent scan, Instant time) {
        return new ScanEvent(scan.eventId(), time, scan.region(), scan.account(), scan.scanner(), scan.scanStatus(),
                scan.imageRepository(), scan.imageDigest(), scan.imageTags(), scan.severityCounts(), scan.countsProblem());
    }

    @Test
    void anotherInvocationAtWorkMeansRetryLater() {
        ledger.claim = new GateLedger.VerdictClaim(GateLedger.ClaimStatus.IN_PROGRESS, Optional.empty());
        ScanGate gate = gate(GateFixtures.settings(Severity.HIGH));
        assertThrows(ScanGate.GateBusyException.class, () -> gate.handle(scan("COMPLETE", Map.of()), deadline()));
        assertTrue(published.isEmpty());
    }

    @Test
    void theVerdictIsRecordedBeforeTheImageIsDeleted() {
        registry.tags = new TreeSet<>(Set.of("4f2a9c1e7b3d"));
        GateSettings delete = new GateSettings("kft", Severity.HIGH, GateSettings.DirtyAction.DELETE, new DeployPolicy(true, true), 10);

        gate(delete).handle(scan("COMPLETE", Map.of("HIGH", 1L)), deadline());

        assertEquals(List.of("recordVerdict", "noteVerdictOnBuild", "delete", "publish", "recordDone"), calls);
        assertEquals(1, metrics.total(Metric.GATE_VERDICTS, Metrics.VERDICT, "DIRTY"));
        assertEquals(1, metrics.total(Metric.GATE_ACTIONS, Metrics.ACTION, "DELETE"));
        assertEquals("b1", metrics.withMetric(Metric.GATE_ACTIONS).get(0).get("buildId"), "the build is a property, not a dimension");
    }

    @Test
    void aRepositoryOutsideThePrefixIsIgnoredAndCounted() {
        ScanEvent foreign = new ScanEvent("event-2", Instant.parse("2026-11-20T09:21:40Z"), "us-east-1", "123456789012",
                ScanEvent.Scanner.BASIC, "COMPLETE", "other/payments-api", DIGEST, List.of("4f2a9c1e7b3d"), Map.of(), null);
        ScanGate.GateOutcome outcome = gate(GateFixtures.settings(Severity.HIGH)).handle(foreign, deadline());

        assertEquals(ScanGate.GateResult.IGNORED, outcome.result());
        assertEquals(1, metrics.total(Metric.EVENTS_IGNORED, Metrics.REASON_CLASS, "REPOSITORY_NOT_GATED"));
        assertTrue(metrics.withMetric(Metric.GATE_VERDICTS).isEmpty());
    }

    @Test
    void aDuplicateDeliveryCountsNoSecondVerdict() {
        ledger.claim = new GateLedger.VerdictClaim(GateLedger.ClaimStatus.DUPLICATE, Optional.empty());
        gate(GateFixtures.settings(Severity.HIGH)).handle(scan("COMPLETE", Map.of()), deadline());
        assertTrue(metrics.documents().isEmpty());
    }

    @Test
    void aFlaggedImageWithoutACommitTagKeepsItsTagsRatherThanBeingDeletedByUntagging() {
        ledger.build = Optional.empty();
        registry.tags = new TreeSet<>(Set.of("latest", "release"));

        gate(GateFixtures.settings(Severity.HIGH)).handle(scan("COMPLETE", Map.of("HIGH", 1L)), deadline());

        assertEquals(Set.of("latest", "release"), registry.tags);
        assertTrue(((String) published.get(0).get("text")).contains("removing its last tag would delete it"));
    }

    @Test
    void promotionReportsTagsAlreadyInPlaceAndTagsHeldByAnotherImage() {
        registry.tags = new TreeSet<>(Set.of("4f2a9c1e7b3d", "latest"));
        registry.heldElsewhere = Set.of("v1.4.0");

        gate(GateFixtures.settings(Severity.HIGH)).handle(scan("COMPLETE", Map.of()), deadline());

        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) published.get(0).get("actionReport");
        assertEquals(List.of("branch-main"), report.get("tagsAdded"));
        assertEquals(List.of("latest"), report.get("tagsInPlace"));
        assertEquals(List.of("v1.4.0"), report.get("tagsHeld"));
    }

    @Test
    void promotionUsesTheDeployTagsReadBackWithTheVerdictNotTheIndexsOlderCopy() {
        registry.tags = new TreeSet<>(Set.of("4f2a9c1e7b3d"));
        // A release tag recorded by PushFunction between the index read and the verdict write.
        ledger.afterVerdict = new BuildInfo("b1", "payments-api", "refs/heads/main", "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f",
                "4f2a9c1e7b3d", List.of("latest", "branch-main", "v1.4.0", "v1.4.1"), null, null);

        gate(GateFixtures.settings(Severity.HIGH)).handle(scan("COMPLETE", Map.of()), deadline());

        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) published.get(0).get("actionReport");
        assertTrue(((List<?>) report.get("tagsAdded")).contains("v1.4.1"), report.toString());
        assertTrue(calls.indexOf("noteVerdictOnBuild") < calls.indexOf("addTags"), calls.toString());
    }

    @Test
    void aCleanOlderImageNeverTakesTheBranchsMovingTagsFromANewerPush() {
        registry.tags = new TreeSet<>(Set.of("4f2a9c1e7b3d"));
        ledger.newerBuildOfBranch = true;

        gate(GateFixtures.settings(Severity.HIGH)).handle(scan("COMPLETE", Map.of()), deadline());

        // The git tag names this commit for good; branch-main and latest stay where the newer push put them.
        assertEquals(Set.of("4f2a9c1e7b3d", "v1.4.0"), registry.tags);
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) published.get(0).get("actionReport");
        assertEquals(List.of("branch-main", "latest"), report.get("tagsHeld"));
    }

    @Test
    void anImageAlreadyGoneIsReportedNotActedOn() {
        registry.tags = null;
        gate(GateFixtures.settings(Severity.HIGH)).handle(scan("COMPLETE", Map.of("HIGH", 1L)), deadline());
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) published.get(0).get("actionReport");
        assertEquals(true, report.get("imageGone"));
        assertFalse(calls.contains("removeTags"));
    }

    /** One image, in memory. */
    private final class Registry implements ImageRegistry {
        Set<String> tags;
        Set<String> heldElsewhere = Set.of();

        @Override
        public Optional<Set<String>> tagsOf(String repository, String digest) {
            return Optional.ofNullable(tags).map(Set::copyOf);
        }

        @Override
        public Map<String, TagOutcome> addTags(String repository, String digest, Collection<String> add) {
            calls.add("addTags");
            Map<String, TagOutcome> outcomes = new LinkedHashMap<>();
            for (String tag : add) {
                outcomes.put(tag, heldElsewhere.contains(tag) ? TagOutcome.HELD_BY_ANOTHER_IMAGE
                        : tags.add(tag) ? TagOutcome.ADDED : TagOutcome.ALREADY_IN_PLACE);
            }
            return outcomes;
        }

        @Override
        public List<String> removeTags(String repository, String digest, Collection<String> remove) {
            calls.add("removeTags");
            List<String> removed = remove.stream().filter(tags::contains).toList();
            tags.removeAll(removed);
            return removed;
        }

        @Override
        public boolean delete(String repository, String digest) {
            calls.add("delete");
            assertEquals(DIGEST, digest);
            boolean existed = tags != null;
            tags = null;
            return existed;
        }
    }

    /** The ledger, in memory. */
    private final class Ledger implements GateLedger {
        VerdictClaim claim = new VerdictClaim(ClaimStatus.NEW, Optional.empty());
        Optional<BuildInfo> build = Optional.of(BUILD);
        /** The build as the verdict write reads it back; null: unchanged since buildOf. */
        BuildInfo afterVerdict;
        final List<Verdict> done = new ArrayList<>();
        /** A newer push of the build's branch exists for this image repository. */
        boolean newerBuildOfBranch;

        @Override
        public BuildInfo noteVerdictOnBuild(BuildInfo found, ScanEvent scan, Verdict verdict, Instant now) {
            calls.add("noteVerdictOnBuild");
            return afterVerdict != null ? afterVerdict : found;
        }

        @Override
        public Optional<BuildInfo> buildOf(String imageRepository, Collection<String> imageTags) {
            return build;
        }

        @Override
        public VerdictClaim claim(ScanEvent scan, Instant now, Duration lease) {
            return claim;
        }

        @Override
        public void recordVerdict(ScanEvent scan, Verdict verdict, Instant now) {
            calls.add("recordVerdict");
        }

        @Override
        public boolean newerBuildOfBranch(String imageRepository, BuildInfo build) {
            calls.add("newerBuildOfBranch");
            return newerBuildOfBranch;
        }

        @Override
        public void recordDone(ScanEvent scan, Verdict verdict, GateAction action, Optional<BuildInfo> build, Instant now) {
            calls.add("recordDone");
            done.add(verdict);
        }
    }
}
