package dev.kft.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BuildProgressTest {
    private static final String TASK = "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/7d3c2b1a9e8f4d6c5b4a3f2e1d0c9b8a";

    private static BuildProgress.Step decide(BuildRecord record, String file) {
        return BuildProgress.decide(record, SampleBuilds.event(file));
    }

    private static BuildProgress.Finish finish(String file) {
        return assertInstanceOf(BuildProgress.Finish.class, decide(SampleBuilds.queued(), file));
    }

    @Test
    void aRunningTaskAdvancesAQueuedBuild() {
        assertEquals(new BuildProgress.Advance(BuildStatus.RUNNING), decide(SampleBuilds.queued(), "task-running.json"));
    }

    @Test
    void anEventNotNewerThanTheRecordedVersionChangesNothing() {
        BuildRecord running = SampleBuilds.record(BuildStatus.RUNNING, 1, TASK, 3L);
        assertInstanceOf(BuildProgress.NoChange.class, decide(running, "task-running.json"));
        BuildRecord later = SampleBuilds.record(BuildStatus.RUNNING, 1, TASK, 5L);
        assertInstanceOf(BuildProgress.NoChange.class, decide(later, "task-running.json"));
    }

    @Test
    void aFinalBuildNeverMovesAgain() {
        BuildRecord succeeded = SampleBuilds.record(BuildStatus.SUCCEEDED, 1, TASK, 6L);
        assertInstanceOf(BuildProgress.NoChange.class, decide(succeeded, "task-running.json"));
        BuildRecord failedWithoutVersion = SampleBuilds.record(BuildStatus.FAILED, 1, TASK, null);
        assertInstanceOf(BuildProgress.NoChange.class, decide(failedWithoutVersion, "task-stopped-exit0.json"));
    }

    @Test
    void eventsOfASupersededAttemptChangeNothing() {
        BuildRecord relaunched = SampleBuilds.record(BuildStatus.RUNNING, 2, "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/2", 3L);
        BuildProgress.NoChange noChange = assertInstanceOf(BuildProgress.NoChange.class, decide(relaunched, "task-stopped-exit1.json"));
        assertTrue(noChange.reason().contains("attempt 1"), noChange.reason());
    }

    @Test
    void stoppingStatesWaitForStopped() {
        TaskStateChange change = SampleBuilds.event("task-running.json", "lastStatus", "DEPROVISIONING", "version", 5);
        assertInstanceOf(BuildProgress.NoChange.class, BuildProgress.decide(SampleBuilds.queued(), change));
    }

    @Test
    void exitCodeZeroSucceeds() {
        assertEquals(new BuildProgress.Finish(BuildStatus.SUCCEEDED, 0, null), finish("task-stopped-exit0.json"));
    }

    @Test
    void aNonZeroExitCodeFailsWithTheCode() {
        BuildProgress.Finish finish = finish("task-stopped-exit1.json");
        assertEquals(BuildStatus.FAILED, finish.status());
        assertEquals(1, finish.exitCode());
        assertEquals("kaniko exited with code 1", finish.failureReason());
    }

    @Test
    void aTaskThatCouldNotPullItsImageFailedToStartWithTheReason() {
        BuildProgress.Finish finish = finish("task-failed-to-start.json");
        assertEquals(BuildStatus.FAILED_TO_START, finish.status());
        assertNull(finish.exitCode());
        assertTrue(finish.failureReason().startsWith("CannotPullContainerError: pull image manifest"), finish.failureReason());
    }

    @Test
    void aUserStopCancels() {
        BuildProgress.Finish finish = finish("task-user-stopped.json");
        assertEquals(BuildStatus.CANCELLED, finish.status());
        assertEquals("Task stopped by user", finish.failureReason());
    }

    @Test
    void aSpotInterruptionRelaunchesInsteadOfFailing() {
        assertEquals(new BuildProgress.Relaunch(2, false), decide(SampleBuilds.record(BuildStatus.RUNNING, 1, TASK, 3L),
                "task-spot-interrupted.json"));
    }

    @Test
    void theSpotTerminationNoticeDoesNotEndTheBuild() {
        TaskStateChange change = TaskStateEventParser.parse(SampleBuilds.terminationNotice(), "kaniko");
        assertEquals("TerminationNotice", change.stopCode());
        assertEquals(new BuildProgress.Advance(BuildStatus.RUNNING),
                BuildProgress.decide(SampleBuilds.record(BuildStatus.RUNNING, 1, TASK, 3L), change));
    }

    @Test
    void aRelaunchRecordedWithoutItsTaskIsResumedByARedeliveredInterruption() {
        BuildRecord relaunchPending = SampleBuilds.record(BuildStatus.QUEUED, 2, null, null);
        assertEquals(new BuildProgress.Relaunch(2, true), decide(relaunchPending, "task-spot-interrupted.json"));
        BuildRecord relaunched = SampleBuilds.record(BuildStatus.QUEUED, 2, "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/2", null);
        assertInstanceOf(BuildProgress.NoChange.class, decide(relaunched, "task-spot-interrupted.json"));
    }

    @Test
    void theLastAttemptIsNotRelaunchedAndIsNotBlamedOnTheCode() {
        TaskStateChange change = SampleBuilds.event("task-spot-interrupted.json", "startedBy", SampleBuilds.BUILD.startedBy(2));
        BuildProgress.Finish finish = assertInstanceOf(BuildProgress.Finish.class,
                BuildProgress.decide(SampleBuilds.record(BuildStatus.RUNNING, 2, TASK, 3L), change));
        assertEquals(BuildStatus.FAILED, finish.status());
        assertTrue(finish.failureReason().startsWith("Spot capacity was reclaimed"), finish.failureReason());
    }
}
