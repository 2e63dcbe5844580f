package dev.kft.result;

import dev.kft.source.CommitInfo;
import dev.kft.core.BuildId;
import java.time.Instant;
import java.util.Optional;

/**
 * The build ledger as the result side writes it. Every write that moves a build is conditional on
 * the attempt, the task version and the build not being final, so duplicate and out-of-order
 * deliveries change nothing; such writes report whether they applied.
 */
public interface BuildResults {

    Optional<BuildRecord> find(BuildId buildId);

    /**
     * Records a non-final status of the event's attempt, with the event's task (the first event of a
     * task is what records it: PushFunction writes nothing after RunTask); {@code commit} is added when
     * not null. The build as now recorded, or empty when the ledger already holds this or a later state.
     */
    Optional<BuildRecord> advance(BuildId buildId, int attempt, TaskStateChange change, BuildStatus status, CommitInfo commit, Instant now);

    /**
     * Records the final status and result, and takes the publication lease until {@code publishLeaseUntil}
     * in the same write. The build as now recorded, or empty when the ledger already holds this or a later state.
     */
    Optional<BuildRecord> finish(BuildId buildId, int attempt, TaskStateChange change, BuildStatus status, BuildResult result,
                                 CommitInfo commit, Instant now, Instant publishLeaseUntil);

    /**
     * Moves the build to {@code attempt + 1} (QUEUED, on-demand Fargate, no task yet), remembering the
     * interrupted task. False when another delivery got there first.
     */
    boolean claimRelaunch(BuildId buildId, int attempt, TaskStateChange interrupted, Instant now);

    /** The relaunched attempt's task. */
    void recordRelaunched(BuildId buildId, int attempt, String taskArn, Instant now);

    /** The relaunch placed no task; the build stays QUEUED at that attempt for a retried delivery to launch. */
    void recordRelaunchFailed(BuildId buildId, int attempt, String reason, Instant now);

    /**
     * Takes the lease to publish a final build's result that an earlier invocation did not finish
     * publishing. The build as recorded, or empty when it is published already or another invocation holds the lease.
     */
    Optional<BuildRecord> claimPublication(BuildId buildId, Instant now, Instant leaseUntil);

    /** Gives the lease back after a failed publication, so the retried delivery need not wait for it to expire. */
    void releasePublication(BuildId buildId);

    /** The result event went out; the commit comment's id, or why it could not be posted. */
    void recordPublished(BuildId buildId, Instant now, String commentId, String commentError);
}
