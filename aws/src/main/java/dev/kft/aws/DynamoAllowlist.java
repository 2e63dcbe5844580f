package dev.kft.aws;

import dev.kft.core.Log;
import dev.kft.gate.Allowlist;
import dev.kft.gate.AllowlistEntry;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The allowlist table, read whole (every page of a Scan): it holds the security team's handful of
 * accepted vulnerabilities, far cheaper to read once than to query per finding. An item without a
 * readable expiry date never applies: it is logged and skipped (fail closed).
 */
public final class DynamoAllowlist implements Allowlist {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAllowlist(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<AllowlistEntry> entries() {
        List<AllowlistEntry> entries = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(r -> r.tableName(table)).items()) {
            String cve = text(item, AllowlistTable.CVE_ID);
            String scope = text(item, AllowlistTable.SCOPE);
            try {
                entries.add(new AllowlistEntry(cve, scope == null || AllowlistTable.ALL_REPOSITORIES.equals(scope) ? null : scope,
                        LocalDate.parse(String.valueOf(text(item, AllowlistTable.EXPIRES_ON))), text(item, AllowlistTable.REASON)));
            } catch (DateTimeParseException unreadable) {
                Log.warn("allowlist entry ignored: expiresOn is not a yyyy-MM-dd date", "cveId", cve, "scope", scope,
                        "expiresOn", text(item, AllowlistTable.EXPIRES_ON));
            }
        }
        return entries;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
