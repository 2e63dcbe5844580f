package dev.kft.push;

import java.util.HashMap;
import java.util.Map;

/** Settings as a deployed stack would have them, with per-test overrides. */
public final class TestSettings {
    public static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

    private TestSettings() {}

    public static BuildSettings with(String... overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("ECR_REGISTRY", REGISTRY);
        env.put("CACHE_REPOSITORY", "kft-kaniko-cache");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return BuildSettings.fromEnvironment(env);
    }
}
