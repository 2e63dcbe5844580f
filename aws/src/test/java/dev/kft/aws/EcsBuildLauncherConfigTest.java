package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kft.core.EnvironmentValues.ConfigurationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcsBuildLauncherConfigTest {
    private static EcsBuildLauncher.Config config(String... overrides) {
        Map<String, String> env = new HashMap<>(Map.of("CLUSTER", "kft-builds", "TASK_DEFINITION", "kaniko:3"));
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return EcsBuildLauncher.Config.fromEnvironment(env::get);
    }

    @Test
    void readsTheStacksResources() {
        assertEquals(new EcsBuildLauncher.Config("kft-builds", "kaniko:3", "kaniko-arm64:1", "kaniko",
                        List.of("subnet-1", "subnet-2"), List.of("sg-1"), true),
                config("SUBNETS", "subnet-1, subnet-2", "SECURITY_GROUPS", "sg-1", "ASSIGN_PUBLIC_IP", "TRUE",
                        "TASK_DEFINITION_ARM64", "kaniko-arm64:1"));
        assertEquals(new EcsBuildLauncher.Config("kft-builds", "kaniko:3", "", "kaniko", List.of(), List.of(), false), config());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "ASSIGN_PUBLIC_IP | yes | ASSIGN_PUBLIC_IP must be true or false, not yes",
            "CLUSTER          | \" \" | CLUSTER is required: the name or ARN of the ECS cluster that runs the builds",
            "TASK_DEFINITION  | \"\"  | TASK_DEFINITION is required: the ARN (or family) of kaniko's task definition"})
    void aBadValueFailsWithTheVariableAndTheExpectedForm(String name, String value, String message) {
        assertEquals(message, assertThrows(ConfigurationException.class, () -> config(name, value)).getMessage());
    }
}
