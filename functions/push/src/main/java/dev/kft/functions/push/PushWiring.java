package dev.kft.functions.push;

import dev.kft.aws.AwsClients;
import dev.kft.aws.CodeCommitSource;
import dev.kft.aws.EventBusPublisher;
import dev.kft.aws.DynamoBuildLedger;
import dev.kft.aws.EcrGatedImages;
import dev.kft.aws.EcsBuildLauncher;
import dev.kft.core.EnvironmentValues;
import dev.kft.launch.CapacityFallback;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.BuildTrigger;
import java.time.Clock;
import java.util.function.Function;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** PushFunction's composition root: the clients it calls, built once, and the adapters behind its ports. */
public final class PushWiring {
    private PushWiring() {}

    /** Wires the use case from environment variables (names in template.yaml and the README). */
    public static BuildTrigger fromEnvironment(Function<String, String> env) {
        AwsClients aws = AwsClients.fromEnvironment(env);
        CodeCommitSource source = new CodeCommitSource(aws.build(CodeCommitClient.builder()));
        EventBusPublisher bus = new EventBusPublisher(aws.build(EventBridgeClient.builder()),
                EnvironmentValues.required(env, "EVENT_BUS_NAME", "the name of the stack's build event bus"));
        EcsBuildLauncher ecs = new EcsBuildLauncher(aws.build(EcsClient.builder()), EcsBuildLauncher.Config.fromEnvironment(env));
        return new BuildTrigger(
                new BuildPlanner(BuildSettings.fromEnvironment(env)),
                new DynamoBuildLedger(aws.build(DynamoDbClient.builder()),
                        EnvironmentValues.required(env, "LEDGER_TABLE", "the name of the build ledger DynamoDB table")),
                new CapacityFallback(ecs),
                ecs,
                new EcrGatedImages(aws.build(EcrClient.builder())),
                source,
                source,
                bus::publish,
                Clock.systemUTC());
    }
}
