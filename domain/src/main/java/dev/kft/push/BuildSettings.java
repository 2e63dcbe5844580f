package dev.kft.push;

import static dev.kft.core.EnvironmentValues.flag;
import static dev.kft.core.EnvironmentValues.list;
import static dev.kft.core.EnvironmentValues.oneOf;
import static dev.kft.core.EnvironmentValues.required;
import static dev.kft.core.EnvironmentValues.text;
import static dev.kft.core.EnvironmentValues.wholeNumber;

import dev.kft.buildconfig.DockerfilePolicy;
import dev.kft.core.DeployPolicy;
import dev.kft.core.EnvironmentValues;
import dev.kft.core.Globs;
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
 * @param supersedeBuilds     a newer push to a branch stops the older builds of that branch and image
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
        DockerfilePolicy dockerfilePolicy,
        boolean supersedeBuilds) {

    /** Reads settings from environment variables (names documented in the README and template); a bad value fails with its name. */
    public static BuildSettings fromEnvironment(Function<String, String> env) {
        String region = text(env, "AWS_REGION", "us-east-1");
        String repositories = text(env, "BUILD_REPOSITORIES", "*");
        return new BuildSettings(
                repositories.equals("*") ? Set.of() : Set.copyOf(list(env, "BUILD_REPOSITORIES", ",")),
                Globs.parse(env.apply("BUILD_BRANCHES")),
                Globs.parse(env.apply("BUILD_TAGS")),
                text(env, "DEFAULT_BRANCH", "main"),
                EnvironmentValues.imageRepositoryPrefix(env),
                required(env, "ECR_REGISTRY", "the ECR registry host, <account>.dkr.ecr.<region>.amazonaws.com"),
                required(env, "CACHE_REPOSITORY", "the name of the ECR repository for kaniko's layer cache"),
                text(env, "GIT_HOST", "git-codecommit." + region + ".amazonaws.com"),
                text(env, "DOCKERFILE", "Dockerfile"),
                text(env, "CONTEXT_SUB_PATH", ""),
                list(env, "KANIKO_EXTRA_ARGS", "\\s+"),
                wholeNumber(env, "KANIKO_PUSH_RETRY", 3),
                flag(env, "USE_FARGATE_SPOT", true),
                DeployPolicy.fromEnvironment(env),
                text(env, "KANIKO_CONTAINER_NAME", "kaniko"),
                dockerfilePolicy(env),
                flag(env, "SUPERSEDE_BUILDS", true));
    }

    public static BuildSettings fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env::get);
    }

    /**
     * {@code DOCKERFILE_POLICY} (default WARN), {@code ALLOWED_BASE_IMAGES} (default: this account's
     * registry and {@code public.ecr.aws/}), {@code REQUIRE_NON_ROOT_USER} (default true).
     */
    private static DockerfilePolicy dockerfilePolicy(Function<String, String> env) {
        String registry = required(env, "ECR_REGISTRY", "the ECR registry host, <account>.dkr.ecr.<region>.amazonaws.com");
        String allowed = text(env, "ALLOWED_BASE_IMAGES", registry + "/,public.ecr.aws/");
        return DockerfilePolicy.of(oneOf(env, "DOCKERFILE_POLICY", DockerfilePolicy.Mode.class, DockerfilePolicy.Mode.WARN), allowed,
                flag(env, "REQUIRE_NON_ROOT_USER", true));
    }

    public boolean buildsRepository(String repository) {
        return repositories.isEmpty() || repositories.contains(repository);
    }
}
