package dev.kft.push;

import dev.kft.buildconfig.DockerfilePolicy;
import dev.kft.core.DeployPolicy;
import dev.kft.core.Globs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the platform team configured (template parameters, passed as environment variables):
 * which pushes build and how their images are named, tagged and built.
 *
 * @param repositories        source repositories that build; empty means all
 * @param branches            branch name globs that build
 * @param tags                git tag name globs that build
 * @param defaultBranch       the branch whose images are also tagged {@code latest}
 * @param imageRepositoryPrefix ECR repository for source repository R is {@code <prefix>/<r>} (lowercased)
 * @param registry            ECR registry host, {@code <account>.dkr.ecr.<region>.amazonaws.com}
 * @param cacheRepository     ECR repository (name) for kaniko's layer cache
 * @param gitHost             host that serves the repositories over HTTPS
 * @param dockerfile          Dockerfile path, relative to the context
 * @param contextSubPath      sub-directory of the repository used as build context; blank for the root
 * @param extraKanikoArgs     further kaniko flags set by the platform team (never from a push)
 * @param pushRetries         kaniko {@code --push-retry}
 * @param useSpot             first attempts run on Fargate Spot
 * @param deployPolicy        whether builds push only the commit tag (the scan gate adds deploy tags) and which images may carry them
 * @param containerName       name of the kaniko container in the task definition
 * @param dockerfilePolicy    the platform's Dockerfile rules, for every repository
 */
public record BuildSettings(
        Set<String> repositories,
        Globs branches,
        Globs tags,
        String defaultBranch,
        String imageRepositoryPrefix,
        String registry,
        String cacheRepository,
        String gitHost,
        String dockerfile,
        String contextSubPath,
        List<String> extraKanikoArgs,
        int pushRetries,
        boolean useSpot,
        DeployPolicy deployPolicy,
        String containerName,
        DockerfilePolicy dockerfilePolicy) {

    /** Reads settings from environment variables (names documented in the README and template). */
    public static BuildSettings fromEnvironment(Function<String, String> env) {
        String region = orDefault(env.apply("AWS_REGION"), "us-east-1");
        String repositories = orDefault(env.apply("BUILD_REPOSITORIES"), "*").trim();
        return new BuildSettings(
                repositories.equals("*") ? Set.of() : Set.copyOf(split(repositories, ",")),
                Globs.parse(env.apply("BUILD_BRANCHES")),
                Globs.parse(env.apply("BUILD_TAGS")),
                orDefault(env.apply("DEFAULT_BRANCH"), "main"),
                orDefault(env.apply("IMAGE_REPOSITORY_PREFIX"), "kft"),
                required(env, "ECR_REGISTRY"),
                required(env, "CACHE_REPOSITORY"),
                orDefault(env.apply("GIT_HOST"), "git-codecommit." + region + ".amazonaws.com"),
                orDefault(env.apply("DOCKERFILE"), "Dockerfile"),
                orDefault(env.apply("CONTEXT_SUB_PATH"), ""),
                split(orDefault(env.apply("KANIKO_EXTRA_ARGS"), ""), "\\s+"),
                Integer.parseInt(orDefault(env.apply("KANIKO_PUSH_RETRY"), "3")),
                Boolean.parseBoolean(orDefault(env.apply("USE_FARGATE_SPOT"), "true")),
                DeployPolicy.fromEnvironment(env),
                orDefault(env.apply("KANIKO_CONTAINER_NAME"), "kaniko"),
                dockerfilePolicy(env));
    }

    public static BuildSettings fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env::get);
    }

    /**
     * {@code DOCKERFILE_POLICY} (default WARN), {@code ALLOWED_BASE_IMAGES} (default: this account's
     * registry and {@code public.ecr.aws/}), {@code REQUIRE_NON_ROOT_USER} (default true).
     */
    private static DockerfilePolicy dockerfilePolicy(Function<String, String> env) {
        String allowed = orDefault(env.apply("ALLOWED_BASE_IMAGES"), required(env, "ECR_REGISTRY") + "/,public.ecr.aws/");
        return DockerfilePolicy.of(DockerfilePolicy.Mode.parse(orDefault(env.apply("DOCKERFILE_POLICY"), "WARN")), allowed,
                Boolean.parseBoolean(orDefault(env.apply("REQUIRE_NON_ROOT_USER"), "true")));
    }

    public boolean buildsRepository(String repository) {
        return repositories.isEmpty() || repositories.contains(repository);
    }

    private static String required(Function<String, String> env, String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is required");
        }
        return value.trim();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static List<String> split(String value, String separator) {
        return Arrays.stream(value.trim().split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
