package dev.kft.launch;

/** Starts the kaniko task for a build. */
public interface BuildLauncher {

    /** What one launch call did. */
    sealed interface LaunchCall permits TaskPlaced, TaskNotPlaced {}

    record TaskPlaced(String taskArn) implements LaunchCall {}

    /** No task was placed; {@code retryable} for capacity and throttling, not for a missing cluster or task definition. */
    record TaskNotPlaced(String reason, boolean retryable) implements LaunchCall {}

    /** One RunTask call; {@code launchTry} counts calls for this attempt that placed no task (it names the clientToken). */
    LaunchCall launch(TaskLaunch task, int launchTry);
}
