package dev.kft.push;

import dev.kft.core.BuildId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/** The record of every build, written before anything is launched so a push is never built twice. */
public interface BuildLedger {

    /** What {@link #claim} found. */
    enum LaunchClaim {
        /** First sight of this build: the caller launches it. */
        NEW,
        /** A previous launch failed or was abandoned (its lease ran out): the caller launches it again. */
        TAKEN_OVER,
        /** The build already has a task (or has finished): nothing to launch. */
        ALREADY_LAUNCHED,
        /** Another invocation holds the launch lease right now: try again later. */
        LAUNCH_IN_PROGRESS
    }

    /**
     * Records the build as QUEUED, conditionally: only one caller gets NEW or TAKEN_OVER, and holds
     * the launch lease until {@code now + lease}.
     */
    LaunchClaim claim(BuildPlan plan, Instant now, Duration lease);

    /** The task that runs the build; status is left to the task's own state events. */
    void recordLaunched(BuildId buildId, String taskArn, Instant now);

    /** Launch gave up: FAILED_TO_LAUNCH with the reason; a later delivery may take the build over. */
    void recordLaunchFailed(BuildId buildId, String reason, Instant now);

    /**
     * Deploy tags asked for by another reference pointing at an already planned commit. Returns the
     * build's image as recorded at that moment: its digest once the build succeeded, the scan gate's
     * verdict once it has one (either may be null).
     */
    BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now);

    /** A build's image as the ledger knows it. */
    record BuiltImage(String imageRepository, String imageDigest, String scanVerdict) {}
}
