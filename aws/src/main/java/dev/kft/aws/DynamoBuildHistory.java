package dev.kft.aws;

import dev.kft.core.BuildId;
import dev.kft.result.BuildHistory;
import dev.kft.result.BuildRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The build ledger's read side: a build by id (consistent read), and the latest builds through the two history indexes. */
public final class DynamoBuildHistory implements BuildHistory {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBuildHistory(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<BuildRecord> find(BuildId buildId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(LedgerItemCodec.key(buildId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LedgerItemCodec.buildRecord(item));
    }

    @Override
    public List<BuildRecord> latestOfRepository(String repository, int limit) {
        return latest(LedgerTable.BY_REPOSITORY_INDEX, LedgerItemCodec.REPOSITORY, repository, limit);
    }

    @Override
    public List<BuildRecord> latestOfRef(String repository, String refFullName, int limit) {
        return latest(LedgerTable.BY_REF_INDEX, LedgerItemCodec.REF_KEY, LedgerItemCodec.refKey(repository, refFullName), limit);
    }

    /** Newest first: both indexes sort by {@code queuedAt} (ISO-8601 UTC, so text order is time order). */
    private List<BuildRecord> latest(String index, String partitionKey, String value, int limit) {
        return dynamo.query(r -> r.tableName(table).indexName(index)
                        .keyConditionExpression("#key = :value")
                        .expressionAttributeNames(Map.of("#key", partitionKey))
                        .expressionAttributeValues(Map.of(":value", LedgerItemCodec.textValue(value)))
                        .scanIndexForward(false)
                        .limit(limit))
                .items().stream().map(LedgerItemCodec::buildRecord).toList();
    }
}
