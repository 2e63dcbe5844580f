package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.testing.ChildJvm;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.RefType;
import dev.kft.push.BuildPlan;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.RefChange;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * bin/kft dlq replay on the emulator, in a fresh JVM (handlers read their environment once per JVM):
 * a Lambda failure record and an EventBridge dead letter go back to TaskStateFunction through the
 * local invoke path and are deleted; a message that is no event stays. --dry-run takes nothing.
 */
@ExtendWith(MotoExtension.class)
class DlqReplayIT {
    private static final String SAMPLE_COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    private static final BuildId SAMPLE_BUILD = BuildId.of("payments-api", SAMPLE_COMMIT);

    private record Run(int exit, String out, String err) {}

    private static Run kft(MotoServer moto, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of(), Kft.class.getName(), List.of(args)));
        builder.environment().put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        builder.environment().put("AWS_REGION", MotoServer.REGION.id());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        Path out = Files.createTempFile("kft-out", ".txt");
        Path err = Files.createTempFile("kft-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/kft " + String.join(" ", args) + " did not finish in 90 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void deadLettersGoBackToTheirFunctionAndAreDeletedOnceHandled(MotoServer moto, @TempDir Path dir) throws Exception {
        MotoStack stack = MotoStack.create(moto);
        // The build that events/task-running.json belongs to, as PushFunction records it.
        RefChange change = new RefChange("event-1", Instant.now(), MotoServer.REGION.id(), "payments-api", RefChange.Kind.UPDATED,
                RefType.BRANCH, "main", "refs/heads/main", SAMPLE_COMMIT, null);
        BuildPlan plan = ((BuildPlanner.Build) new BuildPlanner(BuildSettings.fromEnvironment(Map.of("AWS_REGION", MotoServer.REGION.id(),
                "ECR_REGISTRY", stack.registry(), "CACHE_REPOSITORY", stack.cacheRepository))).decide(change, Instant.now())).plan();
        stack.dynamoDb.putItem(r -> r.tableName(stack.ledgerTable).item(LedgerItemCodec.newBuildItem(plan, Instant.now(), 0L)));

        try (SqsClient sqs = stack.clients.build(SqsClient.builder())) {
            String queue = sqs.createQueue(r -> r.queueName("task-state-dead-letters-" + stack.suffix)).queueUrl();
            // Lambda's OnFailure destination: the event inside requestPayload.
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"version\":\"1.0\",\"timestamp\":\"2026-12-05T08:00:00Z\","
                    + "\"requestContext\":{\"requestId\":\"r-1\",\"condition\":\"RetriesExhausted\",\"approximateInvokeCount\":3},"
                    + "\"requestPayload\":" + SampleEvents.text("task-running.json") + ",\"responseContext\":{\"statusCode\":200}}"));
            // EventBridge's dead-letter queue: the event itself (here one the function ignores, which is handled too).
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"id\":\"foreign-1\",\"source\":\"aws.ecs\",\"detail-type\":\"Something Else\",\"detail\":{}}"));
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("not an event"));

            Map<String, Map<String, String>> blocks = new HashMap<>(stack.stack.envVars());
            blocks.put(StackTarget.DEAD_LETTER_QUEUES_BLOCK, Map.of("TaskStateFunction", queue));
            Path envVars = Files.writeString(dir.resolve("env.json"), EnvVarsFile.write(blocks));

            Run dryRun = kft(moto, "dlq", "replay", "--function", "TaskStateFunction", "--dry-run", "-n", envVars.toString());
            assertEquals(0, dryRun.exit(), dryRun.err());
            assertTrue(dryRun.out().contains("TaskStateFunction would replay ECS Task State Change"), dryRun.out());
            assertTrue(dryRun.out().contains("3 message(s) would be replayed"), dryRun.out());
            assertEquals(3, messagesIn(sqs, queue), "a dry run takes nothing");
            assertEquals("QUEUED", status(stack));

            Run replay = kft(moto, "dlq", "replay", "--function", "TaskStateFunction", "-n", envVars.toString());
            assertEquals(1, replay.exit(), "one message could not be replayed: " + replay.out() + replay.err());
            assertTrue(replay.out().contains("2 replayed, 1 left in the queue"), replay.out());
            assertTrue(replay.err().contains("is not an event"), replay.err());
            assertEquals("RUNNING", status(stack), "TaskStateFunction handled the replayed event");
            assertEquals(1, messagesIn(sqs, queue), "only the unreadable message stays");
        }
    }

    private static String status(MotoStack stack) {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(SAMPLE_BUILD)).consistentRead(true))
                .item().get(LedgerItemCodec.STATUS).s();
    }

    /** Visible and in flight. */
    private static int messagesIn(SqsClient sqs, String queue) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
