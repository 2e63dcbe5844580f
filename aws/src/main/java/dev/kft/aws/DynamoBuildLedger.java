package dev.kft.aws;

import static dev.kft.aws.LedgerItemCodec.BUILD_ID;
import static dev.kft.aws.LedgerItemCodec.DEPLOY_TAGS;
import static dev.kft.aws.LedgerItemCodec.LAUNCHED_AT;
import static dev.kft.aws.LedgerItemCodec.LAUNCH_FAILURE;
import static dev.kft.aws.LedgerItemCodec.LAUNCH_LEASE_UNTIL;
import static dev.kft.aws.LedgerItemCodec.STATUS;
import static dev.kft.aws.LedgerItemCodec.TASK_ARN;
import static dev.kft.aws.LedgerItemCodec.UPDATED_AT;
import static dev.kft.aws.LedgerItemCodec.key;
import static dev.kft.aws.LedgerItemCodec.numberValue;
import static dev.kft.aws.LedgerItemCodec.reasonValue;
import static dev.kft.aws.LedgerItemCodec.statusValue;
import static dev.kft.aws.LedgerItemCodec.tagsValue;
import static dev.kft.aws.LedgerItemCodec.textValue;
import static dev.kft.aws.LedgerItemCodec.timeValue;

import dev.kft.core.BuildId;
import dev.kft.push.BuildLedger;
import dev.kft.push.BuildPlan;
import dev.kft.result.BuildStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The build ledger in DynamoDB as PushFunction writes it: one item per build, keyed by {@code buildId}.
 * Layout and access patterns: README, "Build ledger"; {@link LedgerItemCodec} owns the item.
 */
public final class DynamoBuildLedger implements BuildLedger {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBuildLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public LaunchClaim claim(BuildPlan plan, Instant now, Duration lease) {
        long leaseUntil = now.plus(lease).toEpochMilli();
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(LedgerItemCodec.newBuildItem(plan, now, leaseUntil))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", BUILD_ID)));
            return LaunchClaim.NEW;
        } catch (ConditionalCheckFailedException exists) {
            return takeOver(plan, now, leaseUntil);
        }
    }

    /** The build exists: take it over only if its launch failed, or was abandoned with no task and an expired lease. */
    private LaunchClaim takeOver(BuildPlan plan, Instant now, long leaseUntil) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(plan.buildId()))
                    .updateExpression("SET #status = :queued, #lease = :lease, #updated = :now REMOVE #failure")
                    .conditionExpression("#status = :failed OR (#status = :queued AND attribute_not_exists(#task) AND #lease < :nowMillis)")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#lease", LAUNCH_LEASE_UNTIL,
                            "#updated", UPDATED_AT, "#failure", LAUNCH_FAILURE, "#task", TASK_ARN))
                    .expressionAttributeValues(Map.of(
                            ":queued", statusValue(BuildStatus.QUEUED), ":failed", statusValue(BuildStatus.FAILED_TO_LAUNCH),
                            ":lease", numberValue(leaseUntil), ":now", timeValue(now), ":nowMillis", numberValue(now.toEpochMilli()))));
            return LaunchClaim.TAKEN_OVER;
        } catch (ConditionalCheckFailedException notOurs) {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(plan.buildId())).consistentRead(true)).item();
            boolean launching = item != null && !item.isEmpty()
                    && LedgerItemCodec.status(item) == BuildStatus.QUEUED && !item.containsKey(TASK_ARN);
            return launching ? LaunchClaim.LAUNCH_IN_PROGRESS : LaunchClaim.ALREADY_LAUNCHED;
        }
    }

    @Override
    public void recordLaunched(BuildId buildId, String taskArn, Instant now) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(buildId))
                .updateExpression("SET #task = :task, #launched = :now, #updated = :now REMOVE #lease, #failure")
                .expressionAttributeNames(Map.of("#task", TASK_ARN, "#launched", LAUNCHED_AT,
                        "#updated", UPDATED_AT, "#lease", LAUNCH_LEASE_UNTIL, "#failure", LAUNCH_FAILURE))
                .expressionAttributeValues(Map.of(":task", textValue(taskArn), ":now", timeValue(now))));
    }

    @Override
    public void recordLaunchFailed(BuildId buildId, String reason, Instant now) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(buildId))
                .updateExpression("SET #status = :failed, #failure = :reason, #updated = :now REMOVE #lease")
                .expressionAttributeNames(Map.of("#status", STATUS, "#failure", LAUNCH_FAILURE,
                        "#updated", UPDATED_AT, "#lease", LAUNCH_LEASE_UNTIL))
                .expressionAttributeValues(Map.of(":failed", statusValue(BuildStatus.FAILED_TO_LAUNCH),
                        ":reason", reasonValue(reason), ":now", timeValue(now))));
    }

    @Override
    public BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now) {
        // ALL_NEW: the tags and the image's digest and verdict read in the same atomic step, so a scan
        // verdict recorded just before is seen here, and one recorded just after sees these tags.
        Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                .key(key(buildId))
                .updateExpression("ADD #tags :tags SET #updated = :now")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#tags", DEPLOY_TAGS, "#updated", UPDATED_AT, "#id", BUILD_ID))
                .expressionAttributeValues(Map.of(":tags", tagsValue(List.copyOf(tags)), ":now", timeValue(now)))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return LedgerItemCodec.builtImage(item);
    }
}
