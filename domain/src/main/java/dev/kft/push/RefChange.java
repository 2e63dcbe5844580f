package dev.kft.push;

import dev.kft.core.RefType;
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

    /** A short description for log lines: repository, ref and commit. */
    public String describe() {
        return repository + " " + refFullName + " @ " + commitId;
    }
}
