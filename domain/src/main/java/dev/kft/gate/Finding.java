package dev.kft.gate;

import dev.kft.core.JsonFields;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One vulnerability finding of an image scan, basic or enhanced, reduced to what the security team
 * acts on. Any field but the id may be unknown (null).
 *
 * @param cveId            vulnerability id (usually a CVE)
 * @param severity         severity as the scanner reported it
 * @param packageName      affected package
 * @param installedVersion version in the image
 * @param fixedInVersion   first version with the fix, when the scanner knows one
 * @param score            CVSS or Inspector score
 * @param link             where to read about it
 */
public record Finding(String cveId, String severity, String packageName, String installedVersion,
                      String fixedInVersion, Double score, String link) {

    /** Worst first: by rank, then score; unranked findings last. */
    public static final Comparator<Finding> WORST_FIRST = Comparator
            .comparing((Finding f) -> f.rank().map(Enum::ordinal).orElse(-1)).reversed()
            .thenComparing(f -> f.score() == null ? -1.0 : f.score(), Comparator.reverseOrder())
            .thenComparing(Finding::cveId, Comparator.nullsLast(Comparator.naturalOrder()));

    /** The severity this finding ranks as: the reported one, or for an unranked one the band of its score. */
    public Optional<Severity> rank() {
        Optional<Severity> reported = Severity.parse(severity);
        if (reported.isPresent() || score == null) {
            return reported;
        }
        return Optional.of(Severity.ofScore(score));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cveId", cveId);
        map.put("severity", severity);
        map.put("package", packageName);
        map.put("installedVersion", installedVersion);
        map.put("fixedInVersion", fixedInVersion);
        map.put("score", score);
        map.put("link", link);
        map.values().removeIf(v -> v == null);
        return map;
    }

    public static Finding fromMap(Map<String, Object> map) {
        return new Finding(JsonFields.text(map, "cveId"), JsonFields.text(map, "severity"), JsonFields.text(map, "package"),
                JsonFields.text(map, "installedVersion"), JsonFields.text(map, "fixedInVersion"),
                JsonFields.decimal(map, "score"), JsonFields.text(map, "link"));
    }
}
