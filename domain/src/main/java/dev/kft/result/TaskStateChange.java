package dev.kft.result;

import dev.kft.core.BuildId;
import dev.kft.launch.TaskLaunch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One "ECS Task State Change" event, reduced to what the build ledger needs. Timestamps are null
 * when the task has not reached them; {@code kaniko} is null when the task has no kaniko container.
 *
 * @param version              ECS increments it on every change of the task: it orders events of one task
 * @param desiredStatus        STOPPED once the task is being stopped (by StopTask, or ECS); null when the event has none
 * @param capacityProviderName FARGATE_SPOT for a task launched on Spot; null for launch type FARGATE (on-demand)
 */
public record TaskStateChange(
        String eventId,
        String taskArn,
        String startedBy,
        String group,
        String lastStatus,
        String desiredStatus,
        long version,
        String stopCode,
        String stoppedReason,
        Instant createdAt,
        Instant startedAt,
        Instant executionStoppedAt,
        Instant stoppedAt,
        String capacityProviderName,
        Container kaniko) {

    /** ECS stop codes the outcome depends on. */
    static final String ESSENTIAL_CONTAINER_EXITED = "EssentialContainerExited";
    static final String TASK_FAILED_TO_START = "TaskFailedToStart";
    static final String USER_INITIATED = "UserInitiated";
    static final String SPOT_INTERRUPTION = "SpotInterruption";
    /** Fargate Spot's two-minute warning: the task keeps running until ECS stops it. */
    static final String TERMINATION_NOTICE = "TerminationNotice";

    /** The kaniko container: its exit code (absent if it never ran), ECS's reason, and the command it was given. */
    public record Container(Integer exitCode, String reason, List<String> command) {
        public Container {
            command = command == null ? List.of() : List.copyOf(command);
        }
    }

    /** The build and attempt this task runs, if we started it. */
    public Optional<BuildId.Attempt> build() {
        return BuildId.fromStartedBy(startedBy);
    }

    public boolean stopped() {
        return "STOPPED".equals(lastStatus);
    }

    /** The task has stopped or is on its way: asking ECS to stop it again would change nothing. */
    public boolean stopping() {
        return stopped() || "STOPPED".equals(desiredStatus);
    }

    /** The capacity the task runs on, as ECS reports it: Fargate Spot through its capacity provider, else on-demand. */
    public TaskLaunch.Capacity capacity() {
        return TaskLaunch.Capacity.FARGATE_SPOT.name().equals(capacityProviderName) ? TaskLaunch.Capacity.FARGATE_SPOT
                : TaskLaunch.Capacity.FARGATE;
    }

    /** Fargate reclaimed the Spot capacity: not the build's fault. */
    public boolean spotInterrupted() {
        return SPOT_INTERRUPTION.equals(stopCode) || TERMINATION_NOTICE.equals(stopCode);
    }

    public Integer exitCode() {
        return kaniko == null ? null : kaniko.exitCode();
    }

    /** The region part of the task ARN ({@code arn:aws:ecs:<region>:<account>:task/<cluster>/<id>}). */
    public String region() {
        String[] parts = taskArn.split(":");
        return parts.length > 3 ? parts[3] : "";
    }

    /** The task id: the last segment of the task ARN, which names the task's log streams. */
    public String taskId() {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }
}
