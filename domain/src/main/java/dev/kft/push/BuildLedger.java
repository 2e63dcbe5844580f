package dev.kft.push;

import dev.kft.core.BuildId;
import dev.kft.core.ScanVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

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
     * build's image as recorded at that moment: its digest once the build succeeded (else null), the
     * scan gate's verdict once it has one.
     */
    BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now);

    /**
     * A build's image as the ledger knows it.
     *
     * @param imageDigest null until the build succeeded
     * @param scanVerdict empty until the scan gate has judged the image (or when the ledger holds a verdict this code cannot read)
     */
    record BuiltImage(String imageRepository, String imageDigest, Optional<ScanVerdict> scanVerdict) {}
}
