package dev.kft.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {
    @Test
    void theWorkRunsBeforeTheCheckpointAndAFailureDoesNotStopTheSnapshot() {
        AtomicInteger runs = new AtomicInteger();
        SnapStartPriming ok = SnapStartPriming.register("test", runs::incrementAndGet);
        ok.beforeCheckpoint(null);
        assertEquals(1, runs.get());

        SnapStartPriming failing = SnapStartPriming.register("test", () -> {
            throw new IllegalStateException("no network in priming");
        });
        assertFalse(failing.prime());
        assertTrue(ok.prime());
    }
}
