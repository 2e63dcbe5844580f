package dev.kft.core;

/** What the scan gate concluded about an image: the one vocabulary the gate, the ledger and the deploy policy share. */
public enum ScanVerdict {
    /** Nothing at or above the threshold that the allowlist does not cover. */
    CLEAN,
    /** At least one blocking finding. */
    DIRTY,
    /** The scanner could not scan the image. */
    UNSCANNED;

    /** The verdict a ledger recorded; empty when there is none yet. Any other text is not a verdict this code wrote. */
    public static java.util.Optional<ScanVerdict> parse(String recorded) {
        if (recorded == null || recorded.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(valueOf(recorded.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unknown scan verdict in the ledger: " + recorded, e);
        }
    }
}
