package dev.kft.gate;

import dev.kft.core.ScanVerdict;
import java.util.Locale;
import java.util.function.Function;

/**
 * What the platform team configured for the gate (template parameters, passed as environment variables).
 *
 * @param imageRepositoryPrefix the gate acts only on ECR repositories named {@code <prefix>/...}
 * @param threshold             findings of this severity or worse make an image dirty
 * @param dirtyAction           what happens to a dirty image
 * @param failClosed            an image the scanner could not scan is treated as dirty (else as clean)
 * @param promoteOnCleanScan    builds push only the commit tag; a clean image gets its deploy tags here
 * @param findingsShown         how many of the worst findings a notification lists
 */
public record GateSettings(String imageRepositoryPrefix, Severity threshold, DirtyAction dirtyAction, boolean failClosed,
                           boolean promoteOnCleanScan, int findingsShown) {

    /** What happens to a dirty image. */
    public enum DirtyAction {
        /** The image keeps only its commit tag: nothing deploys it by a deploy tag. */
        FLAG,
        /** The image is deleted (its findings are recorded first). */
        DELETE
    }

    public static final int DEFAULT_FINDINGS_SHOWN = 10;

    public static GateSettings fromEnvironment(Function<String, String> env) {
        return new GateSettings(
                orDefault(env.apply("IMAGE_REPOSITORY_PREFIX"), "kft"),
                Severity.parse(orDefault(env.apply("SCAN_SEVERITY_THRESHOLD"), "HIGH"))
                        .orElseThrow(() -> new IllegalStateException("SCAN_SEVERITY_THRESHOLD must be one of "
                                + java.util.Arrays.toString(Severity.values()))),
                DirtyAction.valueOf(orDefault(env.apply("DIRTY_IMAGE_ACTION"), "FLAG").trim().toUpperCase(Locale.ROOT)),
                Boolean.parseBoolean(orDefault(env.apply("SCAN_FAIL_CLOSED"), "true")),
                Boolean.parseBoolean(orDefault(env.apply("PROMOTE_ON_CLEAN_SCAN"), "true")),
                DEFAULT_FINDINGS_SHOWN);
    }

    /** Only the stack's own image repositories are gated; the kaniko cache ({@code <prefix>-kaniko-cache}) never is. */
    public boolean gates(String imageRepository) {
        return imageRepository != null && imageRepository.startsWith(imageRepositoryPrefix + "/");
    }

    public GateAction actionFor(ScanVerdict outcome) {
        boolean blocked = outcome == ScanVerdict.DIRTY || (outcome == ScanVerdict.UNSCANNED && failClosed);
        if (blocked) {
            return dirtyAction == DirtyAction.DELETE ? GateAction.DELETE : GateAction.FLAG;
        }
        return promoteOnCleanScan ? GateAction.PROMOTE : GateAction.RECORD;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
