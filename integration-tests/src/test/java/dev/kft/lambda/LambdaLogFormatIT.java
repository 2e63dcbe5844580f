package dev.kft.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Json;
import dev.kft.functions.push.PushHandler;
import dev.kft.lambda.RuntimeInterfaceClientRun.Frame;
import dev.kft.lambda.RuntimeInterfaceClientRun.Outcome;
import dev.kft.testing.SampleEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PushFunction's logs as Lambda writes them, under the template's {@code LoggingConfig}: the real
 * handler runs inside the real runtime interface client, and the frames it writes to the telemetry
 * fd are what CloudWatch Logs receives. Two events that need no AWS call: a push to a repository
 * that is not configured to build (IGNORED, an INFO record) and a CodeCommit event without its
 * detail or time (IGNORED as malformed, a WARN record).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Order(4) // one of the longest classes: started early (junit-platform.properties)
class LambdaLogFormatIT {
    private static final String HANDLER = PushHandler.class.getName() + "::handleRequest";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String IGNORED_PUSH = "00000000-0000-4000-8000-000000000001";
    private static final String MALFORMED_EVENT = "00000000-0000-4000-8000-000000000002";
    private static final String MALFORMED = """
            {"id":"broken-1","source":"aws.codecommit","detail-type":"CodeCommit Repository State Change","detail":{}}""";
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @TempDir
    Path dir;

    @Test
    void underJsonFormatEachRecordIsOneObjectWithOurFieldsAtTheTopLevel() throws Exception {
        try (RuntimeInterfaceClientRun run = RuntimeInterfaceClientRun.start(HANDLER, pushFunction("JSON", "INFO"), bothEvents(), dir)) {
            Outcome ignored = run.outcome(IGNORED_PUSH, WAIT);
            assertFalse(ignored.failed(), ignored.body());
            assertTrue(ignored.body().contains("\"result\":\"IGNORED\""), ignored.body());
            assertFalse(run.outcome(MALFORMED_EVENT, WAIT).failed());
            List<Frame> frames = run.frames();
            frames.forEach(frame -> System.out.print("[frame " + frame.level() + "] " + frame.message()));

            Map<String, Object> info = record(frames, "push ignored");
            Map<String, Object> push = SampleEvents.json("push-branch.json");
            assertEquals("INFO", info.get("level"));
            assertEquals(IGNORED_PUSH, info.get("AWSRequestId"));
            assertEquals(push.get("id"), info.get("eventId"));
            assertEquals("payments-api", info.get("repository"));
            assertEquals("refs/heads/main", info.get("ref"));
            assertEquals("4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f", info.get("commitId"));
            assertEquals("repository payments-api is not configured to build", info.get("reason"));
            assertTrue(info.get("timestamp").toString().matches(TIMESTAMP), info.toString());

            Map<String, Object> warn = record(frames, "malformed event ignored");
            assertEquals("WARN", warn.get("level"));
            assertEquals(MALFORMED_EVENT, warn.get("AWSRequestId"));
            assertEquals("field time is missing", warn.get("reason"));

            // Every frame is a JSON-format frame at its record's level, holding one object on one line.
            for (Frame frame : frames) {
                Map<String, Object> record = Json.parseObject(frame.message());
                assertTrue(frame.jsonFormat(), frame.toString());
                assertEquals(frame.level(), record.get("level"), frame.toString());
                assertEquals(frame.message().length() - 1, frame.message().indexOf('\n'), "one line: " + frame);
            }
        }
    }

    @Test
    void applicationLogLevelWarnKeepsTheWarnRecordsAndDropsTheInfoOnes() throws Exception {
        try (RuntimeInterfaceClientRun run = RuntimeInterfaceClientRun.start(HANDLER, pushFunction("JSON", "WARN"), bothEvents(), dir)) {
            assertFalse(run.outcome(IGNORED_PUSH, WAIT).failed());
            assertFalse(run.outcome(MALFORMED_EVENT, WAIT).failed());
            List<Frame> frames = run.frames();

            assertEquals("WARN", record(frames, "malformed event ignored").get("level"));
            assertTrue(frames.stream().noneMatch(frame -> frame.message().contains("push ignored")), frames.toString());
            assertTrue(frames.stream().noneMatch(frame -> frame.level().equals("INFO")), frames.toString());
        }
    }

    @Test
    void underTextFormatTheSameRecordIsOneReadableLine() throws Exception {
        try (RuntimeInterfaceClientRun run = RuntimeInterfaceClientRun.start(HANDLER, pushFunction("TEXT", null), bothEvents(), dir)) {
            assertFalse(run.outcome(IGNORED_PUSH, WAIT).failed());
            assertFalse(run.outcome(MALFORMED_EVENT, WAIT).failed());
            List<Frame> frames = run.frames();

            Frame ignored = frames.stream().filter(frame -> frame.message().contains("push ignored")).findFirst().orElseThrow();
            assertFalse(ignored.jsonFormat());
            assertTrue(ignored.message().startsWith("{\"timestamp\":") && ignored.message().endsWith("}\n"), ignored.message());
            assertEquals("repository payments-api is not configured to build", Json.parseObject(ignored.message()).get("reason"));
        }
    }

    @Test
    void aConfigurationErrorIsLoggedAtInitAndFailsTheInvocationWithItsMessage() throws Exception {
        Map<String, String> environment = pushFunction("JSON", "INFO");
        environment.put("USE_FARGATE_SPOT", "yes");
        try (RuntimeInterfaceClientRun run = RuntimeInterfaceClientRun.start(HANDLER, environment,
                Map.of(IGNORED_PUSH, SampleEvents.text("push-branch.json")), dir)) {
            Outcome outcome = run.outcome(IGNORED_PUSH, WAIT);
            assertTrue(outcome.failed(), outcome.body());
            Map<String, Object> error = Json.parseObject(outcome.body());
            assertEquals("PushFunction is not configured: USE_FARGATE_SPOT must be true or false, not yes", error.get("errorMessage"));
            assertEquals("dev.kft.core.EnvironmentValues$ConfigurationException", error.get("errorType"));

            List<Frame> frames = run.frames();
            frames.forEach(frame -> System.out.print("[frame " + frame.level() + "] " + frame.message()));
            Map<String, Object> init = record(frames, "function not configured: every invocation fails until its environment is fixed");
            assertEquals("ERROR", init.get("level"));
            assertEquals("PushFunction", init.get("function"));
            assertEquals("USE_FARGATE_SPOT must be true or false, not yes", init.get("reason"));
            assertNull(init.get("AWSRequestId"), "written at init, before any invocation");
        }
    }

    /** The two events, in order: the ignored push, then the malformed event. */
    private static Map<String, String> bothEvents() {
        Map<String, String> events = new LinkedHashMap<>();
        events.put(IGNORED_PUSH, SampleEvents.text("push-branch.json"));
        events.put(MALFORMED_EVENT, MALFORMED);
        return events;
    }

    /** The one record with this message, parsed from its frame. */
    private static Map<String, Object> record(List<Frame> frames, String message) {
        List<Map<String, Object>> matching = frames.stream().map(frame -> Json.parseObject(frame.message()))
                .filter(record -> message.equals(record.get("message"))).toList();
        assertEquals(1, matching.size(), "records with message '" + message + "' in " + frames);
        return matching.get(0);
    }

    /**
     * PushFunction's environment as the template gives it (resource names made up: nothing is
     * called), building only another repository, and Lambda's own variables for {@code LoggingConfig}
     * (the level is only set with the JSON format).
     */
    private static Map<String, String> pushFunction(String logFormat, String applicationLogLevel) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "kft-PushFunction");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_FORMAT", logFormat);
        if (applicationLogLevel != null) {
            env.put("AWS_LAMBDA_LOG_LEVEL", applicationLogLevel);
        }
        env.put("LEDGER_TABLE", "kft-builds");
        // Where PushFunction announces configuration and policy failures; required since it reads .kft.yaml.
        env.put("EVENT_BUS_NAME", "kft-builds");
        env.put("CLUSTER", "kft-builds");
        env.put("TASK_DEFINITION", "arn:aws:ecs:us-east-1:123456789012:task-definition/kft-kaniko:1");
        env.put("KANIKO_CONTAINER_NAME", "kaniko");
        env.put("SUBNETS", "subnet-0a1b2c3d");
        env.put("SECURITY_GROUPS", "sg-0a1b2c3d");
        env.put("ASSIGN_PUBLIC_IP", "false");
        env.put("ECR_REGISTRY", "123456789012.dkr.ecr.us-east-1.amazonaws.com");
        env.put("CACHE_REPOSITORY", "kft-kaniko-cache");
        env.put("IMAGE_REPOSITORY_PREFIX", "kft");
        env.put("BUILD_REPOSITORIES", "inventory-service");
        env.put("USE_FARGATE_SPOT", "true");
        env.put("PROMOTE_ON_CLEAN_SCAN", "true");
        env.put("SCAN_FAIL_CLOSED", "true");
        return env;
    }
}
