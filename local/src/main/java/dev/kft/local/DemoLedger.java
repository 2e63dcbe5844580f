package dev.kft.local;

import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.ScanVerdict;
import dev.kft.gate.GateAction;
import dev.kft.result.BuildStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The build ledger as the demo reads it: one build's item, and every build as a table. */
final class DemoLedger {
    private static final String ROW = "  %-32s  %-15s  %-12s  %-9s  %-22s  %s";

    private final DynamoDbClient dynamo;
    private final String table;

    DemoLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** One ledger item: typed values through {@link LedgerItemCodec}; absent text attributes read as empty text. */
    record Item(Map<String, AttributeValue> attributes) {
        String text(String attribute) {
            String value = LedgerItemCodec.text(attributes, attribute);
            return value == null ? "" : value;
        }

        String number(String attribute) {
            Long value = LedgerItemCodec.number(attributes, attribute);
            return value == null ? "" : value.toString();
        }

        /** The deploy tags, sorted. */
        List<String> tags() {
            return LedgerItemCodec.tags(attributes);
        }

        boolean has(String attribute) {
            return attributes.containsKey(attribute);
        }

        BuildStatus status() {
            return LedgerItemCodec.status(attributes);
        }

        Optional<ScanVerdict> scanVerdict() {
            return LedgerItemCodec.scanVerdict(attributes);
        }

        Optional<GateAction> scanAction() {
            return LedgerItemCodec.scanAction(attributes);
        }
    }

    /** The build's item as it is now (a consistent read). */
    Item build(BuildId id) {
        return new Item(dynamo.getItem(r -> r.tableName(table).key(LedgerItemCodec.key(id)).consistentRead(true)).item());
    }

    /** Every build item, oldest first; the gate's verdict items (one per image) are not builds. */
    List<Item> builds() {
        List<Item> builds = new ArrayList<>(dynamo.scan(r -> r.tableName(table)).items().stream().map(Item::new).toList());
        builds.removeIf(item -> LedgerItemCodec.isVerdictItem(item.attributes()));
        builds.sort(Comparator.comparing(item -> item.text(LedgerItemCodec.QUEUED_AT)));
        return builds;
    }

    /** The builds as table rows: id, ref, commit tag, status, image digest, scan verdict and action. */
    static List<String> rows(List<Item> builds) {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(ROW, "buildId", "ref", "commit tag", "status", "image digest", "scan"));
        for (Item item : builds) {
            String scan = item.scanVerdict().map(verdict -> verdict + " / " + item.scanAction().map(GateAction::name).orElse(""))
                    .orElse("");
            rows.add(String.format(ROW, item.text(LedgerItemCodec.BUILD_ID), item.text(LedgerItemCodec.REF_FULL_NAME),
                    item.text(LedgerItemCodec.COMMIT_TAG), item.status().name(), shortDigest(item.text(LedgerItemCodec.IMAGE_DIGEST)), scan));
        }
        return rows;
    }

    /** {@code sha256:} and the first 12 hex digits: enough to tell the demo's images apart. */
    static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) + "..." : digest;
    }
}
