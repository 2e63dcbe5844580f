package dev.kft.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Which AWS calls a piece of code makes, as {@code Service.Operation}, one per API call (retries not
 * counted). A global interceptor on the test classpath only: it observes the calls made on the
 * recording thread (the SDK's synchronous clients run on the caller's), so tests running in parallel
 * do not see each other's calls.
 */
public final class AwsCalls implements ExecutionInterceptor {
    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    /** Runs {@code action} and returns the AWS calls it made on this thread, in order. */
    public static List<String> during(Callable<?> action) throws Exception {
        List<String> calls = new ArrayList<>();
        RECORDING.set(calls);
        try {
            action.call();
        } finally {
            RECORDING.remove();
        }
        return List.copyOf(calls);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        List<String> calls = RECORDING.get();
        if (calls != null) {
            calls.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }
}
