package dev.kft.result;

/**
 * Where a build stands in the ledger. A build moves QUEUED → PROVISIONING → PENDING → RUNNING →
 * one final status, never backwards; a Spot relaunch starts the next attempt at QUEUED.
 * FAILED_TO_LAUNCH is PushFunction's: RunTask never placed the task. SKIPPED, FAILED_CONFIG and
 * FAILED_POLICY are also PushFunction's, decided before any task: the commit asked to skip CI, its
 * {@code .kft.yaml} is wrong, or the Dockerfile policy refused it. CONFIGURED marks the record of a
 * push whose {@code .kft.yaml} split it into one build per image.
 */
public enum BuildStatus {
    QUEUED, PROVISIONING, PENDING, RUNNING, SUCCEEDED, FAILED, FAILED_TO_START, CANCELLED, FAILED_TO_LAUNCH,
    SKIPPED, FAILED_CONFIG, FAILED_POLICY, CONFIGURED;

    /** A final status of a task: the build is over, its result event and commit comment are due. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == FAILED_TO_START || this == CANCELLED;
    }

    /** Decided by PushFunction before any task ran: no task state event will ever move it. */
    public boolean isDecidedAtPush() {
        return this == SKIPPED || this == FAILED_CONFIG || this == FAILED_POLICY || this == CONFIGURED;
    }

    /**
     * The status an ECS task's {@code lastStatus} means while the task is not yet stopped, or null for
     * the stopping states (DEACTIVATING, STOPPING, DEPROVISIONING): the outcome comes with STOPPED.
     */
    static BuildStatus ofRunningTask(String lastStatus) {
        return switch (lastStatus == null ? "" : lastStatus) {
            case "PROVISIONING" -> PROVISIONING;
            case "PENDING", "ACTIVATING" -> PENDING;
            case "RUNNING" -> RUNNING;
            default -> null;
        };
    }
}
