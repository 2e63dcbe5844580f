package dev.kft.gate;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Severity counts in reading order: ranked severities worst first, then unranked ones by name. */
final class SeverityCounts {
    private static final Comparator<String> READING_ORDER = Comparator
            .comparing((String name) -> Severity.parse(name).map(Enum::ordinal).orElse(-1)).reversed()
            .thenComparing(Comparator.naturalOrder());

    private SeverityCounts() {}

    static Map<String, Long> ordered(Map<String, Long> counts) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        counts.keySet().stream().sorted(READING_ORDER).forEach(k -> ordered.put(k, counts.get(k)));
        return ordered;
    }
}
