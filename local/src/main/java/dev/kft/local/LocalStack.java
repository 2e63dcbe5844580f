package dev.kft.local;

import java.util.Map;

/**
 * What {@link StackUp} created: the resources' names and ids, and the functions' environment.
 *
 * @param imageRepositories how ECR creates the image repositories on push (the template's creation template)
 * @param envVars    function logical id → its variables, in the {@code sam local invoke --env-vars} shape
 * @param unresolved {@code Function.VARIABLE} → why the stack has no value for it (empty when all resolved)
 */
public record LocalStack(
        String name,
        String subnetId,
        String securityGroupId,
        String cluster,
        String taskFamily,
        String taskDefinitionArn,
        String imageRepositoryPrefix,
        ImageRepositoryTemplate imageRepositories,
        String cacheRepository,
        String ledgerTable,
        String allowlistTable,
        String eventBus,
        String securityNotificationQueueUrl,
        Map<String, Map<String, String>> envVars,
        Map<String, String> unresolved) {}
