package dev.kft.testing;

/** What {@link FaultProxy} does with one request: relay it, or break it before or after moto sees it. */
public enum Fault {
    /** Relay the request and the response unchanged. */
    PASS(false, 0),

    // Before the upstream sees the request: nothing was applied, a retry is always safe.
    THROTTLE_BEFORE(false, 400),
    ERROR_500_BEFORE(false, 500),
    ERROR_503_BEFORE(false, 503),

    // After the upstream applied the request: the client loses the response, so a retry repeats
    // a write that already happened (the case idempotency keys and conditional writes are for).
    THROTTLE_AFTER(true, 400),
    ERROR_500_AFTER(true, 500),
    ERROR_503_AFTER(true, 503),
    /** Close the client socket with SO_LINGER 0, so the client reads a connection reset. */
    RESET_AFTER(true, 0),
    /** Hold the client connection without answering (longer than its read timeout), then close it. */
    TIMEOUT_AFTER(true, 0);

    private final boolean afterUpstream;
    private final int status;

    Fault(boolean afterUpstream, int status) {
        this.afterUpstream = afterUpstream;
        this.status = status;
    }

    /** True when the request reaches moto (PASS and every *_AFTER kind). */
    public boolean reachesUpstream() {
        return this == PASS || afterUpstream;
    }

    /** The HTTP status of the injected error response; 0 when the fault sends none. */
    public int status() {
        return status;
    }

    public boolean isThrottle() {
        return this == THROTTLE_BEFORE || this == THROTTLE_AFTER;
    }
}
