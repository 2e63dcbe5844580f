package dev.kft.bench;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Notes when the first ECS RunTask request leaves the SDK (registered as a global interceptor on the
 * test classpath only; it observes, it changes nothing).
 */
public final class RequestClock implements ExecutionInterceptor {
    static final AtomicLong FIRST_RUN_TASK_NANOS = new AtomicLong();
    static final AtomicLong FIRST_RUN_TASK_EPOCH_MILLIS = new AtomicLong();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if ("RunTask".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                && FIRST_RUN_TASK_NANOS.compareAndSet(0, System.nanoTime())) {
            FIRST_RUN_TASK_EPOCH_MILLIS.set(System.currentTimeMillis());
        }
    }
}
