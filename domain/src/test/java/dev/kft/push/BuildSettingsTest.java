package dev.kft.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kft.core.EnvironmentValues.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildSettingsTest {
    @Test
    void readsEachVariable() {
        BuildSettings settings = TestSettings.with("KANIKO_PUSH_RETRY", "5", "USE_FARGATE_SPOT", "FALSE",
                "KANIKO_EXTRA_ARGS", " --snapshot-mode=redo  --cleanup ", "IMAGE_REPOSITORY_PREFIX", "team-a",
                "BUILD_REPOSITORIES", "api, web");
        assertEquals(5, settings.pushRetries());
        assertFalse(settings.useSpot());
        assertEquals(List.of("--snapshot-mode=redo", "--cleanup"), settings.extraKanikoArgs());
        assertEquals("team-a", settings.imageRepositoryPrefix());
        assertEquals(java.util.Set.of("api", "web"), settings.repositories());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "USE_FARGATE_SPOT      | yes  | USE_FARGATE_SPOT must be true or false, not yes",
            "KANIKO_PUSH_RETRY     | x    | KANIKO_PUSH_RETRY must be a whole number, not x",
            "PROMOTE_ON_CLEAN_SCAN | 1    | PROMOTE_ON_CLEAN_SCAN must be true or false, not 1",
            "SCAN_FAIL_CLOSED      | no   | SCAN_FAIL_CLOSED must be true or false, not no",
            "IMAGE_REPOSITORY_PREFIX | KFT | IMAGE_REPOSITORY_PREFIX must be lowercase letters and digits, separated by single '.', '_' or '-', not KFT",
            "ECR_REGISTRY          | \" \"  | ECR_REGISTRY is required: the ECR registry host, <account>.dkr.ecr.<region>.amazonaws.com",
            "CACHE_REPOSITORY      | \"\"   | CACHE_REPOSITORY is required: the name of the ECR repository for kaniko's layer cache"})
    void aBadValueFailsWithTheVariableAndTheExpectedForm(String name, String value, String message) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> TestSettings.with(name, value));
        assertEquals(message, e.getMessage());
    }
}
