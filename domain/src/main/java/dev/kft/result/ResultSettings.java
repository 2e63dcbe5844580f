package dev.kft.result;

/**
 * What the result side needs to know about the build tasks, from the template.
 *
 * @param taskGroup      the ECS task group every build task is started in
 * @param containerName  the kaniko container's name in the task definition
 * @param kanikoLogGroup the awslogs group of the kaniko container
 */
public record ResultSettings(String taskGroup, String containerName, String kanikoLogGroup) {}
