package dev.kft.launch;

/**
 * Starts the kaniko task for a build: one RunTask request. Throttling, server errors and timeouts are
 * retried inside it by the SDK (AwsClients' retry strategy) with the same request, so the same
 * {@code clientToken}; when those retries run out it throws {@link TransientLaunchException}.
 */
public interface BuildLauncher {

    /** What one launch request came to. */
    sealed interface LaunchCall permits TaskPlaced, TaskNotPlaced {}

    record TaskPlaced(String taskArn) implements LaunchCall {}

    /** No task was placed, and ECS said why. */
    record TaskNotPlaced(String reason, Why why) implements LaunchCall {}

    /** Why ECS placed no task. */
    enum Why {
        /** {@code failures[]} other than MISSING (Spot capacity unavailable, say): other capacity may take it. */
        NO_CAPACITY,
        /** A client error or a missing cluster or task definition: asking again cannot help. */
        REFUSED
    }

    LaunchCall launch(TaskLaunch task);
}
