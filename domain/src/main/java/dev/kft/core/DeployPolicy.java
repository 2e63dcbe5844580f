package dev.kft.core;

import java.util.Optional;
import java.util.function.Function;

/**
 * The one rule for which images may carry deploy tags ({@code branch-*}, {@code latest}, git tags),
 * shared by the push slice (a second ref for an already built commit), the result slice (what the
 * commit comment promises) and the scan gate (promote or block). The allowlist has already had its
 * say in the verdict: an image whose findings are all allow-listed is CLEAN.
 *
 * @param promoteOnCleanScan builds push only their commit tag and deploy tags wait for the gate's verdict
 * @param scanFailClosed     an image the scanner could not scan is treated as dirty (else as clean)
 */
public record DeployPolicy(boolean promoteOnCleanScan, boolean scanFailClosed) {

    /** From {@code PROMOTE_ON_CLEAN_SCAN} and {@code SCAN_FAIL_CLOSED} (both default {@code true}). */
    public static DeployPolicy fromEnvironment(Function<String, String> env) {
        return new DeployPolicy(EnvironmentValues.flag(env, "PROMOTE_ON_CLEAN_SCAN", true),
                EnvironmentValues.flag(env, "SCAN_FAIL_CLOSED", true));
    }

    /**
     * Whether an image may carry deploy tags now, given the gate's verdict so far (empty: not judged
     * yet). With promotion off, builds push their deploy tags themselves, so only a blocking verdict
     * takes them away; with promotion on, only a verdict that lets the image through gives them.
     */
    public boolean mayCarryDeployTags(Optional<ScanVerdict> verdict) {
        if (verdict.isEmpty()) {
            return !promoteOnCleanScan;
        }
        return !blocks(verdict.get());
    }

    /** Whether the gate keeps this verdict's image from deploying (flag or delete it). */
    public boolean blocks(ScanVerdict verdict) {
        return switch (verdict) {
            case CLEAN -> false;
            case DIRTY -> true;
            case UNSCANNED -> scanFailClosed;
        };
    }

    /**
     * Tags that move from image to image as a branch advances ({@code latest}, {@code branch-*}); every
     * other tag (the commit tag, git tags) is immutable. Only moving tags can go backwards.
     */
    public static boolean isMovingTag(String tag) {
        return tag.equals("latest") || tag.startsWith("branch-");
    }
}
