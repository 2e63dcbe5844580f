package dev.kft.aws;

import dev.kft.core.BuildId;
import dev.kft.push.BuildLedger;
import dev.kft.push.BuildPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The build ledger in DynamoDB: one item per build, keyed by {@code buildId}. Layout and access
 * patterns are described in the README ("Build ledger"); {@link LedgerTable} names the attributes and indexes.
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
                    .item(newItem(plan, now, leaseUntil))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", LedgerTable.BUILD_ID)));
            return LaunchClaim.NEW;
        } catch (ConditionalCheckFailedException exists) {
            return takeOver(plan, now, leaseUntil);
        }
    }

    /** The build exists: take it over only if its launch failed, or was abandoned with no task and an expired lease. */
    private LaunchClaim takeOver(BuildPlan plan, Instant now, long leaseUntil) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(LedgerTable.key(plan.buildId()))
                    .updateExpression("SET #status = :queued, #lease = :lease, #updated = :now REMOVE #failure")
                    .conditionExpression("#status = :failed OR (#status = :queued AND attribute_not_exists(#task) AND #lease < :nowMillis)")
                    .expressionAttributeNames(Map.of("#status", LedgerTable.STATUS, "#lease", LedgerTable.LAUNCH_LEASE_UNTIL,
                            "#updated", LedgerTable.UPDATED_AT, "#failure", LedgerTable.LAUNCH_FAILURE, "#task", LedgerTable.TASK_ARN))
                    .expressionAttributeValues(Map.of(
                            ":queued", s("QUEUED"), ":failed", s("FAILED_TO_LAUNCH"),
                            ":lease", n(leaseUntil), ":now", s(now.toString()), ":nowMillis", n(now.toEpochMilli()))));
            return LaunchClaim.TAKEN_OVER;
        } catch (ConditionalCheckFailedException notOurs) {
            GetItemResponse current = dynamo.getItem(r -> r.tableName(table).key(LedgerTable.key(plan.buildId())).consistentRead(true));
            Map<String, AttributeValue> item = current.item();
            boolean launching = item != null && "QUEUED".equals(text(item, LedgerTable.STATUS)) && !item.containsKey(LedgerTable.TASK_ARN);
            return launching ? LaunchClaim.LAUNCH_IN_PROGRESS : LaunchClaim.ALREADY_LAUNCHED;
        }
    }

    @Override
    public void recordLaunched(BuildId buildId, String taskArn, Instant now) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(LedgerTable.key(buildId))
                .updateExpression("SET #task = :task, #launched = :now, #updated = :now REMOVE #lease, #failure")
                .expressionAttributeNames(Map.of("#task", LedgerTable.TASK_ARN, "#launched", LedgerTable.LAUNCHED_AT,
                        "#updated", LedgerTable.UPDATED_AT, "#lease", LedgerTable.LAUNCH_LEASE_UNTIL, "#failure", LedgerTable.LAUNCH_FAILURE))
                .expressionAttributeValues(Map.of(":task", s(taskArn), ":now", s(now.toString()))));
    }

    @Override
    public void recordLaunchFailed(BuildId buildId, String reason, Instant now) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(LedgerTable.key(buildId))
                .updateExpression("SET #status = :failed, #failure = :reason, #updated = :now REMOVE #lease")
                .expressionAttributeNames(Map.of("#status", LedgerTable.STATUS, "#failure", LedgerTable.LAUNCH_FAILURE,
                        "#updated", LedgerTable.UPDATED_AT, "#lease", LedgerTable.LAUNCH_LEASE_UNTIL))
                .expressionAttributeValues(Map.of(":failed", s("FAILED_TO_LAUNCH"),
                        ":reason", s(LedgerTable.bounded(reason)), ":now", s(now.toString()))));
    }

    @Override
    public BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now) {
        // ALL_NEW: the tags and the image's digest and verdict read in the same atomic step, so a scan
        // verdict recorded just before is seen here, and one recorded just after sees these tags.
        Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                .key(LedgerTable.key(buildId))
                .updateExpression("ADD #tags :tags SET #updated = :now")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#tags", LedgerTable.DEPLOY_TAGS, "#updated", LedgerTable.UPDATED_AT,
                        "#id", LedgerTable.BUILD_ID))
                .expressionAttributeValues(Map.of(":tags", AttributeValue.fromSs(List.copyOf(tags)), ":now", s(now.toString())))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return new BuiltImage(text(item, LedgerTable.IMAGE_REPOSITORY), text(item, LedgerTable.IMAGE_DIGEST),
                text(item, LedgerTable.SCAN_VERDICT));
    }

    private static Map<String, AttributeValue> newItem(BuildPlan plan, Instant now, long leaseUntil) {
        Map<String, AttributeValue> item = new HashMap<>(LedgerTable.key(plan.buildId()));
        var change = plan.change();
        item.put(LedgerTable.REPOSITORY, s(change.repository()));
        item.put(LedgerTable.REF_KEY, s(LedgerTable.refKey(change.repository(), change.refFullName())));
        item.put(LedgerTable.REF_TYPE, s(change.refType().name()));
        item.put(LedgerTable.REF_NAME, s(change.refName()));
        item.put(LedgerTable.REF_FULL_NAME, s(change.refFullName()));
        item.put(LedgerTable.COMMIT_ID, s(change.commitId()));
        item.put(LedgerTable.IMAGE_REPOSITORY, s(plan.imageRepository()));
        item.put(LedgerTable.COMMIT_TAG, s(plan.tags().commitTag()));
        if (!plan.tags().deployTags().isEmpty()) {
            item.put(LedgerTable.DEPLOY_TAGS, AttributeValue.fromSs(plan.tags().deployTags()));
        }
        item.put(LedgerTable.DESTINATIONS, AttributeValue.fromL(plan.destinations().stream().map(DynamoBuildLedger::s).toList()));
        item.put(LedgerTable.KANIKO_ARGS, AttributeValue.fromL(plan.kanikoArgs().stream().map(DynamoBuildLedger::s).toList()));
        item.put(LedgerTable.CAPACITY, s(plan.capacity().name()));
        item.put(LedgerTable.STATUS, s("QUEUED"));
        item.put(LedgerTable.ATTEMPT, n(plan.attempt()));
        item.put(LedgerTable.QUEUED_AT, s(now.toString()));
        item.put(LedgerTable.UPDATED_AT, s(now.toString()));
        item.put(LedgerTable.LAUNCH_LEASE_UNTIL, n(leaseUntil));
        if (change.eventId() != null) {
            item.put(LedgerTable.EVENT_ID, s(change.eventId()));
        }
        return item;
    }

    static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
