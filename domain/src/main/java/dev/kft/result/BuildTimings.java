package dev.kft.result;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a build's time went, in milliseconds (null when a phase never happened).
 *
 * @param queuedMillis       from the push being recorded to ECS creating the task that finished the build
 *                           (after a Spot relaunch this includes the interrupted attempt)
 * @param provisioningMillis from task creation to the container starting (capacity, network, image pull)
 * @param buildingMillis     kaniko running: container start to the task's execution stopping
 * @param totalMillis        from the push being recorded to the task stopping
 */
public record BuildTimings(Long queuedMillis, Long provisioningMillis, Long buildingMillis, Long totalMillis) {

    /** The timings of a stopped task of a build queued at {@code queuedAt}. */
    public static BuildTimings of(Instant queuedAt, TaskStateChange stopped) {
        Instant executionEnd = stopped.executionStoppedAt() != null ? stopped.executionStoppedAt() : stopped.stoppedAt();
        Instant provisioningEnd = stopped.startedAt() != null ? stopped.startedAt() : executionEnd;
        return new BuildTimings(
                between(queuedAt, stopped.createdAt()),
                between(stopped.createdAt(), provisioningEnd),
                stopped.startedAt() == null ? null : between(stopped.startedAt(), executionEnd),
                between(queuedAt, stopped.stoppedAt()));
    }

    /** Never negative: clocks of different services may disagree by a little. */
    private static Long between(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Math.max(0, Duration.between(from, to).toMillis());
    }
}
