package dev.kft.aws;

import static dev.kft.aws.LedgerItemCodec.ATTEMPT;
import static dev.kft.aws.LedgerItemCodec.BUILD_ID;
import static dev.kft.aws.LedgerItemCodec.STATUS;
import static dev.kft.aws.LedgerItemCodec.TASK_VERSION;
import static dev.kft.aws.LedgerItemCodec.numberValue;
import static dev.kft.aws.LedgerItemCodec.statusValue;

import dev.kft.core.BuildId;
import dev.kft.result.BuildStatus;
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
 * One UpdateItem on a build item: SET and REMOVE clauses with their placeholders ({@code #name},
 * {@code :name}), and the conditions the result side's writes share. Null values are left out.
 */
final class LedgerUpdate {
    private static final List<BuildStatus> FINAL = Arrays.stream(BuildStatus.values()).filter(BuildStatus::isFinal).toList();

    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();

    LedgerUpdate set(String attribute, AttributeValue value) {
        if (value != null) {
            sets.add(name(attribute) + " = " + value(":" + attribute, value));
        }
        return this;
    }

    LedgerUpdate setIfAbsent(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = if_not_exists(" + name(attribute) + ", " + value(":" + attribute, value) + ")");
        return this;
    }

    LedgerUpdate remove(String attribute) {
        removes.add(name(attribute));
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
        return name(ATTEMPT) + " = " + value(":ifAttempt", numberValue(attempt));
    }

    String isFinal() {
        List<String> placeholders = new ArrayList<>();
        for (BuildStatus status : FINAL) {
            placeholders.add(value(":if" + status.name(), statusValue(status)));
        }
        return name(STATUS) + " IN (" + String.join(", ", placeholders) + ")";
    }

    /**
     * The build may move: same attempt, an older (or no) task version recorded, not final yet.
     * This is what makes duplicate and out-of-order events change nothing.
     */
    String moves(int attempt, long version) {
        String taskVersion = name(TASK_VERSION);
        return isAttempt(attempt)
                + " AND (attribute_not_exists(" + taskVersion + ") OR " + taskVersion + " < " + value(":ifVersion", numberValue(version)) + ")"
                + " AND NOT (" + isFinal() + ")";
    }

    private String expression() {
        return ((sets.isEmpty() ? "" : "SET " + String.join(", ", sets))
                + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes))).trim();
    }

    /** The item as now recorded (empty unless {@code returnItem}), or nothing when the condition did not hold. */
    Optional<Map<String, AttributeValue>> applyIf(DynamoDbClient dynamo, String table, BuildId buildId, String condition,
                                                  boolean returnItem) {
        try {
            UpdateItemResponse response = dynamo.updateItem(r -> r.tableName(table)
                    .key(LedgerItemCodec.key(buildId))
                    .updateExpression(expression())
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
    void apply(DynamoDbClient dynamo, String table, BuildId buildId) {
        applyIf(dynamo, table, buildId, "attribute_exists(" + name(BUILD_ID) + ")", false);
    }
}
