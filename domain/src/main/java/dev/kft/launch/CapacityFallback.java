package dev.kft.launch;

import dev.kft.core.Log;

/**
 * Starts a build's task: one RunTask request on the build's capacity; when Fargate Spot has no
 * capacity, once more on on-demand Fargate (its own clientToken). No loop of our own: transient
 * errors are retried by the SDK inside one request, and a {@link TransientLaunchException} fails the
 * invocation for Lambda to deliver again. Shared by the first launch of a build and its Spot relaunch.
 */
public final class CapacityFallback {
    private final BuildLauncher launcher;

    public CapacityFallback(BuildLauncher launcher) {
        this.launcher = launcher;
    }

    /** How the launch ended. */
    public sealed interface LaunchResult permits Launched, GaveUp {}

    /** A task was placed on {@code capacity} (on-demand after a Spot shortage). */
    public record Launched(String taskArn, TaskLaunch.Capacity capacity) implements LaunchResult {}

    /** No task: what ECS said, for each capacity asked. */
    public record GaveUp(String reason) implements LaunchResult {}

    public LaunchResult launch(TaskLaunch task) {
        BuildLauncher.LaunchCall call = launcher.launch(task);
        if (call instanceof BuildLauncher.TaskPlaced placed) {
            return new Launched(placed.taskArn(), task.capacity());
        }
        BuildLauncher.TaskNotPlaced notPlaced = (BuildLauncher.TaskNotPlaced) call;
        if (notPlaced.why() == BuildLauncher.Why.REFUSED || task.capacity() != TaskLaunch.Capacity.FARGATE_SPOT) {
            return new GaveUp(task.capacity() + ": " + notPlaced.reason());
        }
        Log.warn("no Spot capacity, launching on on-demand Fargate", "buildId", task.buildId().value(),
                "attempt", task.attempt(), "reason", notPlaced.reason());
        TaskLaunch onDemand = task.onDemand();
        BuildLauncher.LaunchCall fallback = launcher.launch(onDemand);
        if (fallback instanceof BuildLauncher.TaskPlaced placed) {
            return new Launched(placed.taskArn(), onDemand.capacity());
        }
        return new GaveUp(task.capacity() + ": " + notPlaced.reason() + "; then " + onDemand.capacity() + ": "
                + ((BuildLauncher.TaskNotPlaced) fallback).reason());
    }
}
