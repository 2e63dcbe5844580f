package dev.kft.testing;

/**
 * Decides the {@link Fault} for each request through a {@link FaultProxy}. Called concurrently from
 * connection threads, so implementations must be thread-safe; returning null means {@link Fault#PASS}.
 */
@FunctionalInterface
public interface FaultPlan {

    Fault decide(FaultProxy.Request request);

    /** Relay everything: the plan behind {@link FaultProxy#counting}. */
    static FaultPlan pass() {
        return request -> Fault.PASS;
    }

    /** {@code fault} for every call of {@code operation} (e.g. "PutItem", "RunTask"). */
    static FaultPlan always(String operation, Fault fault) {
        return request -> request.operation().equals(operation) ? fault : Fault.PASS;
    }

    /**
     * {@code fault} for the first {@code count} calls of {@code operation} the proxy sees, retries
     * included (a call is counted by {@link FaultProxy.Request#callNumber()}), then PASS.
     */
    static FaultPlan firstCalls(String operation, int count, Fault fault) {
        return request -> request.operation().equals(operation) && request.callNumber() <= count ? fault : Fault.PASS;
    }

    /** This plan's fault, or {@code next}'s when this one says PASS: combines per-operation plans. */
    default FaultPlan orElse(FaultPlan next) {
        return request -> {
            Fault fault = decide(request);
            return fault != null && fault != Fault.PASS ? fault : next.decide(request);
        };
    }
}
