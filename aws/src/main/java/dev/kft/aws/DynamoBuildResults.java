package dev.kft.aws;

import static dev.kft.aws.DynamoBuildLedger.n;
import static dev.kft.aws.DynamoBuildLedger.s;

import dev.kft.core.BuildId;
import dev.kft.launch.TaskLaunch;
import dev.kft.push.BuildPlan;
import dev.kft.result.BuildHistory;
import dev.kft.result.BuildRecord;
import dev.kft.result.BuildResult;
import dev.kft.result.BuildResults;
import dev.kft.result.BuildStatus;
import dev.kft.result.BuildTimings;
import dev.kft.result.CommitInfo;
import dev.kft.result.TaskStateChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The build ledger as TaskStateFunction writes it, and its history queries. Layout and access
 * patterns: README, "Build ledger"; {@link LedgerTable} names the attributes and indexes.
 */
public final class DynamoBuildResults implements BuildResults, BuildHistory {
    private static final List<BuildStatus> FINAL = Arrays.stream(BuildStatus.values()).filter(BuildStatus::isFinal).toList();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBuildResults(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<BuildRecord> find(BuildId buildId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(LedgerTable.key(buildId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRecord(item));
    }

    @Override
    public List<BuildRecord> latestOfRepository(String repository, int limit) {
        return latest(LedgerTable.BY_REPOSITORY_INDEX, LedgerTable.REPOSITORY, repository, limit);
    }

    @Override
    public List<BuildRecord> latestOfRef(String repository, String refFullName, int limit) {
        return latest(LedgerTable.BY_REF_INDEX, LedgerTable.REF_KEY, LedgerTable.refKey(repository, refFullName), limit);
    }

    /** Newest first: both indexes sort by {@code queuedAt} (ISO-8601 UTC, so text order is time order). */
    private List<BuildRecord> latest(String index, String partitionKey, String value, int limit) {
        return dynamo.query(r -> r.tableName(table).indexName(index)
                        .keyConditionExpression("#key = :value")
                        .expressionAttributeNames(Map.of("#key", partitionKey))
                        .expressionAttributeValues(Map.of(":value", s(value)))
                        .scanIndexForward(false)
                        .limit(limit))
                .items().stream().map(DynamoBuildResults::toRecord).toList();
    }

    @Override
    public boolean advance(BuildId buildId, int attempt, TaskStateChange change, BuildStatus status, CommitInfo commit, Instant now) {
        Update update = new Update()
                .set(LedgerTable.STATUS, s(status.name()))
                .set(LedgerTable.TASK_VERSION, n(change.version()))
                .set(LedgerTable.TASK_ARN, s(change.taskArn()))
                .set(LedgerTable.UPDATED_AT, s(now.toString()))
                .commit(commit);
        return update.applyIf(this, buildId, update.moves(attempt, change.version()), false).isPresent();
    }

    @Override
    public Optional<BuildRecord> finish(BuildId buildId, int attempt, TaskStateChange change, BuildStatus status, BuildResult result,
                                        CommitInfo commit, Instant now, Instant publishLeaseUntil) {
        BuildTimings timings = result.timings();
        Update update = new Update()
                .set(LedgerTable.STATUS, s(status.name()))
                .set(LedgerTable.TASK_VERSION, n(change.version()))
                .set(LedgerTable.TASK_ARN, s(change.taskArn()))
                .set(LedgerTable.EXIT_CODE, number(result.exitCode()))
                .set(LedgerTable.STOP_CODE, text(result.stopCode()))
                .set(LedgerTable.STOPPED_REASON, text(LedgerTable.bounded(result.stoppedReason())))
                .set(LedgerTable.FAILURE_REASON, text(LedgerTable.bounded(result.failureReason())))
                .set(LedgerTable.QUEUED_MILLIS, number(timings.queuedMillis()))
                .set(LedgerTable.PROVISIONING_MILLIS, number(timings.provisioningMillis()))
                .set(LedgerTable.BUILDING_MILLIS, number(timings.buildingMillis()))
                .set(LedgerTable.TOTAL_MILLIS, number(timings.totalMillis()))
                .set(LedgerTable.IMAGE_DIGEST, text(result.imageDigest()))
                .set(LedgerTable.IMAGE_MISSING_REASON, text(result.imageMissingReason()))
                .set(LedgerTable.LOG_URL, text(result.logUrl()))
                .set(LedgerTable.FINISHED_AT, s(result.finishedAt().toString()))
                .set(LedgerTable.RESULT_PUBLISH_LEASE_UNTIL, n(publishLeaseUntil.toEpochMilli()))
                .set(LedgerTable.UPDATED_AT, s(now.toString()))
                .commit(commit);
        return update.applyIf(this, buildId, update.moves(attempt, change.version()), true).map(DynamoBuildResults::toRecord);
    }

    @Override
    public boolean claimRelaunch(BuildId buildId, int attempt, TaskStateChange interrupted, Instant now) {
        Instant at = interrupted.stoppedAt() != null ? interrupted.stoppedAt() : now;
        String reason = interrupted.stoppedReason() != null ? interrupted.stoppedReason() : interrupted.stopCode();
        Update update = new Update()
                .set(LedgerTable.ATTEMPT, n(attempt + 1))
                .set(LedgerTable.STATUS, s(BuildStatus.QUEUED.name()))
                .set(LedgerTable.CAPACITY, s(TaskLaunch.Capacity.FARGATE.name()))
                .set(LedgerTable.INTERRUPTED_TASK_ARN, s(interrupted.taskArn()))
                .set(LedgerTable.INTERRUPTED_AT, s(at.toString()))
                .set(LedgerTable.INTERRUPTION_REASON, text(LedgerTable.bounded(reason)))
                .set(LedgerTable.UPDATED_AT, s(now.toString()))
                .remove(LedgerTable.TASK_ARN)
                .remove(LedgerTable.TASK_VERSION)
                .remove(LedgerTable.LAUNCHED_AT);
        return update.applyIf(this, buildId, update.moves(attempt, interrupted.version()), false).isPresent();
    }

    @Override
    public void recordRelaunched(BuildId buildId, int attempt, String taskArn, Instant now) {
        // The attempt's first task event may have recorded the task already: keep what is there.
        Update update = new Update()
                .setIfAbsent(LedgerTable.TASK_ARN, s(taskArn))
                .set(LedgerTable.LAUNCHED_AT, s(now.toString()))
                .set(LedgerTable.UPDATED_AT, s(now.toString()))
                .remove(LedgerTable.LAUNCH_FAILURE);
        update.applyIf(this, buildId, update.isAttempt(attempt), false);
    }

    @Override
    public void recordRelaunchFailed(BuildId buildId, int attempt, String reason, Instant now) {
        Update update = new Update()
                .set(LedgerTable.LAUNCH_FAILURE, s(LedgerTable.bounded(reason)))
                .set(LedgerTable.UPDATED_AT, s(now.toString()));
        update.applyIf(this, buildId, update.isAttempt(attempt), false);
    }

    @Override
    public Optional<BuildRecord> claimPublication(BuildId buildId, Instant now, Instant leaseUntil) {
        Update update = new Update().set(LedgerTable.RESULT_PUBLISH_LEASE_UNTIL, n(leaseUntil.toEpochMilli()));
        String lease = update.name(LedgerTable.RESULT_PUBLISH_LEASE_UNTIL);
        String condition = update.isFinal() + " AND attribute_not_exists(" + update.name(LedgerTable.RESULT_PUBLISHED_AT) + ")"
                + " AND (attribute_not_exists(" + lease + ") OR " + lease + " < " + update.value(":ifNow", n(now.toEpochMilli())) + ")";
        return update.applyIf(this, buildId, condition, true).map(DynamoBuildResults::toRecord);
    }

    @Override
    public void releasePublication(BuildId buildId) {
        new Update().remove(LedgerTable.RESULT_PUBLISH_LEASE_UNTIL).apply(this, buildId);
    }

    @Override
    public void recordPublished(BuildId buildId, Instant now, String commentId, String commentError) {
        new Update()
                .set(LedgerTable.RESULT_PUBLISHED_AT, s(now.toString()))
                .set(LedgerTable.COMMENT_ID, text(commentId))
                .set(LedgerTable.COMMENT_ERROR, text(LedgerTable.bounded(commentError)))
                .set(LedgerTable.UPDATED_AT, s(now.toString()))
                .remove(LedgerTable.RESULT_PUBLISH_LEASE_UNTIL)
                .apply(this, buildId);
    }

    static BuildRecord toRecord(Map<String, AttributeValue> item) {
        return new BuildRecord(
                new BuildId(string(item, LedgerTable.BUILD_ID)),
                string(item, LedgerTable.REPOSITORY),
                string(item, LedgerTable.REF_NAME),
                string(item, LedgerTable.REF_FULL_NAME),
                string(item, LedgerTable.COMMIT_ID),
                string(item, LedgerTable.IMAGE_REPOSITORY),
                string(item, LedgerTable.COMMIT_TAG),
                item.containsKey(LedgerTable.DEPLOY_TAGS) ? item.get(LedgerTable.DEPLOY_TAGS).ss().stream().sorted().toList() : List.of(),
                strings(item, LedgerTable.DESTINATIONS),
                strings(item, LedgerTable.KANIKO_ARGS),
                BuildStatus.valueOf(string(item, LedgerTable.STATUS)),
                integer(item, LedgerTable.ATTEMPT) == null ? 1 : integer(item, LedgerTable.ATTEMPT).intValue(),
                string(item, LedgerTable.TASK_ARN),
                integer(item, LedgerTable.TASK_VERSION),
                instant(item, LedgerTable.QUEUED_AT),
                item.containsKey(LedgerTable.AUTHOR_NAME) ? new CommitInfo(string(item, LedgerTable.AUTHOR_NAME),
                        string(item, LedgerTable.AUTHOR_EMAIL), string(item, LedgerTable.COMMIT_MESSAGE),
                        string(item, LedgerTable.PARENT_COMMIT_ID)) : null,
                item.containsKey(LedgerTable.FINISHED_AT) ? result(item) : null,
                string(item, LedgerTable.INTERRUPTED_TASK_ARN),
                item.containsKey(LedgerTable.RESULT_PUBLISHED_AT));
    }

    private static BuildResult result(Map<String, AttributeValue> item) {
        Long exitCode = integer(item, LedgerTable.EXIT_CODE);
        return new BuildResult(
                exitCode == null ? null : exitCode.intValue(),
                string(item, LedgerTable.STOP_CODE),
                string(item, LedgerTable.STOPPED_REASON),
                string(item, LedgerTable.FAILURE_REASON),
                new BuildTimings(integer(item, LedgerTable.QUEUED_MILLIS), integer(item, LedgerTable.PROVISIONING_MILLIS),
                        integer(item, LedgerTable.BUILDING_MILLIS), integer(item, LedgerTable.TOTAL_MILLIS)),
                string(item, LedgerTable.IMAGE_DIGEST),
                string(item, LedgerTable.IMAGE_MISSING_REASON),
                string(item, LedgerTable.LOG_URL),
                instant(item, LedgerTable.FINISHED_AT));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Long integer(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : Instant.parse(value);
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    private static AttributeValue text(String value) {
        return value == null ? null : s(value);
    }

    private static AttributeValue number(Long value) {
        return value == null ? null : n(value);
    }

    private static AttributeValue number(Integer value) {
        return value == null ? null : n(value);
    }

    /** One UpdateItem: SET and REMOVE clauses with their placeholders ({@code #name}, {@code :name}); null values are left out. */
    private static final class Update {
        private final List<String> sets = new ArrayList<>();
        private final List<String> removes = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();

        Update set(String attribute, AttributeValue value) {
            if (value != null) {
                sets.add(name(attribute) + " = " + value(":" + attribute, value));
            }
            return this;
        }

        Update setIfAbsent(String attribute, AttributeValue value) {
            sets.add(name(attribute) + " = if_not_exists(" + name(attribute) + ", " + value(":" + attribute, value) + ")");
            return this;
        }

        Update remove(String attribute) {
            removes.add(name(attribute));
            return this;
        }

        /** The commit's author, subject and first parent, when CodeCommit was asked in this invocation. */
        Update commit(CommitInfo commit) {
            if (commit != null) {
                set(LedgerTable.AUTHOR_NAME, s(commit.authorName()));
                set(LedgerTable.AUTHOR_EMAIL, s(commit.authorEmail()));
                set(LedgerTable.COMMIT_MESSAGE, s(LedgerTable.bounded(commit.messageFirstLine())));
                set(LedgerTable.PARENT_COMMIT_ID, text(commit.firstParent()));
            }
            return this;
        }

        String name(String attribute) {
            names.put("#" + attribute, attribute);
            return "#" + attribute;
        }

        String value(String placeholder, AttributeValue value) {
            values.put(placeholder, value);
            return placeholder;
        }

        String isAttempt(int attempt) {
            return name(LedgerTable.ATTEMPT) + " = " + value(":ifAttempt", n(attempt));
        }

        String isFinal() {
            List<String> placeholders = new ArrayList<>();
            for (BuildStatus status : FINAL) {
                placeholders.add(value(":if" + status.name(), s(status.name())));
            }
            return name(LedgerTable.STATUS) + " IN (" + String.join(", ", placeholders) + ")";
        }

        /**
         * The build may move: same attempt, an older (or no) task version recorded, not final yet.
         * This is what makes duplicate and out-of-order events change nothing.
         */
        String moves(int attempt, long version) {
            String taskVersion = name(LedgerTable.TASK_VERSION);
            return isAttempt(attempt)
                    + " AND (attribute_not_exists(" + taskVersion + ") OR " + taskVersion + " < " + value(":ifVersion", n(version)) + ")"
                    + " AND NOT (" + isFinal() + ")";
        }

        String expression() {
            return (sets.isEmpty() ? "" : "SET " + String.join(", ", sets))
                    + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        }

        /** The item as now recorded (empty unless {@code returnItem}), or nothing when the condition did not hold. */
        Optional<Map<String, AttributeValue>> applyIf(DynamoBuildResults ledger, BuildId buildId, String condition, boolean returnItem) {
            try {
                UpdateItemResponse response = ledger.dynamo.updateItem(r -> r.tableName(ledger.table)
                        .key(LedgerTable.key(buildId))
                        .updateExpression(expression().trim())
                        .conditionExpression(condition)
                        .expressionAttributeNames(names)
                        // DynamoDB refuses an empty map: a REMOVE-only update has no values.
                        .expressionAttributeValues(values.isEmpty() ? null : values)
                        .returnValues(returnItem ? ReturnValue.ALL_NEW : ReturnValue.NONE));
                return Optional.of(response.attributes());
            } catch (ConditionalCheckFailedException notNow) {
                return Optional.empty();
            }
        }

        /** Unconditional, on an existing item. */
        void apply(DynamoBuildResults ledger, BuildId buildId) {
            applyIf(ledger, buildId, "attribute_exists(" + name(LedgerTable.BUILD_ID) + ")", false);
        }
    }
}
