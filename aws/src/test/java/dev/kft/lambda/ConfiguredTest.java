package dev.kft.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.EnvironmentValues;
import dev.kft.core.EnvironmentValues.ConfigurationException;
import dev.kft.core.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfiguredTest {
    private final List<Map<String, Object>> records = new ArrayList<>();

    @AfterEach
    void backToStderr() {
        Log.useSink(null);
    }

    @Test
    void aConfigurationErrorAtInitIsLoggedAndEveryInvocationFailsWithItsMessage() {
        Log.useSink((level, record) -> records.add(new LinkedHashMap<>(record)));
        Configured<String> configured = Configured.atInit("PushFunction",
                () -> Boolean.toString(EnvironmentValues.flag(Map.of("USE_FARGATE_SPOT", "yes")::get, "USE_FARGATE_SPOT", true)));

        assertTrue(configured.wiring().isEmpty());
        assertEquals(1, records.size());
        assertEquals("ERROR", records.get(0).get("level"));
        assertEquals("USE_FARGATE_SPOT must be true or false, not yes", records.get(0).get("reason"));
        for (int invocation = 0; invocation < 2; invocation++) {
            ConfigurationException e = assertThrows(ConfigurationException.class, configured::orFail);
            assertEquals("PushFunction is not configured: USE_FARGATE_SPOT must be true or false, not yes", e.getMessage());
        }
    }

    @Test
    void aWorkingInitServesItsWiring() {
        Configured<String> configured = Configured.atInit("ScanGateFunction", () -> "wired");
        assertEquals("wired", configured.orFail());
        assertEquals("wired", configured.wiring().orElseThrow());
        assertEquals("given", Configured.of("ScanGateFunction", "given").orFail());
    }
}
