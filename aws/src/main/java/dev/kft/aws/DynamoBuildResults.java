package dev.kft.aws;

import static dev.kft.aws.LedgerItemCodec.ATTEMPT;
import static dev.kft.aws.LedgerItemCodec.AUTHOR_EMAIL;
import static dev.kft.aws.LedgerItemCodec.AUTHOR_NAME;
import static dev.kft.aws.LedgerItemCodec.BUILDING_MILLIS;
import static dev.kft.aws.LedgerItemCodec.CAPACITY;
import static dev.kft.aws.LedgerItemCodec.COMMENT_ERROR;
import static dev.kft.aws.LedgerItemCodec.COMMENT_ID;
import static dev.kft.aws.LedgerItemCodec.COMMIT_MESSAGE;
import static dev.kft.aws.LedgerItemCodec.EXIT_CODE;
import static dev.kft.aws.LedgerItemCodec.FAILURE_REASON;
import static dev.kft.aws.LedgerItemCodec.FINISHED_AT;
import static dev.kft.aws.LedgerItemCodec.IMAGE_DIGEST;
import static dev.kft.aws.LedgerItemCodec.IMAGE_MISSING_REASON;
import static dev.kft.aws.LedgerItemCodec.INTERRUPTED_AT;
import static dev.kft.aws.LedgerItemCodec.INTERRUPTED_TASK_ARN;
import static dev.kft.aws.LedgerItemCodec.INTERRUPTION_REASON;
import static dev.kft.aws.LedgerItemCodec.LAUNCHED_AT;
import static dev.kft.aws.LedgerItemCodec.LAUNCH_FAILURE;
import static dev.kft.aws.LedgerItemCodec.LAUNCH_LEASE_UNTIL;
import static dev.kft.aws.LedgerItemCodec.LOG_URL;
import static dev.kft.aws.LedgerItemCodec.PARENT_COMMIT_ID;
import static dev.kft.aws.LedgerItemCodec.PROVISIONING_MILLIS;
import static dev.kft.aws.LedgerItemCodec.QUEUED_MILLIS;
import static dev.kft.aws.LedgerItemCodec.RESULT_PUBLISHED_AT;
import static dev.kft.aws.LedgerItemCodec.RESULT_PUBLISH_LEASE_UNTIL;
import static dev.kft.aws.LedgerItemCodec.STATUS;
import static dev.kft.aws.LedgerItemCodec.STOPPED_REASON;
import static dev.kft.aws.LedgerItemCodec.STOP_CODE;
import static dev.kft.aws.LedgerItemCodec.TASK_ARN;
import static dev.kft.aws.LedgerItemCodec.TASK_VERSION;
import static dev.kft.aws.LedgerItemCodec.TOTAL_MILLIS;
import static dev.kft.aws.LedgerItemCodec.UPDATED_AT;
import static dev.kft.aws.LedgerItemCodec.millisValue;
import static dev.kft.aws.LedgerItemCodec.numberValue;
import static dev.kft.aws.LedgerItemCodec.reasonValue;
import static dev.kft.aws.LedgerItemCodec.statusValue;
import static dev.kft.aws.LedgerItemCodec.textValue;
import static dev.kft.aws.LedgerItemCodec.timeValue;

import dev.kft.core.BuildId;
import dev.kft.launch.TaskLaunch;
import dev.kft.result.BuildRecord;
import dev.kft.result.BuildResult;
import dev.kft.result.BuildResults;
import dev.kft.result.BuildStatus;
import dev.kft.result.BuildTimings;
import dev.kft.source.CommitInfo;
import dev.kft.result.TaskStateChange;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The build ledger as TaskStateFunction writes it: conditional updates that move a build forward
 * only (README, "Build ledger"); reads go through {@link DynamoBuildHistory}.
 */
public final class DynamoBuildResults implements BuildResults {
    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoBuildHistory history;

    public DynamoBuildResults(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.history = new DynamoBuildHistory(dynamo, table);
    }

    @Override
    public Optional<BuildRecord> find(BuildId buildId) {
        return history.find(buildId);
    }

    @Override
    public Optional<BuildRecord> advance(BuildId buildId, int attempt, TaskStateChange change, BuildStatus status, CommitInfo commit,
                                         Instant now) {
        LedgerUpdate update = new LedgerUpdate()
                .set(STATUS, statusValue(status))
                .set(TASK_VERSION, numberValue(change.version()))
                .set(UPDATED_AT, timeValue(now));
        withTask(update, change);
        withCommit(update, commit);
        return update.applyIf(dynamo, table, buildId, update.moves(attempt, change.version()), true).map(LedgerItemCodec::buildRecord);
    }

    @Override
    public Optional<BuildRecord> finish(BuildId buildId, int attempt, TaskStateChange change, BuildStatus status, BuildResult result,
                                        CommitInfo commit, Instant now, Instant publishLeaseUntil) {
        BuildTimings timings = result.timings();
        LedgerUpdate update = new LedgerUpdate()
                .set(STATUS, statusValue(status))
                .set(TASK_VERSION, numberValue(change.version()))
                .set(EXIT_CODE, numberValue(result.exitCode()))
                .set(STOP_CODE, textValue(result.stopCode()))
                .set(STOPPED_REASON, reasonValue(result.stoppedReason()))
                .set(FAILURE_REASON, reasonValue(result.failureReason()))
                .set(QUEUED_MILLIS, numberValue(timings.queuedMillis()))
                .set(PROVISIONING_MILLIS, numberValue(timings.provisioningMillis()))
                .set(BUILDING_MILLIS, numberValue(timings.buildingMillis()))
                .set(TOTAL_MILLIS, numberValue(timings.totalMillis()))
                .set(IMAGE_DIGEST, textValue(result.imageDigest()))
                .set(IMAGE_MISSING_REASON, textValue(result.imageMissingReason()))
                .set(LOG_URL, textValue(result.logUrl()))
                .set(FINISHED_AT, timeValue(result.finishedAt()))
                .set(RESULT_PUBLISH_LEASE_UNTIL, millisValue(publishLeaseUntil))
                .set(UPDATED_AT, timeValue(now));
        withTask(update, change);
        withCommit(update, commit);
        return update.applyIf(dynamo, table, buildId, update.moves(attempt, change.version()), true).map(LedgerItemCodec::buildRecord);
    }

    @Override
    public boolean claimRelaunch(BuildId buildId, int attempt, TaskStateChange interrupted, Instant now) {
        Instant at = interrupted.stoppedAt() != null ? interrupted.stoppedAt() : now;
        String reason = interrupted.stoppedReason() != null ? interrupted.stoppedReason() : interrupted.stopCode();
        LedgerUpdate update = new LedgerUpdate()
                .set(ATTEMPT, numberValue(attempt + 1))
                .set(STATUS, statusValue(BuildStatus.QUEUED))
                .set(CAPACITY, textValue(TaskLaunch.Capacity.FARGATE.name()))
                .set(INTERRUPTED_TASK_ARN, textValue(interrupted.taskArn()))
                .set(INTERRUPTED_AT, timeValue(at))
                .set(INTERRUPTION_REASON, reasonValue(reason))
                .set(UPDATED_AT, timeValue(now))
                .remove(TASK_ARN)
                .remove(TASK_VERSION)
                .remove(LAUNCHED_AT);
        return update.applyIf(dynamo, table, buildId, update.moves(attempt, interrupted.version()), false).isPresent();
    }

    @Override
    public void recordRelaunched(BuildId buildId, int attempt, String taskArn, Instant now) {
        // The attempt's first task event may have recorded the task already: keep what is there.
        LedgerUpdate update = new LedgerUpdate()
                .setIfAbsent(TASK_ARN, textValue(taskArn))
                .set(LAUNCHED_AT, timeValue(now))
                .set(UPDATED_AT, timeValue(now))
                .remove(LAUNCH_FAILURE);
        update.applyIf(dynamo, table, buildId, update.isAttempt(attempt), false);
    }

    @Override
    public void recordRelaunchFailed(BuildId buildId, int attempt, String reason, Instant now) {
        LedgerUpdate update = new LedgerUpdate()
                .set(LAUNCH_FAILURE, reasonValue(reason))
                .set(UPDATED_AT, timeValue(now));
        update.applyIf(dynamo, table, buildId, update.isAttempt(attempt), false);
    }

    @Override
    public Optional<BuildRecord> claimPublication(BuildId buildId, Instant now, Instant leaseUntil) {
        LedgerUpdate update = new LedgerUpdate().set(RESULT_PUBLISH_LEASE_UNTIL, millisValue(leaseUntil));
        String lease = update.name(RESULT_PUBLISH_LEASE_UNTIL);
        String condition = update.isFinal() + " AND attribute_not_exists(" + update.name(RESULT_PUBLISHED_AT) + ")"
                + " AND (attribute_not_exists(" + lease + ") OR " + lease + " < " + update.value(":ifNow", millisValue(now)) + ")";
        return update.applyIf(dynamo, table, buildId, condition, true).map(LedgerItemCodec::buildRecord);
    }

    @Override
    public void releasePublication(BuildId buildId) {
        new LedgerUpdate().remove(RESULT_PUBLISH_LEASE_UNTIL).apply(dynamo, table, buildId);
    }

    @Override
    public void recordPublished(BuildId buildId, Instant now, String commentId, String commentError) {
        new LedgerUpdate()
                .set(RESULT_PUBLISHED_AT, timeValue(now))
                .set(COMMENT_ID, textValue(commentId))
                .set(COMMENT_ERROR, reasonValue(commentError))
                .set(UPDATED_AT, timeValue(now))
                .remove(RESULT_PUBLISH_LEASE_UNTIL)
                .apply(dynamo, table, buildId);
    }

    /**
     * The event's task on the build. A task's first event is what records it (PushFunction writes nothing
     * after RunTask): its ARN, the capacity ECS placed it on (on-demand after a Spot shortage), when ECS
     * created it; the claim's launch lease and any launch failure are over.
     */
    private static void withTask(LedgerUpdate update, TaskStateChange change) {
        update.set(TASK_ARN, textValue(change.taskArn()))
                .set(CAPACITY, textValue(change.capacity().name()))
                .remove(LAUNCH_LEASE_UNTIL)
                .remove(LAUNCH_FAILURE);
        if (change.createdAt() != null) {
            update.setIfAbsent(LAUNCHED_AT, timeValue(change.createdAt()));
        }
    }

    /** The commit's author, subject and first parent, when CodeCommit was asked in this invocation. */
    private static void withCommit(LedgerUpdate update, CommitInfo commit) {
        if (commit != null) {
            update.set(AUTHOR_NAME, textValue(commit.authorName()))
                    .set(AUTHOR_EMAIL, textValue(commit.authorEmail()))
                    .set(COMMIT_MESSAGE, reasonValue(commit.messageFirstLine()))
                    .set(PARENT_COMMIT_ID, textValue(commit.firstParent()));
        }
    }
}
