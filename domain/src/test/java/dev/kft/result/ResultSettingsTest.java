package dev.kft.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kft.core.EnvironmentValues.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultSettingsTest {
    @Test
    void readsTheLogGroupAndTheContainerName() {
        ResultSettings settings = ResultSettings.fromEnvironment(Map.of("KANIKO_LOG_GROUP", "/kft/kaniko")::get, "kft-build");
        assertEquals(new ResultSettings("kft-build", "kaniko", "/kft/kaniko"), settings);
    }

    @Test
    void theLogGroupIsRequired() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ResultSettings.fromEnvironment(Map.of("KANIKO_CONTAINER_NAME", "kaniko")::get, "kft-build"));
        assertEquals("KANIKO_LOG_GROUP is required: the log group of the kaniko container (awslogs)", e.getMessage());
    }
}
