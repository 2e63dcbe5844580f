package dev.kft.aws;

import static dev.kft.aws.DynamoBuildLedger.n;
import static dev.kft.aws.DynamoBuildLedger.s;
import static dev.kft.aws.DynamoBuildLedger.text;

import dev.kft.core.Json;
import dev.kft.gate.BuildInfo;
import dev.kft.gate.GateAction;
import dev.kft.gate.GateLedger;
import dev.kft.gate.GateSettings;
import dev.kft.gate.ScanEvent;
import dev.kft.gate.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The scan gate's side of the build ledger: finds an image's build through the {@code byImage}
 * index, and keeps one verdict item per image ({@code verdict#<imageRepository>@<digest>}) whose
 * conditional writes make the gate act once per scan event. Why the ledger and not a table of its
 * own: the verdict belongs with the build history (same retention, encryption, point-in-time
 * recovery), and the item carries no index key attributes, so the ledger's indexes never see it.
 */
public final class DynamoGateLedger implements GateLedger {
    private static final String EVALUATING = "EVALUATING";
    private static final String DONE = "DONE";
    private static final Pattern COMMIT_TAG = Pattern.compile("[0-9a-f]{12}");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoGateLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<BuildInfo> buildOf(String imageRepository, Collection<String> imageTags) {
        for (String tag : imageTags) {
            if (!COMMIT_TAG.matcher(tag).matches()) {
                continue;
            }
            List<Map<String, AttributeValue>> items = dynamo.query(r -> r.tableName(table)
                    .indexName(LedgerTable.BY_IMAGE_INDEX)
                    .keyConditionExpression("#repo = :repo AND #tag = :tag")
                    .expressionAttributeNames(Map.of("#repo", LedgerTable.IMAGE_REPOSITORY, "#tag", LedgerTable.COMMIT_TAG))
                    .expressionAttributeValues(Map.of(":repo", s(imageRepository), ":tag", s(tag)))
                    .limit(1)).items();
            if (!items.isEmpty()) {
                return Optional.of(build(items.get(0)));
            }
        }
        return Optional.empty();
    }

    @Override
    public VerdictClaim claim(ScanEvent scan, Instant now, Duration lease) {
        Map<String, AttributeValue> key = LedgerTable.verdictKey(scan.imageRepository(), scan.imageDigest());
        String eventTime = scan.time() == null ? now.toString() : scan.time();
        try {
            // Free, or this event's own abandoned attempt, or a newer event once the previous one is done (or abandoned).
            Map<String, AttributeValue> old = dynamo.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("SET #event = :event, #time = :time, #status = :evaluating, #lease = :lease, "
                            + "#updated = :now, #repo = :repo, #digest = :digest")
                    .conditionExpression("attribute_not_exists(#id)"
                            + " OR (#event = :event AND #status <> :done AND #lease < :nowMillis)"
                            + " OR (#event <> :event AND #time <= :time AND (#status = :done OR #lease < :nowMillis))")
                    .expressionAttributeNames(Map.of("#id", LedgerTable.BUILD_ID, "#event", LedgerTable.EVENT_ID,
                            "#time", LedgerTable.EVENT_TIME, "#status", LedgerTable.STATUS, "#lease", LedgerTable.LEASE_UNTIL,
                            "#updated", LedgerTable.UPDATED_AT, "#repo", LedgerTable.GATED_REPOSITORY, "#digest", LedgerTable.IMAGE_DIGEST))
                    .expressionAttributeValues(Map.of(":event", s(scan.eventId()), ":time", s(eventTime),
                            ":evaluating", s(EVALUATING), ":done", s(DONE),
                            ":lease", n(now.plus(lease).toEpochMilli()), ":nowMillis", n(now.toEpochMilli()),
                            ":now", s(now.toString()), ":repo", s(scan.imageRepository()), ":digest", s(scan.imageDigest())))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            boolean sameEvent = old != null && scan.eventId().equals(text(old, LedgerTable.EVENT_ID));
            if (!sameEvent) {
                return new VerdictClaim(ClaimStatus.NEW, Optional.empty());
            }
            String recorded = text(old, LedgerTable.VERDICT);
            return new VerdictClaim(ClaimStatus.RESUMED, Optional.ofNullable(recorded).map(json -> Verdict.fromMap(Json.parseObject(json))));
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> current = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
            boolean done = current != null && DONE.equals(text(current, LedgerTable.STATUS));
            return new VerdictClaim(done ? ClaimStatus.DUPLICATE : ClaimStatus.IN_PROGRESS, Optional.empty());
        }
    }

    @Override
    public BuildInfo noteVerdictOnBuild(BuildInfo build, ScanEvent scan, Verdict verdict, Instant now) {
        Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of(LedgerTable.BUILD_ID, s(build.buildId())))
                .updateExpression("SET #verdict = :verdict, #digest = :digest, #updated = :now")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#verdict", LedgerTable.SCAN_VERDICT, "#digest", LedgerTable.IMAGE_DIGEST,
                        "#updated", LedgerTable.UPDATED_AT, "#id", LedgerTable.BUILD_ID))
                .expressionAttributeValues(Map.of(":verdict", s(verdict.outcome().name()), ":digest", s(scan.imageDigest()),
                        ":now", s(now.toString())))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return build(item);
    }

    @Override
    public void recordVerdict(ScanEvent scan, Verdict verdict, Instant now) {
        ownUpdate(scan, "SET #verdict = :verdict, #outcome = :outcome, #updated = :now",
                Map.of("#verdict", LedgerTable.VERDICT, "#outcome", LedgerTable.SCAN_VERDICT, "#updated", LedgerTable.UPDATED_AT),
                Map.of(":verdict", s(Json.write(verdict.toMap())), ":outcome", s(verdict.outcome().name()), ":now", s(now.toString())));
    }

    @Override
    public void recordDone(ScanEvent scan, Verdict verdict, GateAction action, Optional<BuildInfo> build, Instant now) {
        ownUpdate(scan, "SET #status = :done, #action = :action, #updated = :now REMOVE #lease",
                Map.of("#status", LedgerTable.STATUS, "#action", LedgerTable.SCAN_ACTION, "#updated", LedgerTable.UPDATED_AT,
                        "#lease", LedgerTable.LEASE_UNTIL),
                Map.of(":done", s(DONE), ":action", s(action.name()), ":now", s(now.toString())));
        build.ifPresent(b -> dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of(LedgerTable.BUILD_ID, s(b.buildId())))
                .updateExpression("SET #verdict = :verdict, #action = :action, #scanned = :now, #digest = :digest, #updated = :now")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#verdict", LedgerTable.SCAN_VERDICT, "#action", LedgerTable.SCAN_ACTION,
                        "#scanned", LedgerTable.SCANNED_AT, "#digest", LedgerTable.IMAGE_DIGEST, "#updated", LedgerTable.UPDATED_AT,
                        "#id", LedgerTable.BUILD_ID))
                .expressionAttributeValues(Map.of(":verdict", s(verdict.outcome().name()), ":action", s(action.name()),
                        ":now", s(now.toString()), ":digest", s(scan.imageDigest())))));
    }

    /** An update of the verdict item that only the claim's holder may make; losing the claim fails the invocation. */
    private void ownUpdate(ScanEvent scan, String update, Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, String> allNames = new java.util.HashMap<>(names);
        allNames.put("#event", LedgerTable.EVENT_ID);
        Map<String, AttributeValue> allValues = new java.util.HashMap<>(values);
        allValues.put(":event", s(scan.eventId()));
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(LedgerTable.verdictKey(scan.imageRepository(), scan.imageDigest()))
                    .updateExpression(update)
                    .conditionExpression("#event = :event")
                    .expressionAttributeNames(allNames)
                    .expressionAttributeValues(allValues));
        } catch (ConditionalCheckFailedException lost) {
            throw new IllegalStateException("the verdict record of " + scan.imageRepository() + "@" + scan.imageDigest()
                    + " was taken over by another scan event", lost);
        }
    }

    private static BuildInfo build(Map<String, AttributeValue> item) {
        AttributeValue tags = item.get(LedgerTable.DEPLOY_TAGS);
        return new BuildInfo(text(item, LedgerTable.BUILD_ID), text(item, LedgerTable.REPOSITORY),
                text(item, LedgerTable.REF_FULL_NAME), text(item, LedgerTable.COMMIT_ID), text(item, LedgerTable.COMMIT_TAG),
                tags == null || !tags.hasSs() ? List.of() : tags.ss(),
                text(item, LedgerTable.AUTHOR_NAME), text(item, LedgerTable.AUTHOR_EMAIL));
    }
}
