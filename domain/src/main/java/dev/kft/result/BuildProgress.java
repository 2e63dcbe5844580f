package dev.kft.result;

import dev.kft.core.BuildId;

/**
 * What a task state change means for a build, decided from the ledger item and the event alone
 * (pure). The ledger write that follows repeats the staleness checks as a DynamoDB condition, so
 * a concurrent duplicate cannot slip between this decision and the write.
 */
public final class BuildProgress {
    /** A build runs at most this many attempts: the first, and one on-demand relaunch after a Spot interruption. */
    public static final int MAX_ATTEMPTS = 2;

    private BuildProgress() {}

    /** The decision for one event. */
    public sealed interface Step permits NoChange, Advance, Finish, Relaunch {}

    /** Nothing to record: a duplicate, an out-of-order or superseded event, or a state that changes nothing. */
    public record NoChange(String reason) implements Step {}

    /** The build moved on (PROVISIONING, PENDING, RUNNING). */
    public record Advance(BuildStatus status) implements Step {}

    /** The build is over. */
    public record Finish(BuildStatus status, Integer exitCode, String failureReason) implements Step {}

    /**
     * Spot took the capacity back: run the build again as {@code nextAttempt} on on-demand Fargate.
     * {@code resume}: the relaunch is already recorded but its task is not, so an earlier invocation
     * stopped half-way and this one launches it (RunTask's clientToken makes that safe to repeat).
     */
    public record Relaunch(int nextAttempt, boolean resume) implements Step {}

    public static Step decide(BuildRecord record, TaskStateChange change) {
        BuildId.Attempt attempt = change.build().orElseThrow(() -> new IllegalArgumentException("not a build task"));
        int eventAttempt = attempt.attempt();
        boolean interruptedHere = change.stopped() && change.spotInterrupted() && eventAttempt < MAX_ATTEMPTS;
        if (interruptedHere && record.attempt() == eventAttempt + 1 && record.taskArn() == null && !record.status().isFinal()) {
            return new Relaunch(eventAttempt + 1, true);
        }
        if (eventAttempt != record.attempt()) {
            return new NoChange("event of attempt " + eventAttempt + ", the build is at attempt " + record.attempt());
        }
        if (record.status().isFinal()) {
            return new NoChange("the build is already " + record.status());
        }
        if (record.taskVersion() != null && change.version() <= record.taskVersion()) {
            return new NoChange("task version " + change.version() + " is not newer than the recorded " + record.taskVersion());
        }
        if (!change.stopped()) {
            BuildStatus status = BuildStatus.ofRunningTask(change.lastStatus());
            return status == null ? new NoChange("task is " + change.lastStatus() + "; the outcome comes with STOPPED")
                    : new Advance(status);
        }
        if (interruptedHere) {
            return new Relaunch(eventAttempt + 1, false);
        }
        return outcome(change);
    }

    /** The final status of a stopped task, judged by stop code first, then by kaniko's exit code. */
    static Finish outcome(TaskStateChange change) {
        String stopCode = change.stopCode();
        Integer exitCode = change.exitCode();
        String containerReason = change.kaniko() == null ? null : change.kaniko().reason();
        if (change.spotInterrupted()) {
            // Only after the relaunch was interrupted too: infrastructure, still not the code's fault.
            return new Finish(BuildStatus.FAILED, exitCode, "Spot capacity was reclaimed on the last attempt: "
                    + orElse(change.stoppedReason(), stopCode));
        }
        if (TaskStateChange.USER_INITIATED.equals(stopCode)) {
            return new Finish(BuildStatus.CANCELLED, exitCode, orElse(change.stoppedReason(), "stopped by a user"));
        }
        if (TaskStateChange.TASK_FAILED_TO_START.equals(stopCode)) {
            return new Finish(BuildStatus.FAILED_TO_START, null, orElse(containerReason, orElse(change.stoppedReason(), stopCode)));
        }
        if (exitCode != null && exitCode == 0) {
            return new Finish(BuildStatus.SUCCEEDED, 0, null);
        }
        if (exitCode != null) {
            return new Finish(BuildStatus.FAILED, exitCode, "kaniko exited with code " + exitCode
                    + (containerReason == null ? "" : ": " + containerReason));
        }
        String reason = orElse(containerReason, orElse(change.stoppedReason(), "task stopped (" + stopCode + ")"));
        // No exit code: kaniko never ran if the task never started.
        return new Finish(change.startedAt() == null ? BuildStatus.FAILED_TO_START : BuildStatus.FAILED, null, reason);
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
