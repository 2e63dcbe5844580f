package dev.kft.gate;

import static dev.kft.core.JsonFields.list;
import static dev.kft.core.JsonFields.object;
import static dev.kft.core.JsonFields.requireText;
import static dev.kft.core.JsonFields.text;

import dev.kft.core.MalformedEventException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads "ECR Image Scan" and "Inspector2 Scan" events into a {@link ScanEvent}; anything else is malformed. */
public final class ScanEventParser {
    static final Set<String> SCANNED = Set.of("COMPLETE", "INITIAL_SCAN_COMPLETE");
    static final Set<String> UNSCANNED = Set.of("FAILED", "UNSUPPORTED_IMAGE");
    /** Inspector adds a total to its counts; it is not a severity. */
    private static final String TOTAL = "TOTAL";
    private static final String ARN_REPOSITORY_MARKER = ":repository/";

    private ScanEventParser() {}

    public static ScanEvent parse(Map<String, Object> event) {
        String source = text(event, "source");
        String detailType = text(event, "detail-type");
        ScanEvent.Scanner scanner;
        if ("aws.ecr".equals(source) && "ECR Image Scan".equals(detailType)) {
            scanner = ScanEvent.Scanner.BASIC;
        } else if ("aws.inspector2".equals(source) && "Inspector2 Scan".equals(detailType)) {
            scanner = ScanEvent.Scanner.ENHANCED;
        } else {
            throw new MalformedEventException("not a scan result: source=" + source + ", detail-type=" + detailType);
        }
        Map<String, Object> detail = object(event, "detail");
        String status = requireText(detail, "scan-status");
        if (!SCANNED.contains(status) && !UNSCANNED.contains(status)) {
            throw new MalformedEventException("scan status " + status + " is not a scan result");
        }
        return new ScanEvent(
                text(event, "id"),
                text(event, "time"),
                text(event, "region"),
                text(event, "account"),
                scanner,
                status,
                repositoryName(requireText(detail, "repository-name")),
                requireText(detail, "image-digest"),
                list(detail, "image-tags").stream().filter(String.class::isInstance).map(String.class::cast).toList(),
                counts(object(detail, "finding-severity-counts")));
    }

    /** Inspector names the repository by ARN ({@code arn:aws:ecr:<region>:<account>:repository/<name>}); ECR by name. */
    static String repositoryName(String nameOrArn) {
        int marker = nameOrArn.indexOf(ARN_REPOSITORY_MARKER);
        return nameOrArn.startsWith("arn:") && marker > 0 ? nameOrArn.substring(marker + ARN_REPOSITORY_MARKER.length()) : nameOrArn;
    }

    private static Map<String, Long> counts(Map<String, Object> reported) {
        Map<String, Long> counts = new LinkedHashMap<>();
        reported.forEach((severity, value) -> {
            if (!TOTAL.equals(severity) && value instanceof Number n && n.longValue() > 0) {
                counts.put(severity, n.longValue());
            }
        });
        return counts;
    }
}
