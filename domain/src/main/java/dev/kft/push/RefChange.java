package dev.kft.push;

import java.time.Instant;

/** One reference (branch or tag) that a push created, moved or deleted, whatever event shape announced it. */
public record RefChange(
        String eventId,
        Instant eventTime,
        String region,
        String repository,
        Kind kind,
        RefType refType,
        String refName,
        String refFullName,
        String commitId,
        String oldCommitId) {

    /** What happened to the reference. */
    public enum Kind { CREATED, UPDATED, DELETED, UNREFERENCED_MERGE_COMMIT }

    /** Branches live under refs/heads, tags under refs/tags. */
    public enum RefType {
        BRANCH("refs/heads/"), TAG("refs/tags/");

        private final String prefix;

        RefType(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** The type of a full ref name, or null for refs that are neither (notes, pull requests...). */
        public static RefType ofFullName(String fullName) {
            for (RefType type : values()) {
                if (fullName != null && fullName.startsWith(type.prefix)) {
                    return type;
                }
            }
            return null;
        }
    }

    /** A short description for log lines: repository, ref and commit. */
    public String describe() {
        return repository + " " + refFullName + " @ " + commitId;
    }
}
