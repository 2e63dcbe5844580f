package dev.kft.result;

import dev.kft.source.CommitInfo;
import dev.kft.core.BuildId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The build ledger's result side in memory, with the same conditions as the DynamoDB adapter: a
 * write that moves a build needs the same attempt, a newer task version and a build not yet final.
 * Also holds what {@link BuildRecord} does not show (publication lease, comment, relaunch failure).
 */
final class InMemoryBuildResults implements BuildResults {
    private final Map<BuildId, BuildRecord> builds = new HashMap<>();
    private final Map<BuildId, Instant> publishLeases = new HashMap<>();
    private final Map<BuildId, String> commentIds = new HashMap<>();
    private final Map<BuildId, String> commentErrors = new HashMap<>();
    private final Map<BuildId, String> relaunchFailures = new HashMap<>();

    /** Runs once, just before the next {@link #advance} writes: another invocation's write landing between a read and a write. */
    Runnable beforeNextAdvance = () -> { };

    /** A build as PushFunction left it. */
    void put(BuildRecord build) {
        builds.put(build.buildId(), build);
    }

    Optional<Instant> publishLease(BuildId id) {
        return Optional.ofNullable(publishLeases.get(id));
    }

    String commentId(BuildId id) {
        return commentIds.get(id);
    }

    String commentError(BuildId id) {
        return commentErrors.get(id);
    }

    String relaunchFailure(BuildId id) {
        return relaunchFailures.get(id);
    }

    @Override
    public Optional<BuildRecord> find(BuildId buildId) {
        return Optional.ofNullable(builds.get(buildId));
    }

    /** The build may move: same attempt, an older (or no) task version recorded, not final yet. */
    private boolean moves(BuildRecord build, int attempt, long version) {
        return build != null && build.attempt() == attempt
                && (build.taskVersion() == null || build.taskVersion() < version)
                && !build.status().isFinal();
    }

    @Override
    public Optional<BuildRecord> advance(BuildId buildId, int attempt, TaskStateChange change, BuildStatus status, CommitInfo commit,
                                         Instant now) {
        Runnable meanwhile = beforeNextAdvance;
        beforeNextAdvance = () -> { };
        meanwhile.run();
        BuildRecord build = builds.get(buildId);
        if (!moves(build, attempt, change.version())) {
            return Optional.empty();
        }
        BuildRecord advanced = withCommit(build.toBuilder(), build, commit).status(status).taskVersion(change.version())
                .taskArn(change.taskArn()).build();
        put(advanced);
        return Optional.of(advanced);
    }

    @Override
    public Optional<BuildRecord> finish(BuildId buildId, int attempt, TaskStateChange change, BuildStatus status, BuildResult result,
                                        CommitInfo commit, Instant now, Instant publishLeaseUntil) {
        BuildRecord build = builds.get(buildId);
        if (!moves(build, attempt, change.version())) {
            return Optional.empty();
        }
        BuildRecord finished = withCommit(build.toBuilder(), build, commit)
                .status(status).taskVersion(change.version()).taskArn(change.taskArn()).result(result).build();
        put(finished);
        publishLeases.put(buildId, publishLeaseUntil);
        return Optional.of(finished);
    }

    @Override
    public boolean claimRelaunch(BuildId buildId, int attempt, TaskStateChange interrupted, Instant now) {
        BuildRecord build = builds.get(buildId);
        if (!moves(build, attempt, interrupted.version())) {
            return false;
        }
        put(build.toBuilder().attempt(attempt + 1).status(BuildStatus.QUEUED).taskArn(null).taskVersion(null)
                .interruptedTaskArn(interrupted.taskArn()).build());
        return true;
    }

    @Override
    public void recordRelaunched(BuildId buildId, int attempt, String taskArn, Instant now) {
        BuildRecord build = builds.get(buildId);
        if (build != null && build.attempt() == attempt) {
            put(build.toBuilder().taskArn(build.taskArn() != null ? build.taskArn() : taskArn).build());
            relaunchFailures.remove(buildId);
        }
    }

    @Override
    public void recordRelaunchFailed(BuildId buildId, int attempt, String reason, Instant now) {
        BuildRecord build = builds.get(buildId);
        if (build != null && build.attempt() == attempt) {
            relaunchFailures.put(buildId, reason);
        }
    }

    @Override
    public Optional<BuildRecord> claimPublication(BuildId buildId, Instant now, Instant leaseUntil) {
        BuildRecord build = builds.get(buildId);
        Instant lease = publishLeases.get(buildId);
        if (build == null || !build.status().isFinal() || build.resultPublished() || (lease != null && !lease.isBefore(now))) {
            return Optional.empty();
        }
        publishLeases.put(buildId, leaseUntil);
        return Optional.of(build);
    }

    @Override
    public void releasePublication(BuildId buildId) {
        publishLeases.remove(buildId);
    }

    @Override
    public void recordPublished(BuildId buildId, Instant now, String commentId, String commentError) {
        put(builds.get(buildId).toBuilder().resultPublished(true).build());
        publishLeases.remove(buildId);
        if (commentId != null) {
            commentIds.put(buildId, commentId);
        }
        if (commentError != null) {
            commentErrors.put(buildId, commentError);
        }
    }

    private static BuildRecord.Builder withCommit(BuildRecord.Builder builder, BuildRecord build, CommitInfo commit) {
        return builder.commit(commit != null ? commit : build.commit());
    }
}
