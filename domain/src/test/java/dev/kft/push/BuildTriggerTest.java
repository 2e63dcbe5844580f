package dev.kft.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Backoff;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.core.ScanVerdict;
import dev.kft.launch.BuildLauncher;
import dev.kft.launch.LaunchRetries;
import dev.kft.launch.TaskLaunch;
import dev.kft.testing.InMemorySource;
import dev.kft.testing.MutableClock;
import dev.kft.testing.SampleEvents;
import dev.kft.testing.ScriptedLauncher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The launch policy (retries, give-up, ledger records) with in-memory ports; the AWS side is in PushHandlerIT. */
class BuildTriggerTest {
    private final MutableClock clock = new MutableClock();
    private final FakeLedger ledger = new FakeLedger();
    private final ScriptedLauncher launcher = new ScriptedLauncher();
    private final List<Duration> waits = new ArrayList<>();

    private final List<String> tagged = new ArrayList<>();
    /** A repository without .kft.yaml, a commit without skip marker, the Dockerfile at the stack's path. */
    private final InMemorySource source = new InMemorySource();

    {
        source.files.put("Dockerfile", "FROM public.ecr.aws/docker/library/alpine:3.20\nUSER app\n");
    }

    private BuildTrigger trigger(String... settings) {
        LaunchRetries retries = new LaunchRetries(launcher, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), new Random(7)),
                d -> { waits.add(d); clock.advance(d); });
        DeployTagger tagger = (repository, digest, tags) -> {
            tags.forEach(t -> tagged.add(repository + "@" + digest + ":" + t));
            return Map.of();
        };
        return new BuildTrigger(new BuildPlanner(TestSettings.with(settings)), ledger, retries, (task, reason) -> { }, name -> { }, tagger,
                source, source, (type, detail, resources) -> { }, clock);
    }

    private BuildTrigger.PushOutcome push(Duration budget) {
        return trigger().handle(PushEventParser.parse(SampleEvents.json("push-branch.json")), Deadline.in(budget, clock));
    }

    @Test
    void capacityFailuresAreRetriedWithBackoffUntilATaskIsPlaced() {
        launcher.script.add(new BuildLauncher.TaskNotPlaced("Capacity is unavailable at this time", true));
        launcher.script.add(new BuildLauncher.TaskNotPlaced("ThrottlingException: Rate exceeded", true));
        launcher.script.add(new BuildLauncher.TaskPlaced("arn:aws:ecs:us-east-1:123456789012:task/c/1"));

        BuildTrigger.PushOutcome outcome = push(Duration.ofSeconds(55));

        assertFalse(outcome.failed());
        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
        assertEquals(List.of(0, 1, 2), launcher.launchTries);
        assertEquals(2, waits.size());
        waits.forEach(w -> assertTrue(w.compareTo(Duration.ofSeconds(8)) <= 0));
        assertEquals("arn:aws:ecs:us-east-1:123456789012:task/c/1", ledger.taskArns.values().iterator().next());
    }

    @Test
    void whenTheTimeBudgetRunsOutTheBuildIsFailedToLaunchAndTheInvocationFails() {
        for (int i = 0; i < 100; i++) {
            launcher.script.add(new BuildLauncher.TaskNotPlaced("Capacity is unavailable at this time", true));
        }
        BuildTrigger.PushOutcome outcome = push(Duration.ofSeconds(30));

        assertTrue(outcome.failed());
        BuildTrigger.Entry entry = outcome.entries().get(0);
        assertEquals(BuildTrigger.PushResult.FAILED_TO_LAUNCH, entry.result());
        assertTrue(entry.reason().startsWith("gave up after " + launcher.launchTries.size() + " RunTask calls: Capacity"), entry.reason());
        assertEquals(entry.reason(), ledger.failures.get(BuildId.of("payments-api", "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f")));
        assertTrue(launcher.launchTries.size() > 2);
    }

    @Test
    void aMissingTaskDefinitionIsNotRetried() {
        launcher.script.add(new BuildLauncher.TaskNotPlaced("MISSING: task definition", false));
        BuildTrigger.PushOutcome outcome = push(Duration.ofSeconds(55));
        assertEquals(BuildTrigger.PushResult.FAILED_TO_LAUNCH, outcome.entries().get(0).result());
        assertEquals("MISSING: task definition", outcome.entries().get(0).reason());
        assertEquals(1, launcher.launchTries.size());
        assertTrue(waits.isEmpty());
    }

    @Test
    void aBuildAnotherInvocationIsLaunchingFailsThisInvocationSoItIsRetried() {
        ledger.nextClaim = BuildLedger.LaunchClaim.LAUNCH_IN_PROGRESS;
        BuildTrigger.PushOutcome outcome = push(Duration.ofSeconds(55));
        assertTrue(outcome.failed());
        assertTrue(launcher.launchTries.isEmpty());
    }

    @Test
    void anAlreadyLaunchedCommitRecordsTheNewRefsDeployTags() {
        ledger.nextClaim = BuildLedger.LaunchClaim.ALREADY_LAUNCHED;
        BuildTrigger.PushOutcome outcome = push(Duration.ofSeconds(55));
        assertFalse(outcome.failed());
        assertEquals(BuildTrigger.PushResult.ALREADY_LAUNCHED, outcome.entries().get(0).result());
        assertEquals(List.of("branch-main", "latest"), ledger.addedTags);
        assertTrue(launcher.launchTries.isEmpty());
        // Not built yet: the tags wait in the ledger for the scan gate's promotion.
        assertTrue(tagged.isEmpty());
        assertTrue(outcome.entries().get(0).reason().contains("recorded, applied once the image is built and scans clean"));
    }

    @Test
    void aRefPointingAtAnImageTheGateAlreadyClearedTagsItAtOnce() {
        ledger.nextClaim = BuildLedger.LaunchClaim.ALREADY_LAUNCHED;
        ledger.image = new BuildLedger.BuiltImage("kft/payments-api", "sha256:abc", Optional.of(ScanVerdict.CLEAN));
        push(Duration.ofSeconds(55));
        assertEquals(List.of("kft/payments-api@sha256:abc:branch-main", "kft/payments-api@sha256:abc:latest"), tagged);
    }

    @Test
    void aDirtyOrUnscannedImageNeverGetsTheNewRefsDeployTags() {
        ledger.nextClaim = BuildLedger.LaunchClaim.ALREADY_LAUNCHED;
        for (Optional<ScanVerdict> verdict : List.of(Optional.of(ScanVerdict.DIRTY), Optional.of(ScanVerdict.UNSCANNED),
                Optional.<ScanVerdict>empty())) {
            ledger.image = new BuildLedger.BuiltImage("kft/payments-api", "sha256:abc", verdict);
            push(Duration.ofSeconds(55));
        }
        assertTrue(tagged.isEmpty());
    }

    @Test
    void withoutPromotionABuiltImageGetsTheNewRefsTagsUnlessTheGateBlockedIt() {
        ledger.nextClaim = BuildLedger.LaunchClaim.ALREADY_LAUNCHED;
        assertEquals(2, tagsAddedWithoutPromotion(Optional.empty()), "not scanned yet");
        assertEquals(2, tagsAddedWithoutPromotion(Optional.of(ScanVerdict.CLEAN)));
        assertEquals(0, tagsAddedWithoutPromotion(Optional.of(ScanVerdict.DIRTY)));
        assertEquals(0, tagsAddedWithoutPromotion(Optional.of(ScanVerdict.UNSCANNED)));
    }

    @Test
    void whenTheGateFailsOpenAnUnscannedImageGetsTheNewRefsTagsAsTheGatePromotedIt() {
        // The gate promotes UNSCANNED images when SCAN_FAIL_CLOSED=false; the push slice must agree.
        ledger.nextClaim = BuildLedger.LaunchClaim.ALREADY_LAUNCHED;
        ledger.image = new BuildLedger.BuiltImage("kft/payments-api", "sha256:abc", Optional.of(ScanVerdict.UNSCANNED));
        trigger("SCAN_FAIL_CLOSED", "false").handle(PushEventParser.parse(SampleEvents.json("push-branch.json")),
                Deadline.in(Duration.ofSeconds(55), clock));
        assertEquals(List.of("kft/payments-api@sha256:abc:branch-main", "kft/payments-api@sha256:abc:latest"), tagged);
    }

    private int tagsAddedWithoutPromotion(Optional<ScanVerdict> verdict) {
        tagged.clear();
        ledger.image = new BuildLedger.BuiltImage("kft/payments-api", "sha256:abc", verdict);
        trigger("PROMOTE_ON_CLEAN_SCAN", "false").handle(PushEventParser.parse(SampleEvents.json("push-branch.json")),
                Deadline.in(Duration.ofSeconds(55), clock));
        return tagged.size();
    }

    private static final class FakeLedger implements BuildLedger {
        LaunchClaim nextClaim = LaunchClaim.NEW;
        final Map<BuildId, String> taskArns = new HashMap<>();
        final Map<BuildId, String> failures = new HashMap<>();
        final List<String> addedTags = new ArrayList<>();

        @Override
        public LaunchClaim claim(BuildPlan plan, Instant now, Duration lease) {
            return nextClaim;
        }

        @Override
        public void recordLaunched(BuildId buildId, String taskArn, Instant now) {
            taskArns.put(buildId, taskArn);
        }

        @Override
        public void recordLaunchFailed(BuildId buildId, String reason, Instant now) {
            failures.put(buildId, reason);
        }

        BuiltImage image = new BuiltImage("kft/payments-api", null, Optional.empty());

        @Override
        public void recordSkipped(BuildId buildId, String reason, Instant now) {
            failures.put(buildId, "SKIPPED " + reason);
        }

        @Override
        public void recordConfigFailed(BuildId buildId, List<String> errors, Instant now) {
            failures.put(buildId, "FAILED_CONFIG " + errors);
        }

        @Override
        public void recordPolicyFailed(BuildId buildId, List<String> findings, Instant now) {
            failures.put(buildId, "FAILED_POLICY " + findings);
        }

        @Override
        public void recordPolicyWarnings(BuildId buildId, List<String> findings, Instant now) {
        }

        @Override
        public List<InFlightBuild> inFlightBuildsOfRef(BuildPlan plan) {
            return List.of();
        }

        @Override
        public boolean markSuperseded(BuildId buildId, String newerCommitId, Instant now) {
            return false;
        }

        @Override
        public void recordConfigured(BuildId pushRecord, Map<String, BuildId> imageBuilds, Map<String, String> skippedImages, Instant now) {
        }

        @Override
        public BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now) {
            addedTags.addAll(tags);
            return image;
        }
    }
}
