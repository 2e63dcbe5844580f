package dev.kft.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.BuildId;
import dev.kft.core.MalformedEventException;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.PushEventParser;
import dev.kft.testing.SampleEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskStateEventParserTest {
    private static final List<String> TASK_SAMPLES = List.of("task-running.json", "task-stopped-exit0.json",
            "task-stopped-exit1.json", "task-failed-to-start.json", "task-spot-interrupted.json", "task-user-stopped.json");

    @Test
    void everyTaskSampleIsAttemptOneOfTheSamplePushsBuild() {
        assertEquals(TASK_SAMPLES.stream().sorted().toList(), SampleEvents.named("task-"));
        for (String file : TASK_SAMPLES) {
            TaskStateChange change = SampleBuilds.event(file);
            assertEquals("kft/46499e9fbd94c065fc71ccdab8bb5f70/1", change.startedBy(), file);
            assertEquals(new BuildId.Attempt(BuildId.of("payments-api", SampleBuilds.COMMIT), 1), change.build().orElseThrow(), file);
            assertEquals("kft-build", change.group(), file);
            assertEquals("7d3c2b1a9e8f4d6c5b4a3f2e1d0c9b8a", change.taskId(), file);
            assertEquals("us-east-1", change.region(), file);
        }
    }

    @Test
    void theTaskSamplesRunTheArgumentsPushFunctionPlansForTheSamplePush() {
        BuildSettings settings = BuildSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "ECR_REGISTRY", SampleBuilds.REGISTRY, "CACHE_REPOSITORY", "kft-kaniko-cache"));
        var change = PushEventParser.parse(SampleEvents.json("push-branch.json")).changes().get(0);
        var plan = ((BuildPlanner.Build) new BuildPlanner(settings).decide(change, Instant.now())).plan();
        for (String file : TASK_SAMPLES) {
            assertEquals(plan.kanikoArgs(), SampleBuilds.event(file).kaniko().command(), file);
        }
    }

    @Test
    void versionsFollowTheTaskLifecycle() {
        long running = SampleBuilds.event("task-running.json").version();
        for (String stopped : List.of("task-stopped-exit0.json", "task-stopped-exit1.json", "task-spot-interrupted.json",
                "task-user-stopped.json")) {
            assertTrue(SampleBuilds.event(stopped).version() > running, stopped);
        }
        // The task that never started never was RUNNING; its STOPPED event is its fourth state change.
        assertNull(SampleBuilds.event("task-failed-to-start.json").startedAt());
    }

    @Test
    void readsTheStopAndTheKanikoContainer() {
        TaskStateChange exit1 = SampleBuilds.event("task-stopped-exit1.json");
        assertTrue(exit1.stopped());
        assertEquals("EssentialContainerExited", exit1.stopCode());
        assertEquals(1, exit1.exitCode());
        assertEquals(Instant.parse("2026-11-20T09:15:24.018Z"), exit1.stoppedAt());

        TaskStateChange notStarted = SampleBuilds.event("task-failed-to-start.json");
        assertNull(notStarted.exitCode());
        assertTrue(notStarted.kaniko().reason().startsWith("CannotPullContainerError"));

        assertTrue(SampleBuilds.event("task-spot-interrupted.json").spotInterrupted());
    }

    /** What the task's first event records on the build: the capacity ECS placed it on; and whether it is on its way to stopping. */
    @Test
    void readsTheCapacityAndWhetherTheTaskIsStopping() {
        TaskStateChange running = SampleBuilds.event("task-running.json");
        assertEquals(dev.kft.launch.TaskLaunch.Capacity.FARGATE_SPOT, running.capacity());
        assertEquals(false, running.stopping());
        assertEquals(dev.kft.launch.TaskLaunch.Capacity.FARGATE, SampleBuilds.event("task-running.json", "capacityProviderName", null).capacity(),
                "launch type FARGATE names no capacity provider: on-demand");
        assertEquals(true, SampleBuilds.event("task-running.json", "desiredStatus", "STOPPED").stopping(), "StopTask was called");
        assertEquals(true, SampleBuilds.event("task-stopped-exit0.json").stopping());
        assertEquals(false, SampleBuilds.event("task-running.json", "desiredStatus", null).stopping());
    }

    @Test
    void aTaskWithoutTheKanikoContainerHasNoKaniko() {
        assertNull(TaskStateEventParser.parse(SampleEvents.json("task-running.json"), "sidecar").kaniko());
    }

    @Test
    void foreignAndIncompleteEventsAreMalformed() {
        assertThrows(MalformedEventException.class,
                () -> TaskStateEventParser.parse(SampleEvents.json("push-branch.json"), "kaniko"));
        assertThrows(MalformedEventException.class, () -> SampleBuilds.event("task-running.json", "version", null));
    }
}
