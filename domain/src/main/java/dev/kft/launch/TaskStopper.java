package dev.kft.launch;

/** Stops a build's task before it ends by itself (a newer commit superseded it). */
@FunctionalInterface
public interface TaskStopper {
    /** Asks ECS to stop the task; {@code reason} becomes the task's stoppedReason. Stopping a stopped task is no error. */
    void stop(String taskArn, String reason);
}
