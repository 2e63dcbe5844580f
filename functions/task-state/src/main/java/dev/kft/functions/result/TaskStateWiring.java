package dev.kft.functions.result;

import dev.kft.aws.AwsClients;
import dev.kft.aws.CodeCommitSource;
import dev.kft.aws.DynamoBuildResults;
import dev.kft.aws.EcrImageDigests;
import dev.kft.aws.EcsBuildLauncher;
import dev.kft.aws.EventBusPublisher;
import dev.kft.core.EnvironmentValues;
import dev.kft.core.Metrics;
import dev.kft.launch.CapacityFallback;
import dev.kft.result.BuildResultRecorder;
import dev.kft.result.ResultSettings;
import java.time.Clock;
import java.util.function.Function;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** TaskStateFunction's composition root: the clients it calls, built once, and the adapters behind its ports. */
public final class TaskStateWiring {
    private TaskStateWiring() {}

    /** Wires the use case from environment variables (names in template.yaml and the README). */
    public static BuildResultRecorder fromEnvironment(Function<String, String> env) {
        AwsClients aws = AwsClients.fromEnvironment(env);
        EcsBuildLauncher.Config ecs = EcsBuildLauncher.Config.fromEnvironment(env);
        EventBusPublisher bus = new EventBusPublisher(aws.build(EventBridgeClient.builder()),
                EnvironmentValues.required(env, "EVENT_BUS_NAME", "the name of the build event bus"));
        EcsBuildLauncher launcher = new EcsBuildLauncher(aws.build(EcsClient.builder()), ecs);
        return new BuildResultRecorder(
                ResultSettings.fromEnvironment(env, EcsBuildLauncher.TASK_GROUP),
                new DynamoBuildResults(aws.build(DynamoDbClient.builder()),
                        EnvironmentValues.required(env, "LEDGER_TABLE", "the name of the build ledger DynamoDB table")),
                new EcrImageDigests(aws.build(EcrClient.builder())),
                new CodeCommitSource(aws.build(CodeCommitClient.builder())),
                bus::publish,
                new CapacityFallback(launcher),
                launcher,
                Clock.systemUTC(),
                Metrics.standard());
    }
}
