package dev.kft.functions.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kft.core.RetryLaterException;
import dev.kft.push.BuildLedger;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildTrigger;
import dev.kft.push.TestSettings;
import dev.kft.testing.SampleEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** What a retry can fix fails the invocation, and the message says which build was being handled. */
class PushHandlerRetryLaterTest {
    @Test
    void aThrottledLedgerFailsTheInvocationNamingTheBuild() {
        BuildLedger throttled = (BuildLedger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BuildLedger.class},
                (proxy, method, args) -> {
                    throw new IllegalStateException("ThrottlingException: Rate of requests exceeds the allowed throughput");
                });
        PushHandler handler = new PushHandler(new BuildTrigger(new BuildPlanner(TestSettings.with()), throttled,
                null, null, null, null, null, null, Clock.systemUTC()));

        RetryLaterException e = assertThrows(RetryLaterException.class, () -> handler.handleRequest(
                new ByteArrayInputStream(SampleEvents.text("push-branch.json").getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null));

        assertEquals("push of [payments-api refs/heads/main @ 4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f"
                + " (build 46499e9fbd94c065fc71ccdab8bb5f70)] failed, the event will be delivered again:"
                + " ThrottlingException: Rate of requests exceeds the allowed throughput", e.getMessage());
    }
}
