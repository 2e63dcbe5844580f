package dev.kft.gate;

import dev.kft.core.ScanVerdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides clean, dirty or unscanned. Pure: the findings list and the allowlist are read through
 * suppliers, only when the event's counts make them matter.
 *
 * <ol>
 *   <li>A scan that failed (or an unsupported image) is UNSCANNED.</li>
 *   <li>A scan whose severity counts cannot be read as non-negative integers is DIRTY with that reason,
 *       whatever ScanFailClosed says: nothing the gate cannot read ever promotes an image.</li>
 *   <li>The event's severity counts come first (an absent severity is zero). With no ranked severity
 *       at or above the threshold and no unranked one, the image is CLEAN without another call.</li>
 *   <li>Otherwise every page of findings is read. A finding counts when its rank is at or above the
 *       threshold: its reported severity, or for an unranked severity (UNDEFINED, UNTRIAGED, a name
 *       this code does not know) the CVSS band of its score. An unranked finding without a score never
 *       counts: it is shown, not blocking.</li>
 *   <li>Allow-listed findings are subtracted. The allowlist can only clear findings it can see: when the
 *       counts announce more findings of a severity at or above the threshold than the list holds, the
 *       difference counts as blocking (fail closed).</li>
 * </ol>
 */
public final class VerdictPolicy {
    private final GateSettings settings;

    public VerdictPolicy(GateSettings settings) {
        this.settings = settings;
    }

    public Verdict evaluate(ScanEvent scan, Supplier<List<Finding>> findings, Supplier<List<AllowlistEntry>> allowlist, LocalDate today) {
        Severity threshold = settings.threshold();
        Map<String, Long> counts = scan.severityCounts();
        if (!scan.scanned()) {
            return new Verdict(ScanVerdict.UNSCANNED, scan.scanner().label() + " reported " + scan.scanStatus()
                    + ": the image has no scan results", threshold, counts, 0, 0, List.of(), List.of());
        }
        if (scan.countsProblem() != null) {
            // DIRTY, not UNSCANNED: ScanFailClosed=false lets UNSCANNED through, and only readable counts may clear an image.
            return new Verdict(ScanVerdict.DIRTY, "the scan's finding counts cannot be read, so the image is not cleared: "
                    + scan.countsProblem(), threshold, counts, 0, 0, List.of(), List.of());
        }
        boolean worthReading = counts.keySet().stream()
                .anyMatch(name -> Severity.parse(name).map(s -> s.atLeast(threshold)).orElse(true));
        if (!worthReading) {
            return new Verdict(ScanVerdict.CLEAN, "no finding at or above " + threshold, threshold, counts,
                    0, 0, List.of(), List.of());
        }
        List<Finding> listed = findings.get();
        List<AllowlistEntry> entries = allowlist.get();
        List<Finding> considered = new ArrayList<>();
        Set<AllowlistEntry> applied = new LinkedHashSet<>();
        for (Finding finding : listed) {
            Optional<AllowlistEntry> entry = entries.stream().filter(e -> e.appliesTo(finding, scan.imageRepository(), today)).findFirst();
            entry.ifPresentOrElse(applied::add, () -> considered.add(finding));
        }
        int blockingListed = (int) considered.stream().filter(f -> f.rank().map(r -> r.atLeast(threshold)).orElse(false)).count();
        long unlisted = unlistedAtOrAbove(threshold, counts, listed);
        int blocking = (int) (blockingListed + unlisted);
        List<Finding> worst = considered.stream().sorted(Finding.WORST_FIRST).limit(settings.findingsShown()).toList();
        String reason;
        if (blocking > 0) {
            reason = blocking + (blocking == 1 ? " finding" : " findings") + " at or above " + threshold + " not allow-listed"
                    + (unlisted > 0 ? " (" + unlisted + " counted by the scanner but missing from its findings list)" : "");
        } else if (!applied.isEmpty()) {
            reason = "no finding at or above " + threshold + " once " + applied.size()
                    + (applied.size() == 1 ? " allowlist entry is" : " allowlist entries are") + " applied";
        } else {
            reason = "no finding at or above " + threshold;
        }
        return new Verdict(blocking > 0 ? ScanVerdict.DIRTY : ScanVerdict.CLEAN, reason, threshold, counts,
                blocking, listed.size(), worst, List.copyOf(applied));
    }

    /** Findings the scanner counted at a ranked severity at or above the threshold, beyond those it listed. */
    private static long unlistedAtOrAbove(Severity threshold, Map<String, Long> counts, List<Finding> listed) {
        long unlisted = 0;
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            if (Severity.parse(count.getKey()).map(s -> s.atLeast(threshold)).orElse(false)) {
                long seen = listed.stream().filter(f -> count.getKey().equalsIgnoreCase(f.severity())).count();
                unlisted += Math.max(0, count.getValue() - seen);
            }
        }
        return unlisted;
    }
}
