package dev.kft.gate;

import dev.kft.core.JsonFields;
import dev.kft.core.ScanVerdict;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gate concluded about one scanned image, with the evidence a notification shows. It is
 * recorded before the gate acts, so a retried invocation acts on the same verdict (and a deleted
 * image's findings stay on record).
 *
 * @param outcome          clean, dirty, or not scanned
 * @param reason           one sentence on why
 * @param threshold        severity at or above which findings count
 * @param severityCounts   findings per severity as the scanner counted them
 * @param blockingFindings findings at or above the threshold that no allowlist entry covers
 * @param listedFindings   how many findings the findings list had (0 when it was not read)
 * @param worstFindings    the worst findings not allow-listed, worst first, at most the configured number
 * @param allowListed      allowlist entries that covered at least one finding
 */
public record Verdict(ScanVerdict outcome, String reason, Severity threshold, Map<String, Long> severityCounts,
                      int blockingFindings, int listedFindings, List<Finding> worstFindings, List<AllowlistEntry> allowListed) {

    /** The three verdicts: only CLEAN images may be deployed (UNSCANNED ones too when the gate fails open). */

    public Verdict {
        severityCounts = Map.copyOf(severityCounts);
        worstFindings = List.copyOf(worstFindings);
        allowListed = List.copyOf(allowListed);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("outcome", outcome.name());
        map.put("reason", reason);
        map.put("threshold", threshold.name());
        map.put("severityCounts", SeverityCounts.ordered(severityCounts));
        map.put("blockingFindings", blockingFindings);
        map.put("listedFindings", listedFindings);
        map.put("worstFindings", worstFindings.stream().map(Finding::toMap).toList());
        map.put("allowListed", allowListed.stream().map(Verdict::entryMap).toList());
        return map;
    }

    public static Verdict fromMap(Map<String, Object> map) {
        Map<String, Long> counts = new LinkedHashMap<>();
        JsonFields.object(map, "severityCounts").forEach((k, v) -> counts.put(k, ((Number) v).longValue()));
        return new Verdict(
                ScanVerdict.valueOf(JsonFields.requireText(map, "outcome")),
                JsonFields.text(map, "reason"),
                Severity.valueOf(JsonFields.requireText(map, "threshold")),
                counts,
                (int) JsonFields.requireCount(map, "blockingFindings"),
                (int) JsonFields.requireCount(map, "listedFindings"),
                JsonFields.objects(map, "worstFindings").stream().map(Finding::fromMap).toList(),
                JsonFields.objects(map, "allowListed").stream().map(e -> new AllowlistEntry(
                        JsonFields.text(e, "cveId"), JsonFields.text(e, "repository"),
                        LocalDate.parse(JsonFields.text(e, "expiresOn")), JsonFields.text(e, "reason"))).toList());
    }

    private static Map<String, Object> entryMap(AllowlistEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cveId", entry.cveId());
        map.put("repository", entry.repository());
        map.put("expiresOn", entry.expiresOn().toString());
        map.put("reason", entry.reason());
        map.values().removeIf(v -> v == null);
        return map;
    }
}
