package dev.kft.aws;

import dev.kft.core.BuildId;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Attribute and index names of the build ledger table, shared by every adapter that reads or writes it. */
public final class LedgerTable {
    public static final String BUILD_ID = "buildId";
    public static final String REPOSITORY = "repository";
    /** {@code <repository>#<refFullName>}: partition key of the by-ref index. */
    public static final String REF_KEY = "refKey";
    public static final String REF_TYPE = "refType";
    public static final String REF_NAME = "refName";
    public static final String REF_FULL_NAME = "refFullName";
    public static final String COMMIT_ID = "commitId";
    public static final String IMAGE_REPOSITORY = "imageRepository";
    public static final String COMMIT_TAG = "commitTag";
    public static final String DEPLOY_TAGS = "deployTags";
    public static final String DESTINATIONS = "destinations";
    public static final String KANIKO_ARGS = "kanikoArgs";
    public static final String CAPACITY = "capacity";
    public static final String STATUS = "status";
    public static final String ATTEMPT = "attempt";
    public static final String QUEUED_AT = "queuedAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LAUNCH_LEASE_UNTIL = "launchLeaseUntil";
    public static final String LAUNCHED_AT = "launchedAt";
    public static final String LAUNCH_FAILURE = "launchFailureReason";
    public static final String TASK_ARN = "taskArn";
    public static final String EVENT_ID = "eventId";

    // Scan gate: its verdict, noted on the build item of a gated image...
    public static final String SCAN_VERDICT = "scanVerdict";
    public static final String SCAN_ACTION = "scanAction";
    public static final String SCANNED_AT = "scannedAt";
    // ...and one verdict item per image, keyed {@code verdict#<imageRepository>@<digest>} (see {@link #verdictKey}).
    // It carries none of the indexes' key attributes, so it never appears in them.
    public static final String VERDICT_KEY_PREFIX = "verdict#";
    /** The gated image's ECR repository on a verdict item (not {@link #IMAGE_REPOSITORY}: that would put it in byImage). */
    public static final String GATED_REPOSITORY = "gatedRepository";
    public static final String EVENT_TIME = "eventTime";
    public static final String LEASE_UNTIL = "leaseUntil";
    /** The recorded verdict, findings included, as JSON. */
    public static final String VERDICT = "verdict";

    // Written by TaskStateFunction (README, "Build ledger").
    /** ECS {@code detail.version} last recorded for the current attempt's task: orders that task's events. */
    public static final String TASK_VERSION = "taskVersion";
    public static final String EXIT_CODE = "exitCode";
    public static final String STOP_CODE = "stopCode";
    public static final String STOPPED_REASON = "stoppedReason";
    /** Why a final build did not succeed, in a sentence. */
    public static final String FAILURE_REASON = "failureReason";
    public static final String QUEUED_MILLIS = "queuedMillis";
    public static final String PROVISIONING_MILLIS = "provisioningMillis";
    public static final String BUILDING_MILLIS = "buildingMillis";
    public static final String TOTAL_MILLIS = "totalMillis";
    public static final String FINISHED_AT = "finishedAt";
    public static final String IMAGE_DIGEST = "imageDigest";
    /** Set instead of {@link #IMAGE_DIGEST} when a successful build's image is not in ECR. */
    public static final String IMAGE_MISSING_REASON = "imageMissingReason";
    public static final String LOG_URL = "logUrl";
    /** Commit author from GetCommit; the scan gate's notifications read them too. May be absent. */
    public static final String AUTHOR_NAME = "authorName";
    public static final String AUTHOR_EMAIL = "authorEmail";
    /** The commit message's first line. */
    public static final String COMMIT_MESSAGE = "commitMessage";
    /** The commit's first parent; absent for a root commit. */
    public static final String PARENT_COMMIT_ID = "parentCommitId";
    /** The Spot task whose interruption led to the current attempt. */
    public static final String INTERRUPTED_TASK_ARN = "interruptedTaskArn";
    public static final String INTERRUPTED_AT = "interruptedAt";
    public static final String INTERRUPTION_REASON = "interruptionReason";
    /** Epoch millis until which one invocation is publishing the final result. */
    public static final String RESULT_PUBLISH_LEASE_UNTIL = "resultPublishLeaseUntil";
    public static final String RESULT_PUBLISHED_AT = "resultPublishedAt";
    public static final String COMMENT_ID = "commentId";
    public static final String COMMENT_ERROR = "commentError";

    /** Latest builds of a repository: partition {@link #REPOSITORY}, sort {@link #QUEUED_AT}. */
    public static final String BY_REPOSITORY_INDEX = "byRepository";
    /** Latest builds of a branch or tag: partition {@link #REF_KEY}, sort {@link #QUEUED_AT}. */
    public static final String BY_REF_INDEX = "byRef";
    /** The build of an image: partition {@link #IMAGE_REPOSITORY}, sort {@link #COMMIT_TAG}. */
    public static final String BY_IMAGE_INDEX = "byImage";

    /** Free text (reasons) is cut to this length so one item stays far below DynamoDB's 400 KB. */
    public static final int MAX_REASON_LENGTH = 1024;

    private LedgerTable() {}

    /** The table as the template declares it (keys, indexes, on-demand), for local stacks and tests. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(BUILD_ID), attribute(REPOSITORY), attribute(REF_KEY), attribute(QUEUED_AT),
                        attribute(IMAGE_REPOSITORY), attribute(COMMIT_TAG))
                .keySchema(KeySchemaElement.builder().attributeName(BUILD_ID).keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(index(BY_REPOSITORY_INDEX, REPOSITORY, QUEUED_AT), index(BY_REF_INDEX, REF_KEY, QUEUED_AT),
                        index(BY_IMAGE_INDEX, IMAGE_REPOSITORY, COMMIT_TAG))
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

    public static Map<String, AttributeValue> key(BuildId buildId) {
        return Map.of(BUILD_ID, AttributeValue.fromS(buildId.value()));
    }

    /** The key of an image's verdict item. */
    public static Map<String, AttributeValue> verdictKey(String imageRepository, String imageDigest) {
        return Map.of(BUILD_ID, AttributeValue.fromS(VERDICT_KEY_PREFIX + imageRepository + "@" + imageDigest));
    }

    public static String refKey(String repository, String refFullName) {
        return repository + "#" + refFullName;
    }

    public static String bounded(String text) {
        return text == null || text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }
}
