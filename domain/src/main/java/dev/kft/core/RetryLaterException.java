package dev.kft.core;

/**
 * An invocation that failed for a reason a later delivery may not meet (throttling, a server error
 * or a timeout that outlasted the SDK's retries, a claim held by another invocation): it fails so
 * Lambda delivers the event again, and its message says which build or image was being handled.
 */
public final class RetryLaterException extends RuntimeException {
    public RetryLaterException(String handling, RuntimeException cause) {
        super(handling + " failed, the event will be delivered again: " + cause.getMessage(), cause);
    }

    /** Wraps {@code failure} unless its message already names what was handled. */
    public static RuntimeException naming(String handling, RuntimeException failure, Class<?>... alreadyNaming) {
        for (Class<?> type : alreadyNaming) {
            if (type.isInstance(failure)) {
                return failure;
            }
        }
        return new RetryLaterException(handling, failure);
    }
}
