package dev.kft.launch;

import dev.kft.core.Backoff;
import dev.kft.core.Deadline;
import dev.kft.core.Log;
import dev.kft.core.Sleeper;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Calls RunTask for a task until a task is placed, ECS says it never will be (a client error), or
 * the invocation's time budget runs out. Capacity shortages and throttling are retried with
 * exponential backoff and full jitter. Shared by the first launch of a build and its Spot relaunch.
 */
public final class LaunchRetries {
    /** Time kept in hand for the ledger write after the last RunTask call. */
    private static final Duration CALL_BUDGET = Duration.ofSeconds(5);

    private final BuildLauncher launcher;
    private final Backoff backoff;
    private final Sleeper sleeper;

    public LaunchRetries(BuildLauncher launcher, Backoff backoff, Sleeper sleeper) {
        this.launcher = launcher;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /**
     * Real waits, 0.5 s doubling up to 8 s between calls: what the functions use. The jitter comes
     * from SecureRandom, not a seeded PRNG: with SnapStart every restored environment would otherwise
     * share the snapshot's seed, and their retries would collide in lockstep.
     */
    public static LaunchRetries inRealTime(BuildLauncher launcher) {
        return new LaunchRetries(launcher, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), new SecureRandom()),
                Sleeper.REAL);
    }

    /** How the launch ended. */
    public sealed interface LaunchResult permits Launched, GaveUp {}

    /** A task was placed after {@code calls} RunTask calls. */
    public record Launched(String taskArn, int calls) implements LaunchResult {}

    /** No task: the last reason ECS gave, prefixed with the number of calls when retries ran out. */
    public record GaveUp(String reason) implements LaunchResult {}

    public LaunchResult launch(TaskLaunch task, Deadline deadline) {
        for (int launchTry = 0; ; launchTry++) {
            BuildLauncher.LaunchCall result = launcher.launch(task, launchTry);
            if (result instanceof BuildLauncher.TaskPlaced launched) {
                return new Launched(launched.taskArn(), launchTry + 1);
            }
            BuildLauncher.TaskNotPlaced notPlaced = (BuildLauncher.TaskNotPlaced) result;
            Duration wait = backoff.delayBefore(launchTry + 1);
            if (!notPlaced.retryable() || !deadline.allows(wait.plus(CALL_BUDGET))) {
                return new GaveUp((notPlaced.retryable() ? "gave up after " + (launchTry + 1) + " RunTask calls: " : "")
                        + notPlaced.reason());
            }
            Log.warn("task not placed, retrying", "buildId", task.buildId().value(), "attempt", task.attempt(),
                    "reason", notPlaced.reason(), "launchTry", launchTry + 1, "waitMillis", wait.toMillis());
            sleeper.sleep(wait);
        }
    }
}
