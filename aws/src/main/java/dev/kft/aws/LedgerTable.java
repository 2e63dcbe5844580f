package dev.kft.aws;

import static dev.kft.aws.LedgerItemCodec.BUILD_ID;
import static dev.kft.aws.LedgerItemCodec.COMMIT_TAG;
import static dev.kft.aws.LedgerItemCodec.IMAGE_REPOSITORY;
import static dev.kft.aws.LedgerItemCodec.LEDGER_KIND;
import static dev.kft.aws.LedgerItemCodec.QUEUED_AT;
import static dev.kft.aws.LedgerItemCodec.REF_KEY;
import static dev.kft.aws.LedgerItemCodec.REPOSITORY;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The build ledger table's shape: its key and indexes. What an item holds is {@link LedgerItemCodec}'s. */
public final class LedgerTable {
    /** Latest builds of a repository: partition {@code repository}, sort {@code queuedAt}. */
    public static final String BY_REPOSITORY_INDEX = "byRepository";
    /** Latest builds of a branch or tag: partition {@code refKey}, sort {@code queuedAt}. */
    public static final String BY_REF_INDEX = "byRef";
    /** The build of an image: partition {@code imageRepository}, sort {@code commitTag}. */
    public static final String BY_IMAGE_INDEX = "byImage";
    /** The latest builds of every repository: partition {@code ledgerKind} (always {@code build}), sort {@code queuedAt}. */
    public static final String BY_TIME_INDEX = "byTime";

    private LedgerTable() {}

    /** The table as the template declares it (keys, indexes, on-demand), for local stacks and tests. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(BUILD_ID), attribute(REPOSITORY), attribute(REF_KEY), attribute(QUEUED_AT),
                        attribute(IMAGE_REPOSITORY), attribute(COMMIT_TAG), attribute(LEDGER_KIND))
                .keySchema(KeySchemaElement.builder().attributeName(BUILD_ID).keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(index(BY_REPOSITORY_INDEX, REPOSITORY, QUEUED_AT), index(BY_REF_INDEX, REF_KEY, QUEUED_AT),
                        index(BY_IMAGE_INDEX, IMAGE_REPOSITORY, COMMIT_TAG), index(BY_TIME_INDEX, LEDGER_KIND, QUEUED_AT))
                .build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static GlobalSecondaryIndex index(String name, String partitionKey, String sortKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build())
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
