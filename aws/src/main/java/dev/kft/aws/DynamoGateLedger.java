package dev.kft.aws;

import static dev.kft.aws.LedgerItemCodec.BUILD_ID;
import static dev.kft.aws.LedgerItemCodec.COMMIT_TAG;
import static dev.kft.aws.LedgerItemCodec.EVENT_ID;
import static dev.kft.aws.LedgerItemCodec.EVENT_TIME;
import static dev.kft.aws.LedgerItemCodec.GATED_REPOSITORY;
import static dev.kft.aws.LedgerItemCodec.IMAGE_DIGEST;
import static dev.kft.aws.LedgerItemCodec.IMAGE_REPOSITORY;
import static dev.kft.aws.LedgerItemCodec.LEASE_UNTIL;
import static dev.kft.aws.LedgerItemCodec.SCANNED_AT;
import static dev.kft.aws.LedgerItemCodec.SCAN_ORDER_MILLIS;
import static dev.kft.aws.LedgerItemCodec.SCAN_ACTION;
import static dev.kft.aws.LedgerItemCodec.SCAN_VERDICT;
import static dev.kft.aws.LedgerItemCodec.STATUS;
import static dev.kft.aws.LedgerItemCodec.UPDATED_AT;
import static dev.kft.aws.LedgerItemCodec.VERDICT;
import static dev.kft.aws.LedgerItemCodec.actionValue;
import static dev.kft.aws.LedgerItemCodec.millisValue;
import static dev.kft.aws.LedgerItemCodec.recordedVerdictValue;
import static dev.kft.aws.LedgerItemCodec.textValue;
import static dev.kft.aws.LedgerItemCodec.timeValue;
import static dev.kft.aws.LedgerItemCodec.verdictItemStatusValue;
import static dev.kft.aws.LedgerItemCodec.verdictValue;

import dev.kft.aws.LedgerItemCodec.VerdictItemStatus;
import dev.kft.gate.BuildInfo;
import dev.kft.gate.GateAction;
import dev.kft.gate.GateLedger;
import dev.kft.gate.ScanEvent;
import dev.kft.gate.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
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
    private static final Pattern COMMIT_TAG_TEXT = Pattern.compile("[0-9a-f]{12}");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoGateLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<BuildInfo> buildOf(String imageRepository, Collection<String> imageTags) {
        for (String tag : imageTags) {
            if (!COMMIT_TAG_TEXT.matcher(tag).matches()) {
                continue;
            }
            List<Map<String, AttributeValue>> items = dynamo.query(r -> r.tableName(table)
                    .indexName(LedgerTable.BY_IMAGE_INDEX)
                    .keyConditionExpression("#repo = :repo AND #tag = :tag")
                    .expressionAttributeNames(Map.of("#repo", IMAGE_REPOSITORY, "#tag", COMMIT_TAG))
                    .expressionAttributeValues(Map.of(":repo", textValue(imageRepository), ":tag", textValue(tag)))
                    .limit(1)).items();
            if (!items.isEmpty()) {
                return Optional.of(LedgerItemCodec.buildInfo(items.get(0)));
            }
        }
        return Optional.empty();
    }

    @Override
    public VerdictClaim claim(ScanEvent scan, Instant now, Duration lease) {
        Map<String, AttributeValue> key = LedgerItemCodec.verdictKey(scan.imageRepository(), scan.imageDigest());
        // The order of scans of one image: the event's time, or for an event without one the claim's
        // time (its real time can only be earlier). Numbers, so 09:00:00.5Z and 09:00:01Z compare right.
        Instant order = scan.time() == null ? now : scan.time();
        // A timed event must be at least as new as the recorded scan; an untimed one cannot prove it is,
        // but is still judged (ScanGate keeps it from clearing a blocking verdict).
        String newerThanRecorded = scan.time() == null ? "" : " AND (attribute_not_exists(#order) OR #order <= :order)";
        try {
            // Free, or this event's own abandoned attempt, or a newer event once the previous one is done (or abandoned).
            Map<String, AttributeValue> old = dynamo.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("SET #event = :event, #time = :time, #order = :order, #status = :evaluating, #lease = :lease, "
                            + "#updated = :now, #repo = :repo, #digest = :digest")
                    .conditionExpression("attribute_not_exists(#id)"
                            + " OR (#event = :event AND #status <> :done AND #lease < :nowMillis)"
                            + " OR (#event <> :event AND (#status = :done OR #lease < :nowMillis)" + newerThanRecorded + ")")
                    .expressionAttributeNames(Map.of("#id", BUILD_ID, "#event", EVENT_ID, "#time", EVENT_TIME, "#order", SCAN_ORDER_MILLIS,
                            "#status", STATUS, "#lease", LEASE_UNTIL, "#updated", UPDATED_AT, "#repo", GATED_REPOSITORY, "#digest", IMAGE_DIGEST))
                    .expressionAttributeValues(Map.ofEntries(Map.entry(":event", textValue(scan.eventId())),
                            Map.entry(":time", textValue(scan.time() == null ? "unknown" : scan.time().toString())),
                            Map.entry(":order", millisValue(order)),
                            Map.entry(":evaluating", verdictItemStatusValue(VerdictItemStatus.EVALUATING)),
                            Map.entry(":done", verdictItemStatusValue(VerdictItemStatus.DONE)),
                            Map.entry(":lease", millisValue(now.plus(lease))), Map.entry(":nowMillis", millisValue(now)),
                            Map.entry(":now", timeValue(now)), Map.entry(":repo", textValue(scan.imageRepository())),
                            Map.entry(":digest", textValue(scan.imageDigest()))))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            boolean sameEvent = scan.eventId().equals(LedgerItemCodec.text(old, EVENT_ID));
            if (!sameEvent) {
                return new VerdictClaim(ClaimStatus.NEW, Optional.empty(), old == null ? Optional.empty() : LedgerItemCodec.scanVerdict(old));
            }
            return new VerdictClaim(ClaimStatus.RESUMED, LedgerItemCodec.recordedVerdict(old), Optional.empty());
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> current = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
            boolean done = LedgerItemCodec.verdictItemStatus(current).filter(status -> status == VerdictItemStatus.DONE).isPresent();
            return new VerdictClaim(done ? ClaimStatus.DUPLICATE : ClaimStatus.IN_PROGRESS, Optional.empty());
        }
    }

    @Override
    public BuildInfo noteVerdictOnBuild(BuildInfo build, ScanEvent scan, Verdict verdict, Instant now) {
        Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of(BUILD_ID, textValue(build.buildId())))
                .updateExpression("SET #verdict = :verdict, #digest = :digest, #updated = :now")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#verdict", SCAN_VERDICT, "#digest", IMAGE_DIGEST, "#updated", UPDATED_AT, "#id", BUILD_ID))
                .expressionAttributeValues(Map.of(":verdict", verdictValue(verdict.outcome()), ":digest", textValue(scan.imageDigest()),
                        ":now", timeValue(now)))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return LedgerItemCodec.buildInfo(item);
    }

    @Override
    public void recordVerdict(ScanEvent scan, Verdict verdict, Instant now) {
        ownUpdate(scan, "SET #verdict = :verdict, #outcome = :outcome, #updated = :now",
                Map.of("#verdict", VERDICT, "#outcome", SCAN_VERDICT, "#updated", UPDATED_AT),
                Map.of(":verdict", recordedVerdictValue(verdict), ":outcome", verdictValue(verdict.outcome()), ":now", timeValue(now)));
    }

    @Override
    public void recordDone(ScanEvent scan, Verdict verdict, GateAction action, Optional<BuildInfo> build, Instant now) {
        ownUpdate(scan, "SET #status = :done, #action = :action, #updated = :now REMOVE #lease",
                Map.of("#status", STATUS, "#action", SCAN_ACTION, "#updated", UPDATED_AT, "#lease", LEASE_UNTIL),
                Map.of(":done", verdictItemStatusValue(VerdictItemStatus.DONE), ":action", actionValue(action), ":now", timeValue(now)));
        build.ifPresent(b -> dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of(BUILD_ID, textValue(b.buildId())))
                .updateExpression("SET #verdict = :verdict, #action = :action, #scanned = :now, #digest = :digest, #updated = :now")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#verdict", SCAN_VERDICT, "#action", SCAN_ACTION, "#scanned", SCANNED_AT,
                        "#digest", IMAGE_DIGEST, "#updated", UPDATED_AT, "#id", BUILD_ID))
                .expressionAttributeValues(Map.of(":verdict", verdictValue(verdict.outcome()), ":action", actionValue(action),
                        ":now", timeValue(now), ":digest", textValue(scan.imageDigest())))));
    }

    /** An update of the verdict item that only the claim's holder may make; losing the claim fails the invocation. */
    private void ownUpdate(ScanEvent scan, String update, Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#event", EVENT_ID);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":event", textValue(scan.eventId()));
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(LedgerItemCodec.verdictKey(scan.imageRepository(), scan.imageDigest()))
                    .updateExpression(update)
                    .conditionExpression("#event = :event")
                    .expressionAttributeNames(allNames)
                    .expressionAttributeValues(allValues));
        } catch (ConditionalCheckFailedException lost) {
            throw new IllegalStateException("the verdict record of " + scan.imageRepository() + "@" + scan.imageDigest()
                    + " was taken over by another scan event", lost);
        }
    }

    /** One Query of the branch's newest builds (byRef index): is one of them, for this image repository, pushed later? */
    @Override
    public boolean newerBuildOfBranch(String imageRepository, BuildInfo build) {
        if (build.refFullName() == null || !build.refFullName().startsWith("refs/heads/")) {
            return false;
        }
        List<Map<String, AttributeValue>> recent = dynamo.query(r -> r.tableName(table).indexName(LedgerTable.BY_REF_INDEX)
                .keyConditionExpression("#ref = :ref")
                .expressionAttributeNames(Map.of("#ref", LedgerItemCodec.REF_KEY))
                .expressionAttributeValues(Map.of(":ref", textValue(LedgerItemCodec.refKey(build.repository(), build.refFullName()))))
                .scanIndexForward(false)
                .limit(25)).items();
        java.time.Instant ours = recent.stream().filter(item -> build.buildId().equals(LedgerItemCodec.text(item, BUILD_ID)))
                .map(LedgerItemCodec::pushedAt).findFirst().orElse(null);
        return ours != null && recent.stream().anyMatch(item -> imageRepository.equals(LedgerItemCodec.text(item, IMAGE_REPOSITORY))
                && !build.buildId().equals(LedgerItemCodec.text(item, BUILD_ID))
                && LedgerItemCodec.pushedAt(item) != null && LedgerItemCodec.pushedAt(item).isAfter(ours));
    }
}
