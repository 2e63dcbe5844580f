package dev.kft.aws;

import dev.kft.core.EnvironmentValues;
import dev.kft.core.Platform;
import dev.kft.launch.BuildLauncher;
import dev.kft.launch.TaskLaunch;
import dev.kft.launch.TaskStopper;
import dev.kft.launch.TransientLaunchException;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Tag;

/** Launches kaniko tasks with ECS RunTask on the stack's cluster. */
public final class EcsBuildLauncher implements BuildLauncher, TaskStopper {
    /** Every build task is in this group, so the console and ListTasks can show builds apart from other tasks. */
    public static final String TASK_GROUP = "kft-build";

    private final EcsClient ecs;
    private final Config config;

    /**
     * Where and how tasks run, from the stack's resources.
     *
     * @param taskDefinition      kaniko's task definition for linux/amd64 images
     * @param arm64TaskDefinition the same task on ARM64 (Graviton) for linux/arm64 images; blank when the stack has none
     */
    public record Config(String cluster, String taskDefinition, String arm64TaskDefinition, String containerName,
                         List<String> subnets, List<String> securityGroups, boolean assignPublicIp) {

        /** From the variables template.yaml gives every function that launches builds; a bad value fails with its name. */
        public static Config fromEnvironment(Function<String, String> env) {
            return new Config(
                    EnvironmentValues.required(env, "CLUSTER", "the name or ARN of the ECS cluster that runs the builds"),
                    EnvironmentValues.required(env, "TASK_DEFINITION", "the ARN (or family) of kaniko's task definition"),
                    EnvironmentValues.text(env, "TASK_DEFINITION_ARM64", ""),
                    EnvironmentValues.text(env, "KANIKO_CONTAINER_NAME", "kaniko"),
                    EnvironmentValues.list(env, "SUBNETS", ","),
                    EnvironmentValues.list(env, "SECURITY_GROUPS", ","),
                    EnvironmentValues.flag(env, "ASSIGN_PUBLIC_IP", false));
        }
    }

    public EcsBuildLauncher(EcsClient ecs, Config config) {
        this.ecs = ecs;
        this.config = config;
    }

    /**
     * Spot runs through the FARGATE_SPOT capacity provider; on-demand uses launch type FARGATE, which
     * ECS documents as the same on-demand capacity (and which local emulators understand).
     */
    private static void placeOn(RunTaskRequest.Builder request, TaskLaunch.Capacity capacity) {
        if (capacity == TaskLaunch.Capacity.FARGATE_SPOT) {
            request.capacityProviderStrategy(CapacityProviderStrategyItem.builder()
                    .capacityProvider(capacity.name()).weight(1).build());
        } else {
            request.launchType(LaunchType.FARGATE);
        }
    }

    @Override
    public LaunchCall launch(TaskLaunch task) {
        String taskDefinition = task.platform() == Platform.LINUX_ARM64 ? config.arm64TaskDefinition() : config.taskDefinition();
        if (taskDefinition.isBlank()) {
            return new TaskNotPlaced("no task definition for " + task.platform() + " images: set TASK_DEFINITION_ARM64", Why.REFUSED);
        }
        RunTaskResponse response;
        try {
            // One request: the SDK retries it (same body, same clientToken) on throttling, 5xx and timeouts.
            response = ecs.runTask(r -> r
                    .cluster(config.cluster())
                    .taskDefinition(taskDefinition)
                    .count(1)
                    .clientToken(task.clientToken())
                    .startedBy(task.startedBy())
                    .group(TASK_GROUP)
                    .applyMutation(r2 -> placeOn(r2, task.capacity()))
                    .networkConfiguration(n -> n.awsvpcConfiguration(v -> v
                            .subnets(config.subnets())
                            .securityGroups(config.securityGroups())
                            .assignPublicIp(config.assignPublicIp() ? AssignPublicIp.ENABLED : AssignPublicIp.DISABLED)))
                    .overrides(o -> o.containerOverrides(ContainerOverride.builder()
                            .name(config.containerName())
                            .command(task.kanikoArgs())
                            .build()))
                    .tags(task.taskTags().entrySet().stream()
                            .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()));
        } catch (AwsServiceException e) {
            String reason = e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new TransientLaunchException(task, reason, e);
            }
            // A client error (no such task definition, bad parameter): the same request will fail the same way.
            return new TaskNotPlaced(reason, Why.REFUSED);
        } catch (SdkClientException e) {
            // Connection reset, timeout: the request may have reached ECS. Only a retry with this token can tell.
            throw new TransientLaunchException(task, e.getMessage(), e);
        }
        if (!response.tasks().isEmpty()) {
            return new TaskPlaced(response.tasks().get(0).taskArn());
        }
        Failure failure = response.failures().isEmpty() ? null : response.failures().get(0);
        if (failure == null) {
            return new TaskNotPlaced("RunTask placed no task and reported no failure", Why.NO_CAPACITY);
        }
        String reason = failure.reason() + (failure.detail() == null ? "" : ": " + failure.detail());
        // MISSING means the cluster or task definition is gone; anything else is capacity that may exist elsewhere.
        return new TaskNotPlaced(reason, "MISSING".equals(failure.reason()) ? Why.REFUSED : Why.NO_CAPACITY);
    }

    /** StopTask on the stack's cluster; the reason (at most 255 characters) becomes the task's stoppedReason. */
    @Override
    public void stop(String taskArn, String reason) {
        ecs.stopTask(r -> r.cluster(config.cluster()).task(taskArn).reason(reason.length() <= 255 ? reason : reason.substring(0, 255)));
    }
}
