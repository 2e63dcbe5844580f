package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.EventBusPublisher;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.gate.VerdictNotifier;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code bin/kft stack-up} against moto_server. */
@ExtendWith(MotoExtension.class)
class StackUpIT {
    private final String stackName = "kft-" + UUID.randomUUID().toString().substring(0, 8);

    private String stackUp(MotoServer moto) {
        return stackUp(moto, Map.of()).out();
    }

    private record Run(String out, String err) {}

    /** stack-up on moto with the given further environment; its stderr holds only the line about CodeCommit. */
    private Run stackUp(MotoServer moto, Map<String, String> environment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new java.util.HashMap<>(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_REGION", "us-east-1"));
        env.putAll(environment);
        int exit = new Kft(Path.of("."), env::get,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of("stack-up", "--stack-name", stackName));
        String errors = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(Kft.OK, exit, errors);
        assertEquals(1, errors.lines().count(), "no variable without a value, one line about CodeCommit: " + errors);
        return new Run(out.toString(StandardCharsets.UTF_8), errors);
    }

    @Test
    void itSaysWhereTheLocalCodeCommitIsOrHowToStartOne(MotoServer moto) {
        assertTrue(stackUp(moto, Map.of()).err().contains("AWS_ENDPOINT_URL_CODECOMMIT is not set: moto has no CodeCommit reads, "
                + "so a push cannot be built; serve a git repository with bin/kft codecommit --repo DIR"));
        assertTrue(stackUp(moto, Map.of("AWS_ENDPOINT_URL_CODECOMMIT", "http://127.0.0.1:5001")).err()
                .endsWith("read commits and files from the local CodeCommit at http://127.0.0.1:5001 (AWS_ENDPOINT_URL_CODECOMMIT)"));
    }

    @Test
    void runningItTwiceCreatesNothingNewAndPrintsTheSameEnvVars(MotoServer moto) {
        try (Ec2Client ec2 = moto.clients().build(Ec2Client.builder()); EcsClient ecs = moto.clients().build(EcsClient.builder())) {
            String first = stackUp(moto);
            List<Vpc> networks = ec2.describeVpcs(r -> r.filters(f -> f.name("tag:Name").values(StackUp.NETWORK_NAME))).vpcs();
            String second = stackUp(moto);

            assertEquals(first, second);
            assertEquals(networks, ec2.describeVpcs(r -> r.filters(f -> f.name("tag:Name").values(StackUp.NETWORK_NAME))).vpcs());
            assertEquals(1, networks.size(), "one network for every stack on the emulator");
            assertEquals(1, ecs.listTaskDefinitions(r -> r.familyPrefix(stackName + "-kaniko")).taskDefinitionArns().size());
        }
    }

    @Test
    void everyFunctionGetsEveryVariableItsTemplateEnvironmentNames(MotoServer moto) {
        Map<String, Object> envVars = Json.parseObject(stackUp(moto));
        Template template = Template.load(Path.of("template.yaml"));

        assertEquals(Set.of("PushFunction", "TaskStateFunction", "ScanGateFunction"), envVars.keySet());
        assertEquals(Set.copyOf(template.functionIds()), envVars.keySet());
        for (String function : template.functionIds()) {
            Set<String> named = template.function(function).orElseThrow().environment().keySet();
            assertEquals(named, JsonFields.object(envVars, function).keySet(), function);
        }
        Map<String, Object> push = JsonFields.object(envVars, "PushFunction");
        assertEquals(stackName + "-builds", push.get("CLUSTER"));
        assertEquals("false", push.get("USE_FARGATE_SPOT"), "moto places Fargate tasks only with launch type FARGATE");
        assertTrue(push.get("SUBNETS").toString().startsWith("subnet-"));
        assertTrue(push.get("TASK_DEFINITION").toString().endsWith(":task-definition/" + stackName + "-kaniko:1"));
        for (String function : template.functionIds()) {
            assertEquals(stackName + "-ledger", JsonFields.text(envVars, function, "LEDGER_TABLE"), function);
        }
    }

    @Test
    void scanGateVerdictsReachTheSecurityTeamsQueue(MotoServer moto) {
        stackUp(moto);
        LocalStack stack = new StackUp(Template.load(Path.of("template.yaml")), new LocalAws(MotoServer.REGION, moto.endpoint()))
                .run(stackName);
        EventBusPublisher bus = new EventBusPublisher(moto.clients().build(EventBridgeClient.builder()), stack.eventBus());
        bus.publish("Image Build Succeeded", Map.of("buildId", "b0"), List.of());
        bus.publish(VerdictNotifier.DETAIL_TYPE, Map.of("buildId", "b1", "verdict", "DIRTY"), List.of());
        // Clean verdicts are recorded and published, not mailed: the template's mail rule leaves them out.
        bus.publish(VerdictNotifier.DETAIL_TYPE, Map.of("buildId", "b2", "verdict", "CLEAN"), List.of());

        try (SqsClient sqs = moto.clients().build(SqsClient.builder())) {
            List<Map<String, Object>> received = BusQueues.receiveAll(sqs, stack.securityNotificationQueueUrl(), Duration.ofSeconds(5));
            assertEquals(List.of("b1"), received.stream().map(m -> JsonFields.text(m, "detail", "buildId")).toList());
        }
    }
}
