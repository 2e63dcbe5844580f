package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.BuildId;
import dev.kft.core.JsonFields;
import dev.kft.gate.ScanEvent;
import dev.kft.gate.ScanEventParser;
import dev.kft.push.PushEventParser;
import dev.kft.push.RefChange;
import dev.kft.result.TaskStateChange;
import dev.kft.result.TaskStateEventParser;
import dev.kft.testing.SampleEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Task;

/** The demo's events are the sample files with the emulator's ids, as the functions' own parsers read them. */
class DemoEventsTest {
    /** A commit id, as the demo's second push names one. */
    private static final String CLEAN_COMMIT = "b7e3d9a1c5f2048e6a9d3b1c7f5e2a8d4c0b6e19";
    private static final String ACCOUNT = "000000000042";
    private static final String REGION = "eu-west-1";
    private static final BuildId BUILD = BuildId.of("payments-api", CLEAN_COMMIT);
    private static final String TASK_ARN = "arn:aws:ecs:eu-west-1:000000000042:task/demo-builds/0123456789abcdef";
    private static final Instant CREATED = Instant.parse("2030-01-02T03:04:05.100Z");
    private static final Instant STARTED = Instant.parse("2030-01-02T03:04:09.200Z");
    private static final Instant STOPPED = Instant.parse("2030-01-02T03:05:10.300Z");
    private static final Instant NOW = Instant.parse("2030-01-02T03:05:11.400Z");
    private static final DemoEvents.TaskTimes RUNNING = new DemoEvents.TaskTimes(CREATED, STARTED, null);

    private final DemoEvents events = new DemoEvents(SampleEvents.DIRECTORY, ACCOUNT, REGION);

    private static Task task() {
        return Task.builder()
                .taskArn(TASK_ARN)
                .clusterArn("arn:aws:ecs:eu-west-1:000000000042:cluster/demo-builds")
                .taskDefinitionArn("arn:aws:ecs:eu-west-1:000000000042:task-definition/demo-kaniko:1")
                .startedBy(BUILD.startedBy(1))
                .group("kft-build")
                .launchType(LaunchType.FARGATE)
                .overrides(o -> o.containerOverrides(c -> c.name("kaniko").command("--context=git://demo", "--destination=demo:1")))
                .containers(Container.builder().name("kaniko").containerArn("arn:aws:ecs:eu-west-1:000000000042:container/demo").build())
                .attachments(Attachment.builder().id("eni-attachment").type("ElasticNetworkInterface").status("ATTACHED")
                        .details(KeyValuePair.builder().name("subnetId").value("subnet-demo").build()).build())
                .build();
    }

    @Test
    void aTaskEventNamesTheEmulatorsTaskAndBuildAndKeepsTheFilesStateAndVersion() {
        DemoEvents.TaskTimes times = new DemoEvents.TaskTimes(CREATED, STARTED, STOPPED);
        Map<String, Object> event = events.taskState("task-stopped-exit0.json", task(), times, NOW);
        TaskStateChange change = TaskStateEventParser.parse(event, "kaniko");
        assertEquals(TASK_ARN, change.taskArn());
        assertEquals(new BuildId.Attempt(BUILD, 1), change.build().orElseThrow());
        assertEquals("kft-build", change.group());
        assertEquals("STOPPED", change.lastStatus());
        assertEquals(6, change.version());
        assertEquals(0, change.exitCode());
        assertEquals("EssentialContainerExited", change.stopCode());
        assertEquals(List.of("--context=git://demo", "--destination=demo:1"), change.kaniko().command());
        assertEquals(CREATED, change.createdAt());
        assertEquals(STARTED, change.startedAt());
        assertEquals(STOPPED, change.executionStoppedAt());
        assertEquals(STOPPED, change.stoppedAt());
        assertEquals(REGION, change.region());
        Map<String, Object> detail = JsonFields.object(event, "detail");
        assertEquals("arn:aws:ecs:eu-west-1:000000000042:cluster/demo-builds", detail.get("clusterArn"));
        assertEquals(List.of(TASK_ARN), event.get("resources"));
        assertEquals(ACCOUNT, event.get("account"));
        assertEquals("arn:aws:ecs:eu-west-1:000000000042:container/demo",
                JsonFields.objects(detail, "containers").get(0).get("containerArn"));
        Map<String, Object> attachment = JsonFields.objects(detail, "attachments").get(0);
        assertEquals("DELETED", attachment.get("status"), "the file's state of the network interface");
        assertEquals(List.of(Map.of("name", "subnetId", "value", "subnet-demo")), attachment.get("details"));
        // A launch type, not a capacity provider: the sample's FARGATE_SPOT provider would say otherwise.
        assertFalse(detail.containsKey("capacityProviderName"));
    }

    @Test
    void aRunningEventHasStartTimesAndNoStopTimes() {
        Map<String, Object> event = events.taskState("task-running.json", task(), RUNNING, NOW);
        TaskStateChange change = TaskStateEventParser.parse(event, "kaniko");
        assertEquals("RUNNING", change.lastStatus());
        assertEquals(3, change.version());
        assertEquals(STARTED, change.startedAt());
        assertEquals(null, change.stoppedAt());
        assertFalse(JsonFields.object(event, "detail").containsKey("stoppedAt"));
        assertEquals("2030-01-02T03:05:11Z", event.get("time"));
    }

    @Test
    void eachEventIsANewEvent() {
        Map<String, Object> sample = SampleEvents.json("task-running.json");
        Map<String, Object> first = events.taskState("task-running.json", task(), RUNNING, NOW);
        Map<String, Object> second = events.taskState("task-running.json", task(), RUNNING, NOW);
        assertNotEquals(sample.get("id"), first.get("id"));
        assertNotEquals(first.get("id"), second.get("id"));
    }

    @Test
    void aScanEventNamesTheImageAndCarriesTheScansCounts() {
        Map<String, Object> event = events.scan("scan-basic-dirty.json", "demo/payments-api", "sha256:abababababababababababababababababababababababababababababababab",
                List.of("b7e3d9a1c5f2"), Map.of("HIGH", 1), NOW);
        ScanEvent scan = ScanEventParser.parse(event);
        assertEquals("demo/payments-api", scan.imageRepository());
        assertEquals("sha256:abababababababababababababababababababababababababababababababab", scan.imageDigest());
        assertEquals(List.of("b7e3d9a1c5f2"), scan.imageTags());
        assertEquals(Map.of("HIGH", 1L), scan.severityCounts());
        assertEquals(ACCOUNT, scan.account());
        assertEquals(REGION, scan.region());
        assertEquals(List.of("arn:aws:ecr:eu-west-1:000000000042:repository/demo/payments-api"), event.get("resources"));
    }

    @Test
    void aCleanScanEventHasNoCounts() {
        Map<String, Object> event = events.scan("scan-basic-clean.json", "demo/payments-api", "sha256:abababababababababababababababababababababababababababababababab",
                List.of("b7e3d9a1c5f2"), Map.of(), NOW);
        assertTrue(ScanEventParser.parse(event).severityCounts().isEmpty());
    }

    @Test
    void aSecondPushIsTheSameRefWithAnotherCommitOnTopOfTheFirst() {
        String firstCommit = JsonFields.requireText(SampleEvents.json("push-branch.json"), "detail", "commitId");
        Map<String, Object> event = events.push("push-branch.json", CLEAN_COMMIT, firstCommit, NOW);
        RefChange change = PushEventParser.parse(event).changes().get(0);
        assertEquals("refs/heads/main", change.refFullName());
        assertEquals(CLEAN_COMMIT, change.commitId());
        assertEquals(firstCommit, change.oldCommitId());
        assertEquals(REGION, change.region());
        assertEquals(List.of("arn:aws:codecommit:eu-west-1:000000000042:payments-api"), event.get("resources"));
    }
}
