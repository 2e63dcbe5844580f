package dev.kft.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.core.ScanVerdict;
import dev.kft.launch.BuildLauncher;
import dev.kft.launch.CapacityFallback;
import dev.kft.launch.TaskLaunch;
import dev.kft.launch.TransientLaunchException;
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
import org.junit.jupiter.api.Test;

/** The launch policy (retries, give-up, ledger records) with in-memory ports; the AWS side is in PushHandlerIT. */
class BuildTriggerTest {
    private final MutableClock clock = new MutableClock();
    private final FakeLedger ledger = new FakeLedger();
    private final ScriptedLauncher launcher = new ScriptedLauncher();
    private static final String BUILD = BuildId.of("payments-api", "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f").value();

    private final List<String> tagged = new ArrayList<>();
    private final List<String> stopped = new ArrayList<>();
    /** Images the registry no longer holds. */
    private final List<String> goneDigests = new ArrayList<>();
    /** A repository without .kft.yaml, a commit without skip marker, the Dockerfile at the stack's path. */
    private final InMemorySource source = new InMemorySource();

    {
        source.files.put("Dockerfile", "FROM public.ecr.aws/docker/library/alpine:3.20\nUSER app\n");
    }

    private BuildTrigger trigger(String... settings) {
        CapacityFallback retries = new CapacityFallback(launcher);
        DeployTagger tagger = (repository, digest, tags) -> {
            if (goneDigests.contains(digest)) {
                return Optional.empty();
            }
            tags.forEach(t -> tagged.add(repository + "@" + digest + ":" + t));
            return Optional.of(Map.of());
        };
        return new BuildTrigger(new BuildPlanner(TestSettings.with(settings)), ledger, retries, (task, reason) -> stopped.add(task + " " + reason),
                tagger, source, source, (type, detail, resources) -> { }, clock);
    }

    private BuildTrigger.PushOutcome push(Duration budget) {
        return trigger().handle(PushEventParser.parse(SampleEvents.json("push-branch.json")), Deadline.in(budget, clock));
    }

    private BuildTrigger.PushOutcome pushOnSpot() {
        return trigger("USE_FARGATE_SPOT", "true").handle(PushEventParser.parse(SampleEvents.json("push-branch.json")),
                Deadline.in(Duration.ofSeconds(55), clock));
    }

    /** The claim is the push's one ledger write: the task and its capacity are recorded by its first state event (TaskStateFunction). */
    @Test
    void aLaunchedBuildWritesNothingAfterRunTask() {
        launcher.script.add(new BuildLauncher.TaskPlaced("arn:aws:ecs:us-east-1:123456789012:task/c/1"));

        BuildTrigger.PushOutcome outcome = trigger("DOCKERFILE_POLICY", "OFF", "SUPERSEDE_BUILDS", "false").handle(
                PushEventParser.parse(SampleEvents.json("push-branch.json")), Deadline.in(Duration.ofSeconds(55), clock));

        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
        assertEquals("arn:aws:ecs:us-east-1:123456789012:task/c/1", outcome.entries().get(0).taskArn());
        assertEquals(List.of("claim"), ledger.calls);
    }

    /**
     * The branch's older build had no task recorded when this push queried the ledger; its first state event
     * recorded one before the mark: the mark's write returns it, and that task is stopped.
     */
    @Test
    void aTaskRecordedBetweenTheQueryAndTheMarkIsStopped() {
        launcher.script.add(new BuildLauncher.TaskPlaced("arn:aws:ecs:us-east-1:123456789012:task/c/new"));
        BuildId older = BuildId.of("payments-api", "0".repeat(40));
        ledger.inFlight = List.of(new BuildLedger.InFlightBuild(older, "0".repeat(40), null, Instant.parse("2026-11-20T09:00:00Z")));
        ledger.mark = new BuildLedger.Superseded(true, "arn:aws:ecs:us-east-1:123456789012:task/c/old");

        BuildTrigger.PushOutcome outcome = push(Duration.ofSeconds(55));

        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
        assertEquals(List.of("arn:aws:ecs:us-east-1:123456789012:task/c/old superseded by 4f2a9c1e7b3d"), stopped);
    }

    /** Marked with no task recorded: nothing to stop here; TaskStateFunction stops the task at its first event. */
    @Test
    void anOlderBuildMarkedWithoutATaskIsLeftToItsFirstStateEvent() {
        launcher.script.add(new BuildLauncher.TaskPlaced("arn:aws:ecs:us-east-1:123456789012:task/c/new"));
        BuildId older = BuildId.of("payments-api", "0".repeat(40));
        ledger.inFlight = List.of(new BuildLedger.InFlightBuild(older, "0".repeat(40), null, Instant.parse("2026-11-20T09:00:00Z")));
        ledger.mark = new BuildLedger.Superseded(true, null);

        push(Duration.ofSeconds(55));

        assertTrue(stopped.isEmpty(), stopped.toString());
        assertEquals(List.of("claim", "inFlightBuildsOfRef", "markSuperseded"), ledger.calls);
    }

    @Test
    void noSpotCapacityFallsBackOnceToOnDemandFargateWithItsOwnClientToken() {
        launcher.script.add(new BuildLauncher.TaskNotPlaced("Capacity is unavailable at this time", BuildLauncher.Why.NO_CAPACITY));
        launcher.script.add(new BuildLauncher.TaskPlaced("arn:aws:ecs:us-east-1:123456789012:task/c/1"));

        BuildTrigger.PushOutcome outcome = pushOnSpot();

        assertFalse(outcome.failed());
        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
        assertEquals(List.of(TaskLaunch.Capacity.FARGATE_SPOT, TaskLaunch.Capacity.FARGATE),
                launcher.tasks.stream().map(TaskLaunch::capacity).toList());
        assertEquals(List.of(BUILD + "-1-spot", BUILD + "-1-ondemand"), launcher.tasks.stream().map(TaskLaunch::clientToken).toList());
        assertEquals("arn:aws:ecs:us-east-1:123456789012:task/c/1", outcome.entries().get(0).taskArn());
        assertFalse(ledger.calls.contains("recordLaunchFailed"), "the fallback's task is the build's: nothing to give back");
    }

    @Test
    void noCapacityOnEitherIsFailedToLaunchAfterTwoRequestsAndTheInvocationFails() {
        launcher.script.add(new BuildLauncher.TaskNotPlaced("Capacity is unavailable at this time", BuildLauncher.Why.NO_CAPACITY));
        launcher.script.add(new BuildLauncher.TaskNotPlaced("RESOURCE:FARGATE", BuildLauncher.Why.NO_CAPACITY));

        BuildTrigger.PushOutcome outcome = pushOnSpot();

        assertTrue(outcome.failed());
        BuildTrigger.Entry entry = outcome.entries().get(0);
        assertEquals(BuildTrigger.PushResult.FAILED_TO_LAUNCH, entry.result());
        assertEquals("FARGATE_SPOT: Capacity is unavailable at this time; then FARGATE: RESOURCE:FARGATE", entry.reason());
        assertEquals(entry.reason(), ledger.failures.get(BuildId.of("payments-api", "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f")));
        assertEquals(2, launcher.tasks.size());
    }

    @Test
    void onDemandWithoutCapacityIsNotAskedAgain() {
        launcher.script.add(new BuildLauncher.TaskNotPlaced("RESOURCE:FARGATE", BuildLauncher.Why.NO_CAPACITY));
        BuildTrigger.PushOutcome outcome = trigger("USE_FARGATE_SPOT", "false").handle(
                PushEventParser.parse(SampleEvents.json("push-branch.json")), Deadline.in(Duration.ofSeconds(55), clock));
        assertEquals("FARGATE: RESOURCE:FARGATE", outcome.entries().get(0).reason());
        assertEquals(1, launcher.tasks.size());
    }

    @Test
    void aMissingTaskDefinitionIsNotRetried() {
        launcher.script.add(new BuildLauncher.TaskNotPlaced("MISSING: task definition", BuildLauncher.Why.REFUSED));
        BuildTrigger.PushOutcome outcome = pushOnSpot();
        assertEquals(BuildTrigger.PushResult.FAILED_TO_LAUNCH, outcome.entries().get(0).result());
        assertEquals("FARGATE_SPOT: MISSING: task definition", outcome.entries().get(0).reason());
        assertEquals(1, launcher.tasks.size());
    }

    /** Throttling or a timeout the SDK could not get past: the invocation fails naming the build, the claim is given back. */
    @Test
    void aTransientErrorFailsTheInvocationNamingTheBuildAndGivesTheClaimBack() {
        TaskLaunch[] asked = new TaskLaunch[1];
        BuildTrigger trigger = new BuildTrigger(new BuildPlanner(TestSettings.with("USE_FARGATE_SPOT", "true")), ledger,
                new CapacityFallback(task -> {
                    asked[0] = task;
                    throw new TransientLaunchException(task, "ThrottlingException: Rate exceeded", null);
                }), (task, reason) -> { }, (r, d, t) -> Optional.of(Map.of()), source, source,
                (type, detail, resources) -> { }, clock);

        TransientLaunchException e = assertThrows(TransientLaunchException.class, () -> trigger.handle(
                PushEventParser.parse(SampleEvents.json("push-branch.json")), Deadline.in(Duration.ofSeconds(55), clock)));

        assertEquals("RunTask for build " + BUILD + " attempt 1 on FARGATE_SPOT (clientToken " + BUILD + "-1-spot)"
                + " failed after the SDK's retries: ThrottlingException: Rate exceeded", e.getMessage());
        assertTrue(ledger.failures.get(BuildId.of("payments-api", "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f")).startsWith("interrupted: "));
        assertEquals(BUILD + "-1-spot", asked[0].clientToken());
    }

    @Test
    void aBuildAnotherInvocationIsLaunchingFailsThisInvocationSoItIsRetried() {
        ledger.nextClaim = BuildLedger.LaunchClaim.LAUNCH_IN_PROGRESS;
        BuildTrigger.PushOutcome outcome = push(Duration.ofSeconds(55));
        assertTrue(outcome.failed());
        assertTrue(launcher.tasks.isEmpty());
    }

    @Test
    void anAlreadyLaunchedCommitRecordsTheNewRefsDeployTags() {
        ledger.nextClaim = BuildLedger.LaunchClaim.ALREADY_LAUNCHED;
        BuildTrigger.PushOutcome outcome = push(Duration.ofSeconds(55));
        assertFalse(outcome.failed());
        assertEquals(BuildTrigger.PushResult.ALREADY_LAUNCHED, outcome.entries().get(0).result());
        assertEquals(List.of("branch-main", "latest"), ledger.addedTags);
        assertTrue(launcher.tasks.isEmpty());
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

    private BuildTrigger.PushOutcome pushTag() {
        return trigger().handle(PushEventParser.parse(SampleEvents.json("push-tag.json")), Deadline.in(Duration.ofSeconds(55), clock));
    }

    /** The gate deleted the commit's image: a tag on that commit builds nothing, says why on the build and on the commit. */
    @Test
    void aTagOnACommitWhoseImageTheGateDeletedBuildsNothingAndSaysWhy() {
        ledger.nextClaim = BuildLedger.LaunchClaim.ALREADY_LAUNCHED;
        ledger.image = new BuildLedger.BuiltImage("kft/payments-api", "sha256:abc", Optional.of(ScanVerdict.DIRTY), List.of(), true);
        goneDigests.add("sha256:abc");

        BuildTrigger.PushOutcome outcome = pushTag();

        assertFalse(outcome.failed(), "nothing a retry could change");
        BuildTrigger.Entry entry = outcome.entries().get(0);
        assertEquals(BuildTrigger.PushResult.IMAGE_DELETED_BY_GATE, entry.result());
        String reason = "the scan gate deleted the image of this commit (kft/payments-api@sha256:abc) for its vulnerabilities:"
                + " nothing is built for refs/tags/v1.4.0";
        assertEquals(reason, entry.reason());
        assertEquals("refs/tags/v1.4.0: " + reason, ledger.refsNotBuilt.get(BuildId.of("payments-api", "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f")));
        assertEquals(List.of("kaniko-fargate-trigger: " + reason + "."), source.comments);
        assertTrue(launcher.tasks.isEmpty());
        assertTrue(ledger.rebuilds.isEmpty());
        assertTrue(tagged.isEmpty());
    }

    /** Gone otherwise (lifecycle expiry, by hand): the commit is built again as the build's next attempt, its own clientToken. */
    @Test
    void aTagOnACommitWhoseImageIsGoneOtherwiseRebuildsIt() {
        ledger.nextClaim = BuildLedger.LaunchClaim.ALREADY_LAUNCHED;
        ledger.image = new BuildLedger.BuiltImage("kft/payments-api", "sha256:abc", Optional.of(ScanVerdict.CLEAN));
        goneDigests.add("sha256:abc");
        launcher.script.add(new BuildLauncher.TaskPlaced("arn:aws:ecs:us-east-1:123456789012:task/c/rebuilt"));

        BuildTrigger.PushOutcome outcome = pushTag();

        assertFalse(outcome.failed());
        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
        assertEquals(List.of("sha256:abc"), ledger.rebuilds);
        assertEquals(2, launcher.tasks.get(0).attempt());
        assertEquals(BUILD + "-2-spot", launcher.tasks.get(0).clientToken());
        assertEquals("arn:aws:ecs:us-east-1:123456789012:task/c/rebuilt", outcome.entries().get(0).taskArn());
        assertTrue(source.comments.isEmpty());
    }

    @Test
    void aSecondDeliveryFindsTheRebuildClaimedAndLaunchesNothing() {
        ledger.nextClaim = BuildLedger.LaunchClaim.ALREADY_LAUNCHED;
        ledger.image = new BuildLedger.BuiltImage("kft/payments-api", "sha256:abc", Optional.of(ScanVerdict.CLEAN));
        goneDigests.add("sha256:abc");
        ledger.rebuildAttempt = Optional.empty();

        BuildTrigger.PushOutcome outcome = pushTag();

        assertEquals(BuildTrigger.PushResult.ALREADY_LAUNCHED, outcome.entries().get(0).result());
        assertEquals("another delivery is rebuilding this commit's image", outcome.entries().get(0).reason());
        assertTrue(launcher.tasks.isEmpty());
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
        /** Every call, by method name, in order. */
        final List<String> calls = new ArrayList<>();
        final Map<BuildId, String> failures = new HashMap<>();
        final List<String> addedTags = new ArrayList<>();

        @Override
        public LaunchClaim claim(BuildPlan plan, Instant now, Duration lease) {
            calls.add("claim");
            return nextClaim;
        }

        @Override
        public void recordLaunchFailed(BuildId buildId, String reason, Instant now) {
            calls.add("recordLaunchFailed");
            failures.put(buildId, reason);
        }

        final Map<BuildId, String> refsNotBuilt = new HashMap<>();
        final List<String> rebuilds = new ArrayList<>();
        Optional<Integer> rebuildAttempt = Optional.of(2);

        @Override
        public void recordRefNotBuilt(BuildId buildId, String refFullName, String reason, Instant now) {
            refsNotBuilt.put(buildId, refFullName + ": " + reason);
        }

        @Override
        public Optional<Integer> claimRebuild(BuildPlan plan, String goneDigest, Instant now, Duration lease) {
            rebuilds.add(goneDigest);
            return rebuildAttempt;
        }

        BuiltImage image = new BuiltImage("kft/payments-api", null, Optional.empty());

        @Override
        public void recordSkipped(BuildId buildId, String reason, Instant now) {
            calls.add("recordSkipped");
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

        List<InFlightBuild> inFlight = List.of();
        Superseded mark = Superseded.NOT_MARKED;

        @Override
        public List<InFlightBuild> inFlightBuildsOfRef(BuildPlan plan) {
            calls.add("inFlightBuildsOfRef");
            return inFlight;
        }

        @Override
        public Superseded markSuperseded(BuildId buildId, String newerCommitId, Instant now) {
            calls.add("markSuperseded");
            return mark;
        }

        @Override
        public void recordSupersededOnArrival(BuildId buildId, String newerCommitId, Instant now) {
            calls.add("recordSupersededOnArrival");
        }

        @Override
        public void recordConfigured(BuildId pushRecord, Map<String, BuildId> imageBuilds, Map<String, String> skippedImages, Instant now) {
            calls.add("recordConfigured");
        }

        @Override
        public BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now) {
            calls.add("addDeployTags");
            addedTags.addAll(tags);
            return image;
        }
    }
}
