package dev.kft.functions.push;

import dev.kft.aws.AwsClients;
import dev.kft.aws.DynamoBuildLedger;
import dev.kft.aws.EcrGatedImages;
import dev.kft.aws.EcrImageRepositories;
import dev.kft.aws.EcsBuildLauncher;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.BuildTrigger;
import dev.kft.launch.LaunchRetries;
import dev.kft.core.EnvironmentValues;
import java.time.Clock;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** PushFunction's composition root: the clients it calls, built once, and the adapters behind its ports. */
public final class PushWiring {
    private PushWiring() {}

    /** Wires the use case from environment variables (names in template.yaml and the README). */
    public static BuildTrigger fromEnvironment(Function<String, String> env) {
        AwsClients aws = AwsClients.fromEnvironment(env);
        EcrClient ecr = aws.build(EcrClient.builder());
        return new BuildTrigger(
                new BuildPlanner(BuildSettings.fromEnvironment(env)),
                new DynamoBuildLedger(aws.build(DynamoDbClient.builder()),
                        EnvironmentValues.required(env, "LEDGER_TABLE", "the name of the build ledger DynamoDB table")),
                LaunchRetries.inRealTime(new EcsBuildLauncher(aws.build(EcsClient.builder()),
                        EcsBuildLauncher.Config.fromEnvironment(env))),
                new EcrImageRepositories(ecr, env.apply("ECR_KMS_KEY")),
                new EcrGatedImages(ecr),
                Clock.systemUTC());
    }
}
