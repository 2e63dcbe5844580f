package dev.kft.result;

import static dev.kft.result.SampleBuilds.BUILD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Metrics.Metric;
import dev.kft.core.Metrics;
import dev.kft.core.RecordedMetrics;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.launch.BuildLauncher;
import dev.kft.launch.CapacityFallback;
import dev.kft.launch.TaskLaunch;
import dev.kft.result.BuildResultRecorder.TaskEventOutcome;
import dev.kft.result.BuildResultRecorder.TaskEventResult;
import dev.kft.testing.MutableClock;
import dev.kft.testing.ScriptedLauncher;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The result use case with in-memory ports; DynamoBuildResultsIT and TaskStateHandlerIT cover the adapters. */
class BuildResultRecorderTest {
    private static final String DIGEST = "sha256:7e1f3a5c9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a";
    private static final String RELAUNCHED_TASK = "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/relaunched";
    /** The newer commit of main that supersedes the sample build. */
    private static final String NEWER_COMMIT = "b7e3d9a1c5f2" + "0".repeat(28);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T09:17:20Z"));
    private final InMemoryBuildResults ledger = new InMemoryBuildResults();
    private final Map<String, String> digests = new HashMap<>();
    private final FakeCommits commits = new FakeCommits();
    private final RecordingBuildEvents events = new RecordingBuildEvents();
    private final ScriptedLauncher launcher = new ScriptedLauncher();
    private final RecordedMetrics metrics = new RecordedMetrics();
    /** StopTask calls: {@code <task ARN> <reason>}. */
    private final List<String> stopped = new java.util.ArrayList<>();
    private BuildResultRecorder recorder;

    @BeforeEach
    void setUp() {
        ImageDigests images = (repository, tag) -> Optional.ofNullable(digests.get(repository + ":" + tag));
        CapacityFallback retries = new CapacityFallback(launcher);
        recorder = new BuildResultRecorder(new ResultSettings("kft-build", "kaniko", "/kft/kaniko"), ledger, images, commits, events,
                retries, (task, reason) -> stopped.add(task + " " + reason), clock, metrics.writer());
        ledger.put(SampleBuilds.queued());
        digests.put("kft/payments-api:4f2a9c1e7b3d", DIGEST);
    }

    private TaskEventOutcome deliver(String file) {
        return recorder.handle(SampleBuilds.event(file), Deadline.in(Duration.ofSeconds(60), clock));
    }

    private BuildRecord build() {
        return ledger.find(BUILD).orElseThrow();
    }

    @Test
    void aRunningTaskAdvancesTheBuildAndRecordsTheCommitOnce() {
        TaskEventOutcome outcome = deliver("task-running.json");

        assertEquals(TaskEventResult.ADVANCED, outcome.result());
        assertEquals(BuildStatus.RUNNING, build().status());
        assertEquals(3L, build().taskVersion());
        assertEquals(FakeCommits.COMMIT, build().commit());
        assertTrue(events.published.isEmpty());

        deliver("task-stopped-exit0.json");
        assertEquals(1, commits.described.size(), "GetCommit once per build: the author is known from the first event on");
    }

    @Test
    void duplicateAndOutOfOrderEventsChangeNothing() {
        deliver("task-running.json");
        assertEquals(TaskEventResult.NO_CHANGE, deliver("task-running.json").result(), "a duplicate");
        TaskEventOutcome older = recorder.handle(SampleBuilds.event("task-running.json", "version", 2, "lastStatus", "PENDING"),
                Deadline.in(Duration.ofSeconds(60), clock));
        assertEquals(TaskEventResult.NO_CHANGE, older.result(), "an older version, delivered late");
        assertEquals(BuildStatus.RUNNING, build().status());

        deliver("task-stopped-exit0.json");
        assertEquals(TaskEventResult.NO_CHANGE, deliver("task-running.json").result(), "RUNNING after STOPPED");
        assertEquals(TaskEventResult.NO_CHANGE, deliver("task-stopped-exit0.json").result(), "the final event again");
        assertEquals(BuildStatus.SUCCEEDED, build().status());
        assertEquals(1, events.published.size());
        assertEquals(1, commits.comments.size());
    }

    @Test
    void exitCodeZeroSucceedsWithTheImageDigestAndIsPublishedAndCommentedOnce() {
        TaskEventOutcome outcome = deliver("task-stopped-exit0.json");

        assertEquals(TaskEventResult.FINISHED, outcome.result());
        assertEquals(BuildStatus.SUCCEEDED, build().status());
        assertEquals(DIGEST, build().result().imageDigest());
        assertEquals(0, build().result().exitCode());
        assertTrue(build().resultPublished());
        assertEquals(1, events.published.size());
        RecordingBuildEvents.Published published = events.published.get(0);
        assertEquals(BuildEventDetail.SUCCEEDED, published.detailType());
        assertEquals(DIGEST, published.detail().get("imageDigest"));
        assertEquals(List.of(BUILD.value() + "-1-SUCCEEDED"), commits.commentTokens);
        assertEquals("comment-1", ledger.commentId(BUILD));
        assertTrue(ledger.publishLease(BUILD).isEmpty(), "the lease goes once the result is out");
        Map<String, Object> metric = metrics.withMetric(Metric.BUILDS_SUCCEEDED).get(0);
        assertEquals("SUCCEEDED", metric.get(Metrics.STATUS));
        assertEquals(BUILD.value(), metric.get("buildId"));
        assertEquals("payments-api", metric.get("repository"));
        assertEquals(build().result().timings().buildingMillis(), ((Number) metric.get("BuildDuration")).longValue());
        assertEquals(build().result().timings().queuedMillis() + build().result().timings().provisioningMillis(),
                ((Number) metric.get("QueueTime")).longValue());
    }

    @Test
    void aFinalStateIsCountedOnceWhateverTheDuplicates() {
        deliver("task-stopped-exit0.json");
        deliver("task-stopped-exit0.json");
        deliver("task-running.json");

        assertEquals(1, metrics.withMetric(Metric.BUILDS_SUCCEEDED).size());
        assertEquals(1, metrics.documents().size(), "nothing else is counted: no final state, no ignored event");
    }

    @Test
    void aSuccessfulBuildWhoseImageIsMissingSaysSo() {
        digests.clear();
        deliver("task-stopped-exit0.json");
        assertEquals(BuildStatus.SUCCEEDED, build().status());
        assertNull(build().result().imageDigest());
        assertEquals("no image tagged 4f2a9c1e7b3d in kft/payments-api", build().result().imageMissingReason());
    }

    @Test
    void aNonZeroExitCodeFails() {
        TaskEventOutcome outcome = deliver("task-stopped-exit1.json");
        assertEquals(BuildStatus.FAILED, outcome.status());
        assertEquals(BuildStatus.FAILED, build().status());
        assertEquals(1, build().result().exitCode());
        assertNull(build().result().imageDigest(), "a failed build has no image to look up");
        assertEquals(BuildEventDetail.FAILED, events.published.get(0).detailType());
        assertEquals(1, metrics.total(Metric.BUILDS_FAILED, Metrics.STATUS, "FAILED"));
    }

    @Test
    void aUserStoppedTaskIsCancelled() {
        deliver("task-user-stopped.json");
        assertEquals(BuildStatus.CANCELLED, build().status());
        assertEquals(BuildEventDetail.FAILED, events.published.get(0).detailType());
        assertEquals(1, metrics.total(Metric.BUILDS_CANCELLED, Metrics.STATUS, "CANCELLED"));
        assertTrue(metrics.withMetric(Metric.BUILDS_FAILED).isEmpty(), "a cancelled build is not a failure");
    }

    @Test
    void aTaskThatFailedToStartIsFailedToStart() {
        deliver("task-failed-to-start.json");
        assertEquals(BuildStatus.FAILED_TO_START, build().status());
        assertNull(build().result().exitCode());
        assertEquals(1, events.published.size());
        assertEquals(1, metrics.total(Metric.BUILDS_FAILED, Metrics.STATUS, "FAILED_TO_START"));
        assertFalse(metrics.withMetric(Metric.BUILDS_FAILED).get(0).containsKey("BuildDuration"), "kaniko never ran");
    }

    @Test
    void aTasksFirstEventRecordsTheTaskOnTheBuild() {
        assertNull(build().taskArn(), "PushFunction writes nothing after RunTask");

        deliver("task-running.json");

        assertEquals(SampleBuilds.event("task-running.json").taskArn(), build().taskArn());
        assertTrue(stopped.isEmpty());
    }

    /** Superseded while its task was not recorded: the newer push could not stop it, its first event does. */
    @Test
    void aSupersededBuildsTaskIsStoppedAtItsFirstEventAndItsStopEventCancelsIt() {
        ledger.put(SampleBuilds.queued().toBuilder().supersededBy(NEWER_COMMIT).build());
        String task = SampleBuilds.event("task-running.json").taskArn();

        assertEquals(TaskEventResult.ADVANCED, deliver("task-running.json").result());
        assertEquals(List.of(task + " superseded by b7e3d9a1c5f2"), stopped);
        assertEquals(task, build().taskArn());

        TaskEventOutcome stop = recorder.handle(SampleBuilds.event("task-user-stopped.json", "stoppedReason", "superseded by b7e3d9a1c5f2"),
                Deadline.in(Duration.ofSeconds(60), clock));
        assertEquals(BuildStatus.CANCELLED, stop.status());
        assertEquals("superseded by b7e3d9a1c5f2", build().result().failureReason());
        assertEquals(1, stopped.size(), "a stopped task is not stopped again");
        assertEquals(1, events.published.size());
    }

    @Test
    void aTaskAlreadyBeingStoppedIsLeftAlone() {
        ledger.put(SampleBuilds.queued().toBuilder().supersededBy(NEWER_COMMIT).build());

        recorder.handle(SampleBuilds.event("task-running.json", "desiredStatus", "STOPPED"), Deadline.in(Duration.ofSeconds(60), clock));

        assertTrue(stopped.isEmpty(), stopped.toString());
    }

    @Test
    void aBuildSupersededBetweenTheReadAndTheWriteStillGetsItsTaskStopped() {
        ledger.beforeNextAdvance = () -> ledger.put(build().toBuilder().supersededBy(NEWER_COMMIT).build());

        deliver("task-running.json");

        assertEquals(List.of(SampleBuilds.event("task-running.json").taskArn() + " superseded by b7e3d9a1c5f2"), stopped);
    }

    /** An operator cancelled the build before its task was recorded: its first event publishes the cancellation and stops the task. */
    @Test
    void aBuildCancelledBeforeItsTaskWasRecordedGetsItsTaskStoppedAndItsResultPublished() {
        ledger.put(cancelled(SampleBuilds.queued()));

        TaskEventOutcome outcome = deliver("task-running.json");

        assertEquals(TaskEventResult.PUBLISHED, outcome.result());
        assertEquals(List.of(SampleBuilds.event("task-running.json").taskArn() + " cancelled by ops: wrong base image"), stopped);
    }

    @Test
    void aBuildCancelledBetweenTheReadAndTheWriteStillGetsItsTaskStopped() {
        ledger.beforeNextAdvance = () -> ledger.put(cancelled(build()));

        TaskEventOutcome outcome = deliver("task-running.json");

        assertEquals(TaskEventResult.NO_CHANGE, outcome.result());
        assertEquals(List.of(SampleBuilds.event("task-running.json").taskArn() + " cancelled by ops: wrong base image"), stopped);
    }

    @Test
    void aTaskOfABuildThatMayRunIsNeverStopped() {
        deliver("task-running.json");
        deliver("task-stopped-exit0.json");

        assertTrue(stopped.isEmpty(), stopped.toString());
    }

    /** What bin/kft builds cancel leaves: CANCELLED, with the reason as its failure reason. */
    private BuildRecord cancelled(BuildRecord build) {
        return build.toBuilder().status(BuildStatus.CANCELLED).result(new BuildResult(null, null, null, "cancelled by ops: wrong base image",
                new BuildTimings(null, null, null, null), null, null, null, clock.instant())).build();
    }

    @Test
    void aSpotInterruptionRelaunchesTheBuildOnceAsAttemptTwoOnOnDemandFargate() {
        deliver("task-running.json");
        launcher.script.add(new BuildLauncher.TaskPlaced(RELAUNCHED_TASK));

        TaskEventOutcome first = deliver("task-spot-interrupted.json");
        TaskEventOutcome again = deliver("task-spot-interrupted.json");

        assertEquals(TaskEventResult.RELAUNCHED, first.result());
        assertEquals(2, first.attempt());
        assertEquals(TaskEventResult.NO_CHANGE, again.result(), "the second delivery finds the relaunch done");
        assertEquals(1, launcher.tasks.size());
        TaskLaunch plan = launcher.tasks.get(0);
        assertEquals(2, plan.attempt());
        assertEquals(TaskLaunch.Capacity.FARGATE, plan.capacity());
        assertEquals(SampleBuilds.queued().kanikoArgs(), plan.kanikoArgs(), "the arguments the first attempt ran with");
        BuildRecord relaunched = build();
        assertEquals(2, relaunched.attempt());
        assertEquals(BuildStatus.QUEUED, relaunched.status());
        assertEquals(RELAUNCHED_TASK, relaunched.taskArn());
        assertEquals(SampleBuilds.event("task-spot-interrupted.json").taskArn(), relaunched.interruptedTaskArn());
        assertTrue(events.published.isEmpty(), "an interruption is not the code's failure: nothing is published");
        assertTrue(commits.comments.isEmpty());
    }

    @Test
    void aRelaunchThatCannotBePlacedIsRecordedAndFailsTheInvocation() {
        launcher.script.add(new BuildLauncher.TaskNotPlaced("MISSING: task definition", BuildLauncher.Why.REFUSED));
        assertThrows(BuildResultRecorder.RelaunchFailedException.class, () -> deliver("task-spot-interrupted.json"));
        assertEquals("FARGATE: MISSING: task definition", ledger.relaunchFailure(BUILD));
        assertEquals(2, build().attempt());
        assertNull(build().taskArn());

        // The retried delivery launches the recorded relaunch.
        launcher.script.add(new BuildLauncher.TaskPlaced(RELAUNCHED_TASK));
        assertEquals(TaskEventResult.RELAUNCHED, deliver("task-spot-interrupted.json").result());
        assertEquals(RELAUNCHED_TASK, build().taskArn());
        assertNull(ledger.relaunchFailure(BUILD));
    }

    @Test
    void aFailedPublicationGivesTheLeaseBackAndFailsSoTheRetryPublishes() {
        events.failure = new IllegalStateException("PutEvents: 1 entry failed");
        assertThrows(IllegalStateException.class, () -> deliver("task-stopped-exit0.json"));
        assertEquals(BuildStatus.SUCCEEDED, build().status(), "the result is recorded");
        assertFalse(build().resultPublished());
        assertTrue(ledger.publishLease(BUILD).isEmpty(), "the lease was given back");
        assertTrue(commits.comments.isEmpty(), "no comment before the event is out");

        events.failure = null;
        TaskEventOutcome retried = deliver("task-stopped-exit0.json");
        assertEquals(TaskEventResult.PUBLISHED, retried.result());
        assertEquals(1, events.published.size());
        assertEquals(1, commits.comments.size());
        assertTrue(build().resultPublished());
    }

    @Test
    void aPublicationHeldByALiveInvocationFailsThisOneForALaterRetry() {
        events.failure = new IllegalStateException("PutEvents: 1 entry failed");
        assertThrows(IllegalStateException.class, () -> deliver("task-stopped-exit0.json"));
        events.failure = null;
        ledger.claimPublication(BUILD, clock.instant(), clock.instant().plusSeconds(90));

        assertThrows(BuildResultRecorder.PublicationInProgressException.class, () -> deliver("task-stopped-exit0.json"));
        assertTrue(events.published.isEmpty());
    }

    @Test
    void aFailedCommentIsRecordedAndDoesNotFailTheBuildRecord() {
        commits.commentFailure = new IllegalStateException("CommitDoesNotExistException");
        TaskEventOutcome outcome = deliver("task-stopped-exit0.json");

        assertEquals(TaskEventResult.FINISHED, outcome.result());
        assertTrue(build().resultPublished());
        assertEquals(1, events.published.size());
        assertEquals("IllegalStateException: CommitDoesNotExistException", ledger.commentError(BUILD));
        assertNull(ledger.commentId(BUILD));
    }

    @Test
    void aTaskOfABuildTheLedgerDoesNotKnowIsIgnored() {
        String unknown = BuildId.of("another-repository", SampleBuilds.COMMIT).startedBy(1);
        TaskEventOutcome outcome = recorder.handle(SampleBuilds.event("task-stopped-exit0.json", "startedBy", unknown),
                Deadline.in(Duration.ofSeconds(60), clock));

        assertEquals(TaskEventResult.IGNORED, outcome.result());
        assertEquals("no ledger item for this build", outcome.reason());
        assertTrue(events.published.isEmpty());
        assertTrue(commits.described.isEmpty());
        assertTrue(launcher.tasks.isEmpty());
        assertEquals(1, metrics.total(Metric.EVENTS_IGNORED, Metrics.REASON_CLASS, "NO_LEDGER_ITEM"));
    }

    @Test
    void aTaskOutsideTheBuildGroupIsIgnored() {
        TaskEventOutcome outcome = recorder.handle(SampleBuilds.event("task-stopped-exit0.json", "group", "service:web"),
                Deadline.in(Duration.ofSeconds(60), clock));
        assertEquals(TaskEventResult.IGNORED, outcome.result());
        assertEquals(BuildStatus.QUEUED, build().status());
        assertEquals(1, metrics.total(Metric.EVENTS_IGNORED, Metrics.REASON_CLASS, "NOT_A_BUILD_TASK"));
    }
}
