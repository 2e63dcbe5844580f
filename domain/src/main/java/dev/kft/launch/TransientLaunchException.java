package dev.kft.launch;

/**
 * RunTask failed in a way a later try may not: throttling, a server error or a timeout that outlasted
 * the SDK's retries. It fails the invocation so Lambda delivers the event again; the message names
 * the build, and the retried request carries the same clientToken, so a task the lost answer had
 * placed is the one returned.
 */
public final class TransientLaunchException extends RuntimeException {
    public TransientLaunchException(TaskLaunch task, String what, Throwable cause) {
        super("RunTask for build " + task.buildId() + " attempt " + task.attempt() + " on " + task.capacity()
                + " (clientToken " + task.clientToken() + ") failed after the SDK's retries: " + what, cause);
    }
}
