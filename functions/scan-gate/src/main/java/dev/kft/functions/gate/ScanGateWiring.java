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
import dev.kft.lambda.LambdaIo;
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
        EventBusPublisher bus = new EventBusPublisher(aws.build(EventBridgeClient.builder()), LambdaIo.required(env, "EVENT_BUS_NAME"));
        return new ScanGate(
                GateSettings.fromEnvironment(env),
                new EcrScanFindings(ecr),
                new DynamoAllowlist(dynamoDb, LambdaIo.required(env, "ALLOWLIST_TABLE")),
                new EcrGatedImages(ecr),
                new DynamoGateLedger(dynamoDb, LambdaIo.required(env, "LEDGER_TABLE")),
                (detail, resources) -> bus.publish(VerdictNotifier.DETAIL_TYPE, detail, resources),
                Clock.systemUTC(),
                Metrics.standard());
    }
}
