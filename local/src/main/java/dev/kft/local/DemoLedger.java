package dev.kft.local;

import dev.kft.aws.LedgerTable;
import dev.kft.core.BuildId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    /** One ledger item; absent attributes read as empty text. */
    record Item(Map<String, AttributeValue> attributes) {
        String text(String attribute) {
            AttributeValue value = attributes.get(attribute);
            return value == null || value.s() == null ? "" : value.s();
        }

        String number(String attribute) {
            AttributeValue value = attributes.get(attribute);
            return value == null || value.n() == null ? "" : value.n();
        }

        /** A string set, sorted. */
        List<String> texts(String attribute) {
            AttributeValue value = attributes.get(attribute);
            return value == null ? List.of() : value.ss().stream().sorted().toList();
        }

        boolean has(String attribute) {
            return attributes.containsKey(attribute);
        }
    }

    /** The build's item as it is now (a consistent read). */
    Item build(BuildId id) {
        return new Item(dynamo.getItem(r -> r.tableName(table).key(LedgerTable.key(id)).consistentRead(true)).item());
    }

    /** Every build item, oldest first; the gate's verdict items (one per image) are not builds. */
    List<Item> builds() {
        List<Item> builds = new ArrayList<>(dynamo.scan(r -> r.tableName(table)).items().stream().map(Item::new).toList());
        builds.removeIf(item -> item.text(LedgerTable.BUILD_ID).startsWith(LedgerTable.VERDICT_KEY_PREFIX));
        builds.sort(Comparator.comparing(item -> item.text(LedgerTable.QUEUED_AT)));
        return builds;
    }

    /** The builds as table rows: id, ref, commit tag, status, image digest, scan verdict and action. */
    static List<String> rows(List<Item> builds) {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(ROW, "buildId", "ref", "commit tag", "status", "image digest", "scan"));
        for (Item item : builds) {
            String scan = item.has(LedgerTable.SCAN_VERDICT)
                    ? item.text(LedgerTable.SCAN_VERDICT) + " / " + item.text(LedgerTable.SCAN_ACTION) : "";
            rows.add(String.format(ROW, item.text(LedgerTable.BUILD_ID), item.text(LedgerTable.REF_FULL_NAME),
                    item.text(LedgerTable.COMMIT_TAG), item.text(LedgerTable.STATUS), shortDigest(item.text(LedgerTable.IMAGE_DIGEST)), scan));
        }
        return rows;
    }

    /** {@code sha256:} and the first 12 hex digits: enough to tell the demo's images apart. */
    static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) + "..." : digest;
    }
}
