package dev.kft.aws;

import dev.kft.core.BuildId;
import dev.kft.result.BuildHistory;
import dev.kft.result.BuildRecord;
import dev.kft.result.BuildStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The build ledger's read side: a build by id (consistent read), the latest builds through the
 * history indexes, and the operator's paged search ({@link #search}). Always a Query, never a Scan.
 */
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

    /** The whole item of a build, as stored (consistent read); empty when there is none. */
    public Optional<Map<String, AttributeValue>> item(BuildId buildId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(LedgerItemCodec.key(buildId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * What an operator searches for. Without a repository every build is searched (index byTime);
     * a ref needs its repository (index byRef); a repository alone uses byRepository.
     *
     * @param status   only builds in this status (a filter on the Query: pages may come back with fewer items)
     * @param since    only builds queued at or after (a key condition on queuedAt)
     * @param limit    at most this many builds
     * @param pageSize items DynamoDB evaluates per Query call
     */
    public record Search(String repository, String refFullName, BuildStatus status, Instant since, int limit, int pageSize) {
        public Search {
            if (refFullName != null && repository == null) {
                throw new IllegalArgumentException("a ref is searched within its repository");
            }
            if (limit < 1 || pageSize < 1) {
                throw new IllegalArgumentException("limit and page size must be at least 1");
            }
        }
    }

    /** The items found, newest first, and how many Query calls it took. */
    public record Found(List<Map<String, AttributeValue>> items, int queries) {}

    /** Newest first, one Query per page, following LastEvaluatedKey until {@code limit} builds matched or none are left. */
    public Found search(Search search) {
        String index;
        String partitionKey;
        String partition;
        if (search.refFullName() != null) {
            index = LedgerTable.BY_REF_INDEX;
            partitionKey = LedgerItemCodec.REF_KEY;
            partition = LedgerItemCodec.refKey(search.repository(), search.refFullName());
        } else if (search.repository() != null) {
            index = LedgerTable.BY_REPOSITORY_INDEX;
            partitionKey = LedgerItemCodec.REPOSITORY;
            partition = search.repository();
        } else {
            index = LedgerTable.BY_TIME_INDEX;
            partitionKey = LedgerItemCodec.LEDGER_KIND;
            partition = LedgerItemCodec.BUILD_KIND;
        }
        Map<String, String> names = new HashMap<>(Map.of("#key", partitionKey));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":key", LedgerItemCodec.textValue(partition)));
        String keyCondition = "#key = :key";
        if (search.since() != null) {
            names.put("#queuedAt", LedgerItemCodec.QUEUED_AT);
            values.put(":since", LedgerItemCodec.timeValue(search.since()));
            keyCondition += " AND #queuedAt >= :since";
        }
        String filter = null;
        if (search.status() != null) {
            names.put("#status", LedgerItemCodec.STATUS);
            values.put(":status", LedgerItemCodec.statusValue(search.status()));
            filter = "#status = :status";
        }
        String condition = keyCondition;
        String statusFilter = filter;
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        int queries = 0;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse page = dynamo.query(r -> r.tableName(table).indexName(index)
                    .keyConditionExpression(condition)
                    .filterExpression(statusFilter)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(search.pageSize())
                    .exclusiveStartKey(from));
            queries++;
            for (Map<String, AttributeValue> item : page.items()) {
                if (found.size() < search.limit()) {
                    found.add(item);
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null && found.size() < search.limit());
        return new Found(found, queries);
    }
}
