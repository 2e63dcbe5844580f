package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.BuildId;
import dev.kft.core.RefType;
import dev.kft.core.ScanVerdict;
import dev.kft.gate.BuildInfo;
import dev.kft.gate.GateAction;
import dev.kft.push.BuildLedger.BuiltImage;
import dev.kft.push.BuildPlan;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.RefChange;
import dev.kft.result.BuildRecord;
import dev.kft.result.BuildStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ledger item's one codec: the wire names and types it writes, and what it reads back, unreadable values included. */
class LedgerItemCodecTest {
    private static final String COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    private static final Instant NOW = Instant.parse("2026-11-20T09:14:05.800Z");

    private static BuildPlan plan() {
        RefChange change = new RefChange("event-1", NOW, "us-east-1", "payments-api", RefChange.Kind.UPDATED,
                RefType.BRANCH, "main", "refs/heads/main", COMMIT, null);
        BuildSettings settings = BuildSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "ECR_REGISTRY", "123456789012.dkr.ecr.us-east-1.amazonaws.com", "CACHE_REPOSITORY", "kft-kaniko-cache"));
        return ((BuildPlanner.Build) new BuildPlanner(settings).decide(change, NOW)).plan();
    }

    private static Map<String, AttributeValue> newItem() {
        return new HashMap<>(LedgerItemCodec.newBuildItem(plan(), NOW, 42L));
    }

    @Test
    void aNewBuildIsWrittenUnderTheNamesAndTypesTheReadmeDocuments() {
        Map<String, AttributeValue> item = newItem();
        assertEquals(BuildId.of("payments-api", COMMIT).value(), item.get("buildId").s());
        assertEquals("payments-api#refs/heads/main", item.get("refKey").s());
        assertEquals("BRANCH", item.get("refType").s());
        assertEquals("QUEUED", item.get("status").s());
        assertEquals("1", item.get("attempt").n());
        assertEquals("42", item.get("launchLeaseUntil").n());
        assertEquals(NOW.toString(), item.get("queuedAt").s());
        assertEquals(List.of("branch-main", "latest"), item.get("deployTags").ss().stream().sorted().toList());
        assertTrue(item.get("kanikoArgs").hasL());
        assertEquals("FARGATE_SPOT", item.get("capacity").s());
        assertEquals("event-1", item.get("eventId").s());
        assertEquals("build", item.get("ledgerKind").s(), "the byTime index's partition: every build, across repositories");
    }

    @Test
    void aNewBuildReadsBackAsTheRecordThatWasPlanned() {
        BuildPlan plan = plan();
        BuildRecord record = LedgerItemCodec.buildRecord(newItem());
        assertEquals(plan.buildId(), record.buildId());
        assertEquals(BuildStatus.QUEUED, record.status());
        assertEquals(1, record.attempt());
        assertEquals("refs/heads/main", record.refFullName());
        assertEquals(plan.tags().commitTag(), record.commitTag());
        assertEquals(plan.tags().deployTags().stream().sorted().toList(), record.deployTags());
        assertEquals(plan.destinations(), record.destinations());
        assertEquals(plan.kanikoArgs(), record.kanikoArgs());
        assertEquals(NOW, record.queuedAt());
        assertNull(record.taskVersion());
        assertNull(record.commit(), "no author until CodeCommit was asked");
        assertNull(record.result(), "no result until the build is final");
        assertFalse(record.resultPublished());
    }

    @Test
    void aFinishedBuildReadsBackWithItsResultCommitAndPublication() {
        Map<String, AttributeValue> item = newItem();
        item.put(LedgerItemCodec.STATUS, LedgerItemCodec.statusValue(BuildStatus.FAILED));
        item.put(LedgerItemCodec.TASK_VERSION, LedgerItemCodec.numberValue(6));
        item.put(LedgerItemCodec.EXIT_CODE, LedgerItemCodec.numberValue(1));
        item.put(LedgerItemCodec.FAILURE_REASON, LedgerItemCodec.textValue("kaniko exited with code 1"));
        item.put(LedgerItemCodec.TOTAL_MILLIS, LedgerItemCodec.numberValue(192_530L));
        item.put(LedgerItemCodec.FINISHED_AT, LedgerItemCodec.timeValue(NOW.plusSeconds(190)));
        item.put(LedgerItemCodec.AUTHOR_NAME, LedgerItemCodec.textValue("Ada Lovelace"));
        item.put(LedgerItemCodec.RESULT_PUBLISHED_AT, LedgerItemCodec.timeValue(NOW.plusSeconds(191)));

        BuildRecord record = LedgerItemCodec.buildRecord(item);
        assertEquals(BuildStatus.FAILED, record.status());
        assertEquals(6L, record.taskVersion());
        assertEquals(1, record.result().exitCode());
        assertEquals("kaniko exited with code 1", record.result().failureReason());
        assertEquals(192_530L, record.result().timings().totalMillis());
        assertNull(record.result().timings().queuedMillis());
        assertEquals(NOW.plusSeconds(190), record.result().finishedAt());
        assertEquals("Ada Lovelace", record.commit().authorName());
        assertTrue(record.resultPublished());
    }

    @Test
    void theGateAndThePushSideReadTheirViewsOfTheSameItem() {
        Map<String, AttributeValue> item = newItem();
        item.put(LedgerItemCodec.IMAGE_DIGEST, LedgerItemCodec.textValue("sha256:abc"));
        item.put(LedgerItemCodec.SCAN_VERDICT, LedgerItemCodec.verdictValue(ScanVerdict.CLEAN));

        BuildInfo info = LedgerItemCodec.buildInfo(item);
        assertEquals(BuildId.of("payments-api", COMMIT).value(), info.buildId());
        assertEquals(List.of("branch-main", "latest"), info.deployTags());
        assertNull(info.authorName());

        BuiltImage image = LedgerItemCodec.builtImage(item);
        assertEquals(new BuiltImage("kft/payments-api", "sha256:abc", Optional.of(ScanVerdict.CLEAN)), image);
    }

    @Test
    void verdictsAndActionsAreEmptyWhenAbsentAndWhenUnreadable() {
        Map<String, AttributeValue> item = newItem();
        assertEquals(Optional.empty(), LedgerItemCodec.scanVerdict(item));
        assertEquals(Optional.empty(), LedgerItemCodec.scanAction(item));

        item.put(LedgerItemCodec.SCAN_VERDICT, LedgerItemCodec.verdictValue(ScanVerdict.DIRTY));
        item.put(LedgerItemCodec.SCAN_ACTION, LedgerItemCodec.actionValue(GateAction.FLAG));
        assertEquals(Optional.of(ScanVerdict.DIRTY), LedgerItemCodec.scanVerdict(item));
        assertEquals(Optional.of(GateAction.FLAG), LedgerItemCodec.scanAction(item));

        // Written by a newer version, say: read as not judged, which the push side treats like a verdict still to come.
        item.put(LedgerItemCodec.SCAN_VERDICT, AttributeValue.fromS("QUARANTINED"));
        item.put(LedgerItemCodec.SCAN_ACTION, AttributeValue.fromS("quarantine"));
        assertEquals(Optional.empty(), LedgerItemCodec.scanVerdict(item));
        assertEquals(Optional.empty(), LedgerItemCodec.scanAction(item));
        assertEquals(Optional.empty(), LedgerItemCodec.builtImage(item).scanVerdict());
    }

    @Test
    void aStatusThatCannotBeReadFailsLoudlyRatherThanGuess() {
        Map<String, AttributeValue> item = newItem();
        item.put(LedgerItemCodec.STATUS, AttributeValue.fromS("WAITING_FOR_GODOT"));
        var unreadable = assertThrows(LedgerItemCodec.UnreadableLedgerItemException.class, () -> LedgerItemCodec.buildRecord(item));
        assertTrue(unreadable.getMessage().contains("WAITING_FOR_GODOT"), unreadable.getMessage());
        item.remove(LedgerItemCodec.STATUS);
        assertThrows(LedgerItemCodec.UnreadableLedgerItemException.class, () -> LedgerItemCodec.status(item));
    }

    @Test
    void verdictItemsAreToldApartFromBuildsByTheirKey() {
        Map<String, AttributeValue> verdictItem = new HashMap<>(LedgerItemCodec.verdictKey("kft/payments-api", "sha256:abc"));
        assertEquals("verdict#kft/payments-api@sha256:abc", verdictItem.get("buildId").s());
        assertTrue(LedgerItemCodec.isVerdictItem(verdictItem));
        assertFalse(LedgerItemCodec.isVerdictItem(newItem()));
        assertFalse(verdictItem.containsKey(LedgerItemCodec.LEDGER_KIND), "a verdict item never appears in byTime");

        assertEquals(Optional.empty(), LedgerItemCodec.verdictItemStatus(verdictItem));
        verdictItem.put(LedgerItemCodec.STATUS, LedgerItemCodec.verdictItemStatusValue(LedgerItemCodec.VerdictItemStatus.DONE));
        assertEquals(Optional.of(LedgerItemCodec.VerdictItemStatus.DONE), LedgerItemCodec.verdictItemStatus(verdictItem));
    }

    @Test
    void reasonsAreCutToTheLedgersLimitAndAbsentValuesAreLeftOut() {
        assertEquals(LedgerItemCodec.MAX_REASON_LENGTH, LedgerItemCodec.reasonValue("x".repeat(5000)).s().length());
        assertTrue(LedgerItemCodec.reasonValue("x".repeat(5000)).s().endsWith("…"));
        assertEquals("short", LedgerItemCodec.reasonValue("short").s());
        assertNull(LedgerItemCodec.reasonValue(null));
        assertNull(LedgerItemCodec.textValue(null));
        assertNull(LedgerItemCodec.numberValue(null));
    }
}
