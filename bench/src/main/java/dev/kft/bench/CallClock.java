package dev.kft.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Time spent on the wire (request sent → response received, every attempt), summed per thread, so
 * the warm runner can subtract it from an invocation's time. Observes only. The driver registers it
 * as a global interceptor for the warm runner alone, so the cold-start runs do not load it.
 */
public final class CallClock implements ExecutionInterceptor {
    private static final ThreadLocal<long[]> SENT_AND_TOTAL = ThreadLocal.withInitial(() -> new long[2]);

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SENT_AND_TOTAL.get()[0] = System.nanoTime();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        long[] clock = SENT_AND_TOTAL.get();
        clock[1] += System.nanoTime() - clock[0];
    }

    /** Wire time on this thread since the last call, in nanoseconds; starts the next sum at zero. */
    static long takeNanos() {
        long[] clock = SENT_AND_TOTAL.get();
        long total = clock[1];
        clock[1] = 0;
        return total;
    }
}
