package dev.kft.gate;

import static dev.kft.core.JsonFields.requireObject;
import static dev.kft.core.JsonFields.requireText;
import static dev.kft.core.JsonFields.text;
import static dev.kft.core.JsonFields.texts;

import dev.kft.core.JsonFields;
import dev.kft.core.MalformedEventException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads "ECR Image Scan" and "Inspector2 Scan" events into a {@link ScanEvent}; anything else, or a
 * field the gate needs that cannot be read, is malformed (the reason names the field). Two things are
 * kept rather than refused, so the image is still gated: unreadable finding counts (the verdict is
 * never clean) and an unreadable time (the scan cannot replace a recorded verdict by being newer).
 */
public final class ScanEventParser {
    static final Set<String> SCANNED = Set.of("COMPLETE", "INITIAL_SCAN_COMPLETE");
    static final Set<String> UNSCANNED = Set.of("FAILED", "UNSUPPORTED_IMAGE");
    /** Inspector adds a total to its counts; it is not a severity. */
    private static final String TOTAL = "TOTAL";
    private static final String ARN_REPOSITORY_MARKER = ":repository/";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** ECR's own grammar for repository names and tags. */
    private static final Pattern ECR_REPOSITORY = Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern ECR_TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}");

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
        String eventId = requireText(event, "id");
        requireObject(event, "detail");
        String status = requireText(event, "detail", "scan-status");
        if (!SCANNED.contains(status) && !UNSCANNED.contains(status)) {
            throw MalformedEventException.field("detail.scan-status", "is not a scan result: " + JsonFields.shown(status));
        }
        String repository = repositoryName(requireText(event, "detail", "repository-name"));
        String digest = requireText(event, "detail", "image-digest");
        if (!DIGEST.matcher(digest).matches()) {
            throw MalformedEventException.field("detail.image-digest", "is not an image digest (sha256: and 64 hex digits): " + JsonFields.shown(digest));
        }
        List<String> tags = texts(event, "detail", "image-tags");
        for (int i = 0; i < tags.size(); i++) {
            if (!ECR_TAG.matcher(tags.get(i)).matches()) {
                throw MalformedEventException.field("detail.image-tags[" + i + "]", "is not an ECR image tag: " + JsonFields.shown(tags.get(i)));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        String countsProblem = null;
        try {
            counts = counts(event);
        } catch (MalformedEventException unreadable) {
            // Not a reason to ignore the scan: the verdict says the counts could not be read (never clean).
            countsProblem = unreadable.getMessage();
        }
        return new ScanEvent(eventId, time(event), text(event, "region"), text(event, "account"), scanner, status,
                repository, digest, tags, counts, countsProblem);
    }

    /**
     * The event's time, or null when it is missing or unreadable: the scan is still judged (an image is
     * never left ungated for a broken timestamp), but it cannot prove it is newer than a recorded verdict.
     */
    private static Instant time(Map<String, Object> event) {
        try {
            return JsonFields.time(event, "time");
        } catch (MalformedEventException unreadable) {
            return null;
        }
    }

    /** Inspector names the repository by ARN ({@code arn:aws:ecr:<region>:<account>:repository/<name>}); ECR by name. */
    static String repositoryName(String nameOrArn) {
        int marker = nameOrArn.indexOf(ARN_REPOSITORY_MARKER);
        String name = nameOrArn.startsWith("arn:") && marker > 0 ? nameOrArn.substring(marker + ARN_REPOSITORY_MARKER.length()) : nameOrArn;
        if (name.length() < 2 || name.length() > 256 || !ECR_REPOSITORY.matcher(name).matches()) {
            throw MalformedEventException.field("detail.repository-name", "is not an ECR repository name or ARN: " + JsonFields.shown(nameOrArn));
        }
        return name;
    }

    /** Severity → count; every count must be a non-negative integer, or none of them is believed. */
    private static Map<String, Long> counts(Map<String, Object> event) {
        if (JsonFields.at(event, "detail", "finding-severity-counts") == null) {
            throw MalformedEventException.field("detail.finding-severity-counts", "is missing");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Object> reported : requireObject(event, "detail", "finding-severity-counts").entrySet()) {
            long count = JsonFields.countValue(reported.getValue(), "detail.finding-severity-counts." + reported.getKey());
            if (!TOTAL.equals(reported.getKey()) && count > 0) {
                counts.put(reported.getKey(), count);
            }
        }
        return counts;
    }
}
