package dev.kft.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BuildTimingsTest {
    @Test
    void aCompletedBuildIsQueuedThenProvisionedThenBuilt() {
        BuildTimings timings = BuildTimings.of(SampleBuilds.QUEUED_AT, SampleBuilds.event("task-stopped-exit0.json"));
        // 09:14:05.800 queued → 09:14:06.412 task created → 09:14:32.104 kaniko started → 09:17:05.911 kaniko stopped → 09:17:18.330 task stopped
        assertEquals(new BuildTimings(612L, 25_692L, 153_807L, 192_530L), timings);
    }

    @Test
    void aTaskThatNeverStartedWasOnlyProvisioning() {
        BuildTimings timings = BuildTimings.of(SampleBuilds.QUEUED_AT, SampleBuilds.event("task-failed-to-start.json"));
        assertEquals(new BuildTimings(612L, 103_362L, null, 116_615L), timings);
    }

    @Test
    void clockSkewNeverGivesANegativeDuration() {
        BuildTimings timings = BuildTimings.of(Instant.parse("2026-11-20T09:14:07Z"), SampleBuilds.event("task-stopped-exit0.json"));
        assertEquals(0L, timings.queuedMillis());
    }
}
