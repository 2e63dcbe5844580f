package dev.kft.gate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A finished image scan as EventBridge reports it: ECR basic scanning ("ECR Image Scan") or Amazon
 * Inspector enhanced scanning ("Inspector2 Scan").
 *
 * @param eventId         EventBridge event id (the same for every delivery of one event)
 * @param time            event time; null when the event's time is missing or unreadable
 * @param region          AWS region of the registry
 * @param account         AWS account of the registry
 * @param scanner         which scanner reported
 * @param scanStatus      status as reported ({@code COMPLETE}, {@code INITIAL_SCAN_COMPLETE}, {@code FAILED}, ...)
 * @param imageRepository ECR repository name (Inspector reports an ARN; it is reduced to the name)
 * @param imageDigest     the image's digest
 * @param imageTags       tags the scanner saw on the image
 * @param severityCounts  findings per severity as reported; an absent severity means zero
 * @param countsProblem   why the counts could not be read (then {@code severityCounts} is empty and means nothing), or null
 */
public record ScanEvent(String eventId, Instant time, String region, String account, Scanner scanner, String scanStatus,
                        String imageRepository, String imageDigest, List<String> imageTags, Map<String, Long> severityCounts,
                        String countsProblem) {

    /** Who scanned. */
    public enum Scanner {
        BASIC("ECR basic scanning"), ENHANCED("Amazon Inspector enhanced scanning");

        private final String label;

        Scanner(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public ScanEvent {
        imageTags = List.copyOf(imageTags);
        severityCounts = Map.copyOf(severityCounts);
    }

    /** False when the scanner could not scan the image (FAILED, UNSUPPORTED_IMAGE): there are no results to judge. */
    public boolean scanned() {
        return ScanEventParser.SCANNED.contains(scanStatus);
    }

    public long count(String severity) {
        return severityCounts.getOrDefault(severity, 0L);
    }
}
