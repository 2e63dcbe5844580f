package dev.kft.gate;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The "Scan Gate Verdict" event's detail, and the plain-text mail in it ({@code detail.text}) that
 * the template's rule sends to the security team as is. Plain text with short labelled lines reads
 * the same in every mail client.
 *
 * <p>The text never contains double quotes, backslashes or control characters other than line
 * breaks: EventBridge's input transformer copies the value unescaped into its {@code "<text>"} template.
 */
public final class VerdictNotification {
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}&&[^\n]]");
    private static final String NL = "\n";

    private VerdictNotification() {}

    /** The event detail: structured fields for programs, {@code text} for people. */
    public static Map<String, Object> detail(ScanEvent scan, Collection<String> imageTags, Verdict verdict,
                                             ActionReport report, Optional<BuildInfo> build) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("verdict", verdict.outcome().name());
        detail.put("action", report.action().name());
        detail.put("imageRepository", scan.imageRepository());
        detail.put("imageDigest", scan.imageDigest());
        detail.put("imageTags", imageTags.stream().sorted().toList());
        detail.put("scanner", scan.scanner().name());
        detail.put("scanStatus", scan.scanStatus());
        detail.put("scanEventId", scan.eventId());
        detail.putAll(verdict.toMap());
        detail.remove("outcome");
        build.ifPresent(b -> detail.put("build", buildMap(b)));
        detail.put("actionReport", report.toMap());
        detail.put("consoleUrl", consoleUrl(scan));
        detail.put("text", text(scan, imageTags, verdict, report, build));
        return detail;
    }

    /** The mail. */
    public static String text(ScanEvent scan, Collection<String> imageTags, Verdict verdict, ActionReport report,
                              Optional<BuildInfo> build) {
        StringBuilder out = new StringBuilder();
        out.append("Scan gate: ").append(verdict.outcome()).append(" image in ").append(scan.imageRepository())
                .append(", action ").append(report.action()).append(NL).append(NL);
        line(out, "", "Verdict", verdict.outcome() + ": " + verdict.reason() + ".");
        line(out, "", "Action", report.summary());
        out.append(NL).append("Image").append(NL);
        line(out, "  ", "Repository", scan.imageRepository());
        line(out, "  ", "Tags (scan)", imageTags.isEmpty() ? "(none)" : String.join(", ", imageTags.stream().sorted().toList()));
        line(out, "  ", "Digest", scan.imageDigest());
        line(out, "  ", "Console", consoleUrl(scan));
        out.append(NL);
        if (build.isPresent()) {
            BuildInfo b = build.get();
            out.append("Built from").append(NL);
            line(out, "  ", "Repository", b.repository());
            line(out, "  ", "Ref", b.refFullName());
            line(out, "  ", "Commit", b.commitId());
            if (b.authorName() != null || b.authorEmail() != null) {
                line(out, "  ", "Author", author(b));
            }
            line(out, "  ", "Build id", b.buildId());
        } else {
            out.append("Built from: no build of this stack is recorded for this image (pushed by hand?)").append(NL);
        }
        out.append(NL).append("Findings per severity (threshold ").append(verdict.threshold()).append(")").append(NL);
        if (verdict.severityCounts().isEmpty()) {
            out.append("  none").append(NL);
        }
        SeverityCounts.ordered(verdict.severityCounts()).forEach((severity, count) ->
                out.append(String.format("  %-14s %5d", severity, count)).append(NL));
        if (!verdict.worstFindings().isEmpty()) {
            out.append(NL).append("Worst findings (").append(verdict.worstFindings().size()).append(" shown of ")
                    .append(verdict.listedFindings()).append(" listed by the scanner; allow-listed ones left out)").append(NL);
            int n = 1;
            for (Finding f : verdict.worstFindings()) {
                out.append(String.format("%3d. %s  %s", n++, orUnknown(f.cveId()), orUnknown(f.severity())));
                if (f.score() != null) {
                    out.append("  score ").append(f.score());
                }
                out.append(NL).append("     ").append(orUnknown(f.packageName())).append(' ').append(orUnknown(f.installedVersion()))
                        .append(", fixed in ").append(f.fixedInVersion() == null ? "(no fix known)" : f.fixedInVersion()).append(NL);
                if (f.link() != null) {
                    out.append("     ").append(f.link()).append(NL);
                }
            }
        }
        if (!verdict.allowListed().isEmpty()) {
            out.append(NL).append("Allow-listed by the security team (not counted)").append(NL);
            for (AllowlistEntry e : verdict.allowListed()) {
                out.append("  ").append(e.cveId()).append("  ").append(e.repository() == null ? "all repositories" : e.repository())
                        .append(", until ").append(e.expiresOn()).append(": ").append(orUnknown(e.reason())).append(NL);
            }
        }
        out.append(NL).append("Scan: ").append(scan.scanner().label()).append(", ").append(scan.scanStatus())
                .append(", event ").append(scan.eventId()).append(" at ").append(scan.time() == null ? "an unknown time" : scan.time()).append(NL);
        return safe(out.toString());
    }

    /** The image's page in the ECR console. */
    public static String consoleUrl(ScanEvent scan) {
        return "https://" + scan.region() + ".console.aws.amazon.com/ecr/repositories/private/" + scan.account() + "/"
                + scan.imageRepository() + "/_/image/" + scan.imageDigest() + "/details?region=" + scan.region();
    }

    private static Map<String, Object> buildMap(BuildInfo b) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("buildId", b.buildId());
        map.put("repository", b.repository());
        map.put("ref", b.refFullName());
        map.put("commitId", b.commitId());
        map.put("commitTag", b.commitTag());
        map.put("deployTags", b.deployTags());
        map.put("authorName", b.authorName());
        map.put("authorEmail", b.authorEmail());
        map.values().removeIf(v -> v == null);
        return map;
    }

    private static String author(BuildInfo b) {
        if (b.authorName() == null) {
            return b.authorEmail();
        }
        return b.authorEmail() == null ? b.authorName() : b.authorName() + " <" + b.authorEmail() + ">";
    }

    private static void line(StringBuilder out, String indent, String label, String value) {
        out.append(indent).append(String.format("%-12s", label)).append(' ').append(value).append(NL);
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "(unknown)" : value;
    }

    private static String safe(String text) {
        return UNSAFE.matcher(text.replace('"', '\'').replace('\\', '/')).replaceAll(" ");
    }
}
