package dev.kft.functions.gate;

import dev.kft.aws.AwsClients;
import dev.kft.aws.DynamoAllowlist;
import dev.kft.aws.DynamoGateLedger;
import dev.kft.aws.EcrGatedImages;
import dev.kft.aws.EcrScanFindings;
import dev.kft.aws.EventBusPublisher;
import dev.kft.core.Metrics;
import dev.kft.gate.GateSettings;
import dev.kft.gate.ScanGate;
import dev.kft.gate.VerdictNotifier;
import dev.kft.core.EnvironmentValues;
import java.time.Clock;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** ScanGateFunction's composition root: the clients it calls, built once, and the adapters behind its ports. */
public final class ScanGateWiring {
    private ScanGateWiring() {}

    /** Wires the use case from environment variables (names in template.yaml and the README). */
    public static ScanGate fromEnvironment(Function<String, String> env) {
        AwsClients aws = AwsClients.fromEnvironment(env);
        EcrClient ecr = aws.build(EcrClient.builder());
        DynamoDbClient dynamoDb = aws.build(DynamoDbClient.builder());
        EventBusPublisher bus = new EventBusPublisher(aws.build(EventBridgeClient.builder()),
                EnvironmentValues.required(env, "EVENT_BUS_NAME", "the name of the build event bus"));
        return new ScanGate(
                GateSettings.fromEnvironment(env),
                new EcrScanFindings(ecr),
                new DynamoAllowlist(dynamoDb,
                        EnvironmentValues.required(env, "ALLOWLIST_TABLE", "the name of the scan allowlist DynamoDB table")),
                new EcrGatedImages(ecr),
                new DynamoGateLedger(dynamoDb,
                        EnvironmentValues.required(env, "LEDGER_TABLE", "the name of the build ledger DynamoDB table")),
                (detail, resources) -> bus.publish(VerdictNotifier.DETAIL_TYPE, detail, resources),
                Clock.systemUTC(),
                Metrics.standard());
    }
}
