package dev.kft.result;

import dev.kft.core.BuildEvents;
import dev.kft.source.CommitInfo;
import dev.kft.source.Commits;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.core.Log;
import dev.kft.core.Metrics.Metric;
import dev.kft.core.Metrics;
import dev.kft.launch.CapacityFallback;
import dev.kft.launch.TaskStopper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ECS task state → build ledger, build events and commit feedback. Each event moves its build's
 * state machine at most one step (conditionally, so duplicates change nothing); a final state is
 * published on the bus and commented on the commit exactly once, guarded by a publication lease
 * taken in the same write as the final state. A Spot interruption relaunches the build once on
 * on-demand Fargate instead of failing it. A task's first event records the task on the build (the
 * push writes nothing after RunTask); a task whose build must not run any more (superseded or
 * cancelled before anyone knew its task) is stopped when its events arrive.
 */
public final class BuildResultRecorder {
    /** A publication lease outlives the invocation that took it, so nobody publishes twice while it works. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /** The {@link Metrics#FUNCTION} dimension of this use case's metrics: the function it runs in. */
    static final String FUNCTION = "TaskStateFunction";

    private final ResultSettings settings;
    private final BuildResults ledger;
    private final ImageDigests images;
    private final Commits commits;
    private final BuildEvents events;
    private final CapacityFallback launcher;
    private final TaskStopper stopper;
    private final Clock clock;
    private final Metrics metrics;

    public BuildResultRecorder(ResultSettings settings, BuildResults ledger, ImageDigests images, Commits commits,
                               BuildEvents events, CapacityFallback launcher, TaskStopper stopper, Clock clock, Metrics metrics) {
        this.settings = settings;
        this.ledger = ledger;
        this.images = images;
        this.commits = commits;
        this.events = events;
        this.launcher = launcher;
        this.stopper = stopper;
        this.clock = clock;
        this.metrics = metrics;
    }

    public ResultSettings settings() {
        return settings;
    }

    /** What one event did. */
    public enum TaskEventResult { IGNORED, NO_CHANGE, ADVANCED, FINISHED, PUBLISHED, RELAUNCHED }

    /** The invocation's answer (also logged). */
    public record TaskEventOutcome(TaskEventResult result, String buildId, Integer attempt, BuildStatus status, String reason) {
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("result", result.name());
            map.put("buildId", buildId);
            map.put("attempt", attempt);
            map.put("status", status == null ? null : status.name());
            map.put("reason", reason);
            map.values().removeIf(v -> v == null);
            return map;
        }
    }

    public TaskEventOutcome handle(TaskStateChange change, Deadline deadline) {
        Optional<BuildId.Attempt> build = change.build();
        if (build.isEmpty() || !settings.taskGroup().equals(change.group())) {
            Log.info("not a build task: ignored", "eventId", change.eventId(), "taskArn", change.taskArn(),
                    "startedBy", change.startedBy(), "group", change.group());
            ignored("NOT_A_BUILD_TASK");
            return new TaskEventOutcome(TaskEventResult.IGNORED, null, null, null, "not a build task");
        }
        BuildId id = build.get().buildId();
        int attempt = build.get().attempt();
        Optional<BuildRecord> found = ledger.find(id);
        if (found.isEmpty()) {
            // PushFunction writes the item before RunTask, so a task without one was not started by this stack's ledger.
            Log.warn("build task without a ledger item: ignored", "buildId", id.value(), "attempt", attempt, "taskArn", change.taskArn());
            ignored("NO_LEDGER_ITEM");
            return new TaskEventOutcome(TaskEventResult.IGNORED, id.value(), attempt, null, "no ledger item for this build");
        }
        BuildRecord record = found.get();
        stopIfUnwanted(record, change);
        if (record.status().isFinal() && !record.resultPublished()) {
            return publishUnfinished(record, deadline);
        }
        return switch (BuildProgress.decide(record, change)) {
            case BuildProgress.NoChange noChange -> noChange(record, change, attempt, noChange.reason());
            case BuildProgress.Advance advance -> advance(record, change, attempt, advance.status());
            case BuildProgress.Finish finish -> finish(record, change, attempt, finish, deadline);
            case BuildProgress.Relaunch relaunch -> relaunch(record, change, relaunch);
        };
    }

    private TaskEventOutcome noChange(BuildRecord record, TaskStateChange change, int attempt, String reason) {
        Log.info("task state changes nothing", "buildId", record.buildId().value(), "repository", record.repository(),
                "commitId", record.commitId(), "attempt", attempt, "taskVersion", change.version(),
                "lastStatus", change.lastStatus(), "reason", reason);
        return new TaskEventOutcome(TaskEventResult.NO_CHANGE, record.buildId().value(), attempt, record.status(), reason);
    }

    private TaskEventOutcome advance(BuildRecord record, TaskStateChange change, int attempt, BuildStatus status) {
        Optional<BuildRecord> advanced = ledger.advance(record.buildId(), attempt, change, status, commitIfUnknown(record), clock.instant());
        if (record.stopReason().isEmpty()) {
            // Superseded or cancelled between the read and this write, when no task was recorded to stop: this
            // write recorded it (or, the build being over now, could not), so stopping it is this event's job.
            stopIfUnwanted(advanced.isPresent() ? advanced.get() : ledger.find(record.buildId()).orElse(record), change);
        }
        if (advanced.isEmpty()) {
            return noChange(record, change, attempt, "a newer state was recorded meanwhile");
        }
        Log.info("build advanced", "buildId", record.buildId().value(), "status", status,
                "repository", record.repository(), "commitId", record.commitId(), "attempt", attempt,
                "taskArn", change.taskArn(), "taskVersion", change.version(),
                "spotTerminationNotice", TaskStateChange.TERMINATION_NOTICE.equals(change.stopCode()) ? true : null);
        return new TaskEventOutcome(TaskEventResult.ADVANCED, record.buildId().value(), attempt, status, null);
    }

    private TaskEventOutcome finish(BuildRecord record, TaskStateChange change, int attempt, BuildProgress.Finish finish, Deadline deadline) {
        Optional<String> digest = finish.status() == BuildStatus.SUCCEEDED
                ? images.digestOf(record.imageRepository(), record.commitTag()) : Optional.empty();
        String missing = finish.status() == BuildStatus.SUCCEEDED && digest.isEmpty()
                ? "no image tagged " + record.commitTag() + " in " + record.imageRepository() : null;
        BuildResult result = new BuildResult(
                finish.exitCode(),
                change.stopCode(),
                change.stoppedReason(),
                finish.failureReason(),
                BuildTimings.of(record.queuedAt(), change),
                digest.orElse(null),
                missing,
                LogLinks.logStream(change.region(), settings.kanikoLogGroup(),
                        LogLinks.streamName(settings.containerName(), change.taskId())),
                change.stoppedAt() != null ? change.stoppedAt() : clock.instant());
        Instant now = clock.instant();
        Optional<BuildRecord> finished = ledger.finish(record.buildId(), attempt, change, finish.status(), result,
                commitIfUnknown(record), now, leaseUntil(now, deadline));
        if (finished.isEmpty()) {
            return noChange(record, change, attempt, "another delivery recorded this or a newer state meanwhile");
        }
        Log.info("build finished", "buildId", record.buildId().value(), "repository", record.repository(),
                "commitId", record.commitId(), "attempt", attempt, "status", finish.status(), "exitCode", finish.exitCode(),
                "stopCode", change.stopCode(), "reason", result.failureReason(), "imageDigest", result.imageDigest(),
                "imageMissing", missing);
        publish(finished.get());
        return new TaskEventOutcome(TaskEventResult.FINISHED, record.buildId().value(), attempt, finish.status(), result.failureReason());
    }

    /** A final build whose publication an earlier invocation did not complete (it failed, or timed out). */
    private TaskEventOutcome publishUnfinished(BuildRecord record, Deadline deadline) {
        Instant now = clock.instant();
        Optional<BuildRecord> claimed = ledger.claimPublication(record.buildId(), now, leaseUntil(now, deadline));
        if (claimed.isEmpty()) {
            boolean published = ledger.find(record.buildId()).map(BuildRecord::resultPublished).orElse(true);
            if (published) {
                Log.info("result already published", "buildId", record.buildId().value(), "repository", record.repository(),
                        "commitId", record.commitId(), "status", record.status());
                return new TaskEventOutcome(TaskEventResult.NO_CHANGE, record.buildId().value(), record.attempt(), record.status(),
                        "the result is published already");
            }
            // Someone else is publishing right now; if it dies, the lease runs out and a retry of this event takes over.
            throw new PublicationInProgressException("build " + record.buildId() + ": another invocation is publishing its result");
        }
        publish(claimed.get());
        return new TaskEventOutcome(TaskEventResult.PUBLISHED, record.buildId().value(), record.attempt(), record.status(), null);
    }

    /** The result event, then the commit comment (whose failure is recorded, never raised), then the mark. */
    private void publish(BuildRecord build) {
        String detailType = BuildEventDetail.detailType(build);
        try {
            events.publish(detailType, BuildEventDetail.of(build), BuildEventDetail.resources(build));
        } catch (RuntimeException e) {
            ledger.releasePublication(build.buildId());
            throw e;
        }
        String commentId = null;
        String commentError = null;
        try {
            CommitInfo commit = build.commit() != null ? build.commit() : commits.describe(build.repository(), build.commitId());
            commentId = commits.comment(build.repository(), build.commitId(), commit.firstParent(), CommitComment.of(build),
                    build.buildId().value() + "-" + build.attempt() + "-" + build.status().name());
        } catch (RuntimeException e) {
            commentError = e.getClass().getSimpleName() + ": " + e.getMessage();
            Log.warn("commit comment failed; the build record stands", "buildId", build.buildId().value(),
                    "repository", build.repository(), "commitId", build.commitId(), "reason", commentError);
        }
        ledger.recordPublished(build.buildId(), clock.instant(), commentId, commentError);
        recordFinalMetrics(build);
        Log.info("build result published", "buildId", build.buildId().value(), "repository", build.repository(),
                "commitId", build.commitId(), "detailType", detailType, "status", build.status(), "commentId", commentId);
    }

    private TaskEventOutcome relaunch(BuildRecord record, TaskStateChange change, BuildProgress.Relaunch relaunch) {
        BuildId id = record.buildId();
        int next = relaunch.nextAttempt();
        if (!relaunch.resume() && !ledger.claimRelaunch(id, next - 1, change, clock.instant())) {
            BuildRecord now = ledger.find(id).orElseThrow();
            if (now.attempt() != next || now.taskArn() != null || now.status().isFinal()) {
                return noChange(record, change, next - 1, "another delivery relaunched this build");
            }
        }
        // The ledger's arguments are what the first attempt ran with; the task's own command is the fallback.
        List<String> arguments = !record.kanikoArgs().isEmpty() || change.kaniko() == null
                ? record.kanikoArgs() : change.kaniko().command();
        switch (launcher.launch(record.relaunch(next, arguments))) {
            case CapacityFallback.Launched launched -> {
                ledger.recordRelaunched(id, next, launched.taskArn(), clock.instant());
                Log.info("Spot interruption: build relaunched on on-demand Fargate", "buildId", id.value(),
                        "repository", record.repository(), "commitId", record.commitId(), "attempt", next,
                        "interruptedTaskArn", change.taskArn(), "taskArn", launched.taskArn(), "stopCode", change.stopCode());
                return new TaskEventOutcome(TaskEventResult.RELAUNCHED, id.value(), next, BuildStatus.QUEUED, change.stoppedReason());
            }
            case CapacityFallback.GaveUp gaveUp -> {
                ledger.recordRelaunchFailed(id, next, gaveUp.reason(), clock.instant());
                Log.error("Spot interruption: relaunch failed", "buildId", id.value(), "repository", record.repository(),
                        "commitId", record.commitId(), "attempt", next, "reason", gaveUp.reason());
                throw new RelaunchFailedException("build " + id + " attempt " + next + " could not be launched: " + gaveUp.reason());
            }
        }
    }

    /**
     * One metrics document per final state, emitted where the result is published (which happens once
     * per build): BuildsSucceeded, BuildsFailed or BuildsCancelled by status, and the build's times.
     * QueueTime is the wait before kaniko ran (queued, then provisioning); BuildDuration is kaniko's run.
     */
    private void recordFinalMetrics(BuildRecord build) {
        Metric outcome = switch (build.status()) {
            case SUCCEEDED -> Metric.BUILDS_SUCCEEDED;
            case CANCELLED -> Metric.BUILDS_CANCELLED;
            default -> Metric.BUILDS_FAILED;
        };
        Metrics.Record record = metrics.start(FUNCTION)
                .dimension(Metrics.STATUS, build.status().name())
                .count(outcome)
                .property("buildId", build.buildId().value())
                .property("repository", build.repository())
                .property("commitId", build.commitId())
                .property("attempt", build.attempt());
        BuildTimings timings = build.result() == null ? null : build.result().timings();
        if (timings != null && timings.queuedMillis() != null) {
            long provisioning = timings.provisioningMillis() == null ? 0 : timings.provisioningMillis();
            record.millis(Metric.QUEUE_TIME, timings.queuedMillis() + provisioning);
        }
        if (timings != null && timings.buildingMillis() != null) {
            record.millis(Metric.BUILD_DURATION, timings.buildingMillis());
        }
        record.emit();
    }

    /**
     * Stops the event's task when its build must not run any more. Whoever superseded or cancelled the
     * build could stop only a task the ledger had recorded, and a task is recorded by its first event:
     * one that started before is stopped here, with the build's reason, which its stop event then records
     * (CANCELLED). Best effort, as the push side's stop: a failure is logged and the task's next event
     * tries again; a task already stopping is left alone.
     */
    private void stopIfUnwanted(BuildRecord build, TaskStateChange change) {
        Optional<String> reason = build.stopReason();
        if (reason.isEmpty() || change.stopping()) {
            return;
        }
        try {
            stopper.stop(change.taskArn(), reason.get());
            Log.info("task of a build that must not run stopped", "buildId", build.buildId().value(), "repository", build.repository(),
                    "commitId", build.commitId(), "taskArn", change.taskArn(), "lastStatus", change.lastStatus(), "reason", reason.get());
        } catch (RuntimeException e) {
            Log.warn("stopping the task of a build that must not run failed; its next event tries again", "buildId", build.buildId().value(),
                    "taskArn", change.taskArn(), "reason", reason.get(), "error", String.valueOf(e));
        }
    }

    /** EventsIgnored by a fixed reason class (the log line says the particulars). */
    private void ignored(String reasonClass) {
        metrics.start(FUNCTION).dimension(Metrics.REASON_CLASS, reasonClass).count(Metric.EVENTS_IGNORED).emit();
    }

    /** GetCommit once per build (the first event that finds no author recorded); a failure only postpones it. */
    private CommitInfo commitIfUnknown(BuildRecord record) {
        if (record.commit() != null) {
            return null;
        }
        try {
            return commits.describe(record.repository(), record.commitId());
        } catch (RuntimeException e) {
            Log.warn("commit details unavailable for now", "buildId", record.buildId().value(), "repository", record.repository(),
                    "commitId", record.commitId(), "reason", e.getMessage());
            return null;
        }
    }

    private static Instant leaseUntil(Instant now, Deadline deadline) {
        return now.plus(deadline.remaining()).plus(LEASE_MARGIN);
    }

    /** Thrown so the invocation fails and the event is retried once the other publisher is done or its lease ran out. */
    public static final class PublicationInProgressException extends RuntimeException {
        public PublicationInProgressException(String message) {
            super(message);
        }
    }

    /** Thrown so the invocation fails: the retried delivery tries the relaunch again, and at last the event is dead-lettered. */
    public static final class RelaunchFailedException extends RuntimeException {
        public RelaunchFailedException(String message) {
            super(message);
        }
    }
}
