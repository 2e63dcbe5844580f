package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.LedgerItemCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** bin/kft builds and dlq without AWS: argument mistakes (exit 2, one line, before any call), and the pure parts. */
class OpsCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int kft(String... args) {
        // No endpoint, and a region: nothing here may reach AWS (argument checks come first).
        return new Kft(Path.of("."), Map.of("AWS_REGION", "us-east-1")::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    private static Path envVars(Path dir) throws Exception {
        return Files.writeString(dir.resolve("env.json"), EnvVarsFile.write(Map.of(
                "PushFunction", Map.of("LEDGER_TABLE", "kft-ledger", "CLUSTER", "kft-builds"),
                "TaskStateFunction", Map.of("KANIKO_LOG_GROUP", "kft-kaniko", "EVENT_BUS_NAME", "kft-builds"),
                StackTarget.DEAD_LETTER_QUEUES_BLOCK, Map.of("TaskStateFunction", "http://queue"))));
    }

    private void assertUsage(String expected, String... args) {
        out.reset();
        err.reset();
        assertEquals(Kft.USAGE, kft(args), Arrays.toString(args));
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains(expected), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unusableArgumentsAreOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        String file = envVars(dir).toString();
        assertUsage("say which stack", "builds", "list");
        assertUsage("say which stack", "builds", "list", "--stack", "kft", "-n", file);
        assertUsage("--branch needs --repository", "builds", "list", "--branch", "main", "-n", file);
        assertUsage("--since 2x is not a duration", "builds", "list", "--since", "2x", "-n", file);
        assertUsage("--limit 0 is not a positive whole number", "builds", "list", "--limit", "0", "-n", file);
        assertUsage("--status DONE is not one of", "builds", "list", "--status", "DONE", "-n", file);
        assertUsage("not a build id", "builds", "show", "b-1", "-n", file);
        assertUsage("expected 1 argument", "builds", "logs", "-n", file);
        assertUsage("unknown option --tail", "builds", "logs", "0123456789abcdef0123456789abcdef", "--tail", "-n", file);
        assertUsage("unknown verb delete", "builds", "delete", "-n", file);
        assertUsage("--function Push is not one of", "dlq", "replay", "--function", "Push", "-n", file);
        assertUsage("names no dead-letter queue for ScanGateFunction", "dlq", "replay", "--function", "ScanGateFunction", "-n", file);
        assertUsage("dlq needs the verb replay", "dlq", "-n", file);
        assertUsage("has no LEDGER_TABLE", "builds", "list", "-n", Files.writeString(dir.resolve("empty.json"), "{}").toString());
    }

    @Test
    void theEnvVarsFileNamesTheEmulatorsResources(@TempDir Path dir) throws Exception {
        StackTarget target = StackTarget.fromEnvVarsFile(envVars(dir));
        assertEquals("kft-ledger", target.ledgerTable());
        assertEquals("kft-builds", target.cluster());
        assertEquals("kft-kaniko", target.kanikoLogGroup());
        assertEquals(Map.of("TaskStateFunction", "http://queue"), target.deadLetterQueues());
        assertTrue(target.emulated());
    }

    @Test
    void sinceTakesMinutesHoursAndDays() {
        assertEquals(Duration.ofMinutes(45), BuildsCommand.duration("45m"));
        assertEquals(Duration.ofHours(2), BuildsCommand.duration("2h"));
        assertEquals(Duration.ofDays(3), BuildsCommand.duration("3d"));
        assertThrows(Kft.UsageException.class, () -> BuildsCommand.duration("0h"));
        assertThrows(Kft.UsageException.class, () -> BuildsCommand.duration("2 h"));
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("-", BuildsCommand.humanDuration(null));
        assertEquals("42s", BuildsCommand.humanDuration(42_400L));
        assertEquals("3m05s", BuildsCommand.humanDuration(185_000L));
        assertEquals("1h02m", BuildsCommand.humanDuration(3_720_000L));
    }

    @Test
    void aListedBuildHasEveryDocumentedKeyEvenWithoutAValue() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LedgerItemCodec.BUILD_ID, AttributeValue.fromS("0123456789abcdef0123456789abcdef"));
        item.put(LedgerItemCodec.STATUS, AttributeValue.fromS("QUEUED"));
        item.put(LedgerItemCodec.IMAGE_REPOSITORY, AttributeValue.fromS("kft/shop"));
        item.put(LedgerItemCodec.COMMIT_TAG, AttributeValue.fromS("4f2a9c1e7b3d"));
        Map<String, Object> summary = BuildsCommand.summary(item);
        assertEquals(List.of("buildId", "repository", "image", "ref", "commitId", "status", "attempt", "queuedAt", "durationMillis",
                "verdict"), List.copyOf(summary.keySet()));
        assertEquals("kft/shop:4f2a9c1e7b3d", summary.get("image"));
        assertEquals(null, summary.get("verdict"));
    }

    @Test
    void aLambdaFailureRecordIsUnwrappedAndAnEventBridgeDeadLetterIsTheEvent() {
        String event = "{\"id\":\"e-1\",\"detail-type\":\"ECS Task State Change\",\"detail\":{}}";
        String lambdaRecord = "{\"version\":\"1.0\",\"requestContext\":{\"condition\":\"RetriesExhausted\",\"approximateInvokeCount\":3},"
                + "\"requestPayload\":" + event + ",\"responseContext\":{\"statusCode\":200},\"responsePayload\":{}}";

        assertEquals("e-1", DlqCommand.originalEvent(lambdaRecord).get("id"));
        assertEquals("ECS Task State Change", DlqCommand.originalEvent(lambdaRecord).get("detail-type"));
        assertEquals("e-1", DlqCommand.originalEvent(event).get("id"));
    }
}
