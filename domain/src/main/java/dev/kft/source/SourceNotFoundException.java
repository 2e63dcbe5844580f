package dev.kft.source;

/**
 * The repository or commit an event names does not exist in the source repository. No retry can
 * change that, so the event is answered with this reason instead of failing into a dead-letter queue.
 */
public final class SourceNotFoundException extends RuntimeException {
    public SourceNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
