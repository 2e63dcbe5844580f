package dev.kft.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Two clocks per thread, so the warm runner can subtract them from an invocation's time:
 * <ul>
 * <li>wire time: request sent → response received, every attempt;</li>
 * <li>call time: the whole SDK call, from the client method's start to its end (marshalling,
 * signing, retries and unmarshalling included), what "an AWS call" costs the function.</li>
 * </ul>
 * Observes only. The driver registers it as a global interceptor for the warm runner alone, so the
 * cold-start runs do not load it.
 */
public final class CallClock implements ExecutionInterceptor {
    private static final int SENT = 0;
    private static final int WIRE = 1;
    private static final int CALL_STARTED = 2;
    private static final int CALLS = 3;
    private static final ThreadLocal<long[]> CLOCKS = ThreadLocal.withInitial(() -> new long[4]);

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CLOCKS.get()[CALL_STARTED] = System.nanoTime();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        CLOCKS.get()[SENT] = System.nanoTime();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        long[] clocks = CLOCKS.get();
        clocks[WIRE] += System.nanoTime() - clocks[SENT];
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        callEnded();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        callEnded();
    }

    private static void callEnded() {
        long[] clocks = CLOCKS.get();
        clocks[CALLS] += System.nanoTime() - clocks[CALL_STARTED];
    }

    /** Wire time and call time on this thread since the last take, in nanoseconds; both start again at zero. */
    static long[] take() {
        long[] clocks = CLOCKS.get();
        long[] taken = {clocks[WIRE], clocks[CALLS]};
        clocks[WIRE] = 0;
        clocks[CALLS] = 0;
        return taken;
    }
}
