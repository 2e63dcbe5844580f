package dev.kft.result;

import dev.kft.core.EnvironmentValues;
import java.util.function.Function;

/**
 * What the result side needs to know about the build tasks, from the template.
 *
 * @param taskGroup      the ECS task group every build task is started in
 * @param containerName  the kaniko container's name in the task definition
 * @param kanikoLogGroup the awslogs group of the kaniko container
 */
public record ResultSettings(String taskGroup, String containerName, String kanikoLogGroup) {

    /** From {@code KANIKO_CONTAINER_NAME} (default {@code kaniko}) and {@code KANIKO_LOG_GROUP}; the task group is the launcher's. */
    public static ResultSettings fromEnvironment(Function<String, String> env, String taskGroup) {
        return new ResultSettings(taskGroup,
                EnvironmentValues.text(env, "KANIKO_CONTAINER_NAME", "kaniko"),
                EnvironmentValues.required(env, "KANIKO_LOG_GROUP", "the log group of the kaniko container (awslogs)"));
    }
}
