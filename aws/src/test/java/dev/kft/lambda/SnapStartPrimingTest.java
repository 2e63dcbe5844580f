package dev.kft.lambda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapStartPrimingTest {
    private final List<Map<String, Object>> records = new ArrayList<>();

    @AfterEach
    void backToStderr() {
        Log.useSink(null);
    }

    @Test
    void theWorkRunsBeforeTheCheckpoint() {
        AtomicInteger runs = new AtomicInteger();
        SnapStartPriming ok = SnapStartPriming.register("test", runs::incrementAndGet);
        ok.beforeCheckpoint(null);
        assertEquals(1, runs.get());
        assertTrue(ok.prime());
        assertEquals(2, runs.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime exception", "error", "checked exception", "interrupted"})
    void whateverThePrimingThrowsIsLoggedAndTheSnapshotAndRestoreGoOn(String kind) {
        Throwable failure = switch (kind) {
            case "runtime exception" -> new IllegalStateException("no network in priming");
            case "error" -> new NoClassDefFoundError("software/amazon/awssdk/Missing");
            case "checked exception" -> new IOException("thrown sneakily by library code");
            default -> new InterruptedException("stopped while priming");
        };
        Log.useSink((level, record) -> records.add(new LinkedHashMap<>(record)));
        SnapStartPriming failing = SnapStartPriming.register("PushFunction", () -> sneakyThrow(failure));

        assertDoesNotThrow(() -> failing.beforeCheckpoint(null));
        assertFalse(failing.prime());
        assertDoesNotThrow(() -> failing.afterRestore(null));

        assertEquals(2, records.size());
        assertEquals("WARN", records.get(0).get("level"));
        assertEquals("PushFunction", records.get(0).get("handler"));
        assertEquals(failure.toString(), records.get(0).get("reason"));
        // An interrupt is passed on, not swallowed; Thread.interrupted() also clears it for the next test.
        assertEquals(failure instanceof InterruptedException, Thread.interrupted());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
        throw (T) failure;
    }
}
