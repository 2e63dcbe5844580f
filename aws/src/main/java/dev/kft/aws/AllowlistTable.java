package dev.kft.aws;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The security team's vulnerability allowlist: one item per accepted CVE and scope. Written by the
 * security team only (see the README); the scan gate only reads it.
 */
public final class AllowlistTable {
    /** Partition key: the vulnerability id, e.g. {@code CVE-2026-1234}. */
    public static final String CVE_ID = "cveId";
    /** Sort key: the ECR repository the entry is limited to, or {@value #ALL_REPOSITORIES}. */
    public static final String SCOPE = "scope";
    public static final String ALL_REPOSITORIES = "*";
    /** Last day the entry applies, {@code yyyy-MM-dd} (UTC). */
    public static final String EXPIRES_ON = "expiresOn";
    public static final String REASON = "reason";

    private AllowlistTable() {}

    /** The table as the template declares it, for local stacks and tests. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(CVE_ID).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SCOPE).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(CVE_ID).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SCOPE).keyType(KeyType.RANGE).build())
                .build();
    }
}
