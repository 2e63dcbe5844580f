package dev.kft.push;

/** Starts the kaniko task for a build. */
public interface BuildLauncher {

    /** What one launch call did. */
    sealed interface Result permits Launched, NotPlaced {}

    record Launched(String taskArn) implements Result {}

    /** No task was placed; {@code retryable} for capacity and throttling, not for a missing cluster or task definition. */
    record NotPlaced(String reason, boolean retryable) implements Result {}

    /** One RunTask call; {@code launchTry} counts calls for this attempt that placed no task (it names the clientToken). */
    Result launch(BuildPlan plan, int launchTry);
}
