package dev.kft.aws;

import static dev.kft.aws.LedgerItemCodec.ATTEMPT;
import static dev.kft.aws.LedgerItemCodec.BUILDING_MILLIS;
import static dev.kft.aws.LedgerItemCodec.CANCELLED_BY;
import static dev.kft.aws.LedgerItemCodec.CANCEL_REASON;
import static dev.kft.aws.LedgerItemCodec.CAPACITY;
import static dev.kft.aws.LedgerItemCodec.COMMENT_ERROR;
import static dev.kft.aws.LedgerItemCodec.COMMENT_ID;
import static dev.kft.aws.LedgerItemCodec.EXIT_CODE;
import static dev.kft.aws.LedgerItemCodec.FAILURE_REASON;
import static dev.kft.aws.LedgerItemCodec.FINISHED_AT;
import static dev.kft.aws.LedgerItemCodec.IMAGE_MISSING_REASON;
import static dev.kft.aws.LedgerItemCodec.LAUNCHED_AT;
import static dev.kft.aws.LedgerItemCodec.LAUNCH_FAILURE;
import static dev.kft.aws.LedgerItemCodec.LOG_URL;
import static dev.kft.aws.LedgerItemCodec.PROVISIONING_MILLIS;
import static dev.kft.aws.LedgerItemCodec.QUEUED_AT;
import static dev.kft.aws.LedgerItemCodec.QUEUED_MILLIS;
import static dev.kft.aws.LedgerItemCodec.REBUILD_OF;
import static dev.kft.aws.LedgerItemCodec.REQUESTED_BY;
import static dev.kft.aws.LedgerItemCodec.RESULT_PUBLISHED_AT;
import static dev.kft.aws.LedgerItemCodec.RESULT_PUBLISH_LEASE_UNTIL;
import static dev.kft.aws.LedgerItemCodec.STATUS;
import static dev.kft.aws.LedgerItemCodec.STOPPED_REASON;
import static dev.kft.aws.LedgerItemCodec.STOP_CODE;
import static dev.kft.aws.LedgerItemCodec.SUPERSEDED_AT;
import static dev.kft.aws.LedgerItemCodec.SUPERSEDED_BY;
import static dev.kft.aws.LedgerItemCodec.TASK_ARN;
import static dev.kft.aws.LedgerItemCodec.TASK_VERSION;
import static dev.kft.aws.LedgerItemCodec.TOTAL_MILLIS;
import static dev.kft.aws.LedgerItemCodec.UPDATED_AT;
import static dev.kft.aws.LedgerItemCodec.numberValue;
import static dev.kft.aws.LedgerItemCodec.reasonValue;
import static dev.kft.aws.LedgerItemCodec.statusValue;
import static dev.kft.aws.LedgerItemCodec.textValue;
import static dev.kft.aws.LedgerItemCodec.timeValue;

import dev.kft.core.BuildId;
import dev.kft.launch.TaskLaunch;
import dev.kft.result.BuildRecord;
import dev.kft.result.BuildStatus;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An operator's writes to the build ledger (bin/kft builds rebuild / cancel). Each is one conditional
 * update on the attempt the operator saw, so two operators at once (or an operator and the result
 * function) cannot both win: the loser is told, and starts or stops nothing.
 */
public final class DynamoBuildOperations {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBuildOperations(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Claims attempt {@code seenAttempt + 1} for a rebuild: QUEUED again on on-demand Fargate, queued now,
     * the previous attempt's task and result removed (so the new attempt's result is recorded and
     * published like any other). Empty when the build is no longer at {@code seenAttempt} in
     * {@code seenStatus}: someone else rebuilt, relaunched or moved it meanwhile.
     */
    public Optional<BuildRecord> claimRebuild(BuildId buildId, int seenAttempt, BuildStatus seenStatus, String requestedBy, Instant now) {
        LedgerUpdate update = new LedgerUpdate()
                .set(ATTEMPT, numberValue(seenAttempt + 1))
                .set(STATUS, statusValue(BuildStatus.QUEUED))
                .set(CAPACITY, textValue(TaskLaunch.Capacity.FARGATE.name()))
                .set(REBUILD_OF, numberValue(seenAttempt))
                .set(REQUESTED_BY, textValue(requestedBy))
                .set(QUEUED_AT, timeValue(now))
                .set(UPDATED_AT, timeValue(now));
        for (String previous : new String[] {TASK_ARN, TASK_VERSION, LAUNCHED_AT, LAUNCH_FAILURE, EXIT_CODE, STOP_CODE, STOPPED_REASON,
                FAILURE_REASON, QUEUED_MILLIS, PROVISIONING_MILLIS, BUILDING_MILLIS, TOTAL_MILLIS, FINISHED_AT, IMAGE_MISSING_REASON,
                LOG_URL, RESULT_PUBLISH_LEASE_UNTIL, RESULT_PUBLISHED_AT, COMMENT_ID, COMMENT_ERROR, CANCELLED_BY, CANCEL_REASON,
                // The operator asked for this commit again: a supersede of its earlier attempt must not stop the rebuild's task.
                SUPERSEDED_BY, SUPERSEDED_AT}) {
            update.remove(previous);
        }
        String condition = update.isAttempt(seenAttempt) + " AND " + update.name(STATUS) + " = " + update.value(":ifStatus", statusValue(seenStatus));
        return update.applyIf(dynamo, table, buildId, condition, true).map(LedgerItemCodec::buildRecord);
    }

    /** A rebuild RunTask could not place: nobody retries it, so the attempt ends FAILED_TO_LAUNCH. */
    public void recordRebuildFailed(BuildId buildId, int attempt, String reason, Instant now) {
        LedgerUpdate update = new LedgerUpdate()
                .set(STATUS, statusValue(BuildStatus.FAILED_TO_LAUNCH))
                .set(LAUNCH_FAILURE, reasonValue(reason))
                .set(UPDATED_AT, timeValue(now));
        update.applyIf(dynamo, table, buildId, update.isAttempt(attempt), false);
    }

    /**
     * CANCELLED, by whom and why, if attempt {@code seenAttempt} is not final yet. The result function
     * publishes it when the stopped task's event arrives (a final build not yet published). The build as
     * cancelled, with its task as recorded in the same write (a task recorded since the caller read the
     * build is the one to stop; one not recorded yet is stopped by the result function at its first
     * event), or empty when the build ended, or moved to another attempt, meanwhile.
     */
    public Optional<BuildRecord> cancel(BuildId buildId, int seenAttempt, String cancelledBy, String reason, Instant now) {
        LedgerUpdate update = new LedgerUpdate()
                .set(STATUS, statusValue(BuildStatus.CANCELLED))
                .set(CANCELLED_BY, textValue(cancelledBy))
                .set(CANCEL_REASON, reasonValue(reason))
                .set(FAILURE_REASON, reasonValue("cancelled by " + cancelledBy + ": " + reason))
                .set(FINISHED_AT, timeValue(now))
                .set(UPDATED_AT, timeValue(now));
        String condition = update.isAttempt(seenAttempt) + " AND NOT (" + update.isFinal() + ")";
        return update.applyIf(dynamo, table, buildId, condition, true).map(LedgerItemCodec::buildRecord);
    }
}
