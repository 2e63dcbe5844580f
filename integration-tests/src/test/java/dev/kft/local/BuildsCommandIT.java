package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.DynamoBuildHistory;
import dev.kft.aws.DynamoBuildOperations;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.core.RefType;
import dev.kft.push.BuildPlan;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.RefChange;
import dev.kft.result.BuildStatus;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * bin/kft builds against a stack-up'd moto_server, through the env-vars file stack-up prints:
 * list (every index, filters, pages), show, logs (and --follow ending with the build), rebuild and
 * cancel (ledger and ECS), and their answers to unknown builds.
 */
@ExtendWith(MotoExtension.class)
class BuildsCommandIT {
    private static final Instant NOW = Instant.now();

    private MotoStack stack;
    private MotoServer moto;
    private Path envVars;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp(MotoServer moto, @TempDir Path dir) throws Exception {
        this.moto = moto;
        stack = MotoStack.create(moto);
        envVars = Files.writeString(dir.resolve("env.json"), EnvVarsFile.write(stack.stack.envVars()));
    }

    private int kft(String... args) {
        return kft(duration -> { }, args);
    }

    private int kft(Sleeper sleeper, String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-n", envVars.toString()));
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_REGION", MotoServer.REGION.id(),
                "USER", "tester");
        return new Kft(Path.of("."), env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), sleeper, Duration.ofMillis(1)).run(all);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A build as PushFunction records it (the codec's own encoding), queued {@code minutesAgo} minutes ago. */
    private BuildId build(String repository, String branch, int number, double minutesAgo) {
        String commit = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(20).putInt(number).putInt(repository.hashCode()).array());
        Instant queuedAt = NOW.minusSeconds((long) (minutesAgo * 60));
        RefChange change = new RefChange("event-" + number, queuedAt, MotoServer.REGION.id(), repository, RefChange.Kind.UPDATED,
                RefType.BRANCH, branch, "refs/heads/" + branch, commit, null);
        BuildSettings settings = BuildSettings.fromEnvironment(Map.of("AWS_REGION", MotoServer.REGION.id(),
                "ECR_REGISTRY", stack.registry(), "CACHE_REPOSITORY", stack.cacheRepository,
                "IMAGE_REPOSITORY_PREFIX", stack.imagePrefix));
        BuildPlan plan = ((BuildPlanner.Build) new BuildPlanner(settings).decide(change, queuedAt)).plan();
        stack.dynamoDb.putItem(r -> r.tableName(stack.ledgerTable).item(LedgerItemCodec.newBuildItem(plan, queuedAt, 0L)));
        return plan.buildId();
    }

    private void set(BuildId id, String attribute, AttributeValue value) {
        stack.dynamoDb.updateItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(id))
                .updateExpression("SET #a = :v").expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":v", value)));
    }

    private Map<String, AttributeValue> item(BuildId id) {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(id)).consistentRead(true)).item();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> listed() {
        return (List<Map<String, Object>>) Json.parseObject(out()).get("builds");
    }

    @Test
    void listFollowsThePagesNewestFirstAndFilters() {
        List<BuildId> shop = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            shop.add(build("shop", i % 4 == 0 ? "feature/login" : "main", i, i * 2 + 0.5));
        }
        for (int i = 0; i < 10; i++) {
            build("billing", "main", 100 + i, i * 2 + 1.5);
        }
        set(shop.get(3), LedgerItemCodec.STATUS, AttributeValue.fromS("FAILED"));
        set(shop.get(7), LedgerItemCodec.STATUS, AttributeValue.fromS("FAILED"));
        // A verdict item shares the table: it is never listed.
        stack.dynamoDb.putItem(r -> r.tableName(stack.ledgerTable).item(LedgerItemCodec.verdictKey(stack.imagePrefix + "/shop", "sha256:00")));

        // 30 builds, 25 wanted, 7 per page: four Query calls, newest first across repositories.
        assertEquals(Kft.OK, kft("builds", "list", "--limit", "25", "--page-size", "7", "--json"));
        List<Map<String, Object>> builds = listed();
        assertEquals(25, builds.size());
        List<String> queuedAt = builds.stream().map(b -> (String) b.get("queuedAt")).toList();
        assertEquals(queuedAt.stream().sorted(java.util.Comparator.reverseOrder()).toList(), queuedAt);
        assertEquals(shop.get(0).value(), builds.get(0).get("buildId"));
        assertEquals("refs/heads/feature/login", builds.get(0).get("ref"));
        assertEquals(stack.imagePrefix + "/shop:" + ((String) builds.get(0).get("commitId")).substring(0, 12), builds.get(0).get("image"));
        DynamoBuildHistory.Found found = new DynamoBuildHistory(stack.dynamoDb, stack.ledgerTable)
                .search(new DynamoBuildHistory.Search(null, null, null, null, 25, 7));
        assertEquals(4, found.queries());
        assertEquals(25, found.items().size());

        assertEquals(Kft.OK, kft("builds", "list", "--limit", "100", "--page-size", "7", "--json"));
        assertEquals(30, listed().size(), "every build, and nothing else");

        assertEquals(Kft.OK, kft("builds", "list", "--repository", "billing", "--json"));
        assertEquals(10, listed().size());
        assertTrue(listed().stream().allMatch(b -> b.get("repository").equals("billing")));

        assertEquals(Kft.OK, kft("builds", "list", "--repository", "shop", "--branch", "feature/login", "--json"));
        assertEquals(5, listed().size());

        assertEquals(Kft.OK, kft("builds", "list", "--status", "failed", "--page-size", "4", "--json"));
        assertEquals(List.of(shop.get(3).value(), shop.get(7).value()), listed().stream().map(b -> b.get("buildId")).toList());

        // Queued 0.5, 1.5, 2.5 ... minutes ago: the last 10 minutes hold 10 of them.
        assertEquals(Kft.OK, kft("builds", "list", "--since", "10m", "--limit", "50", "--json"));
        assertEquals(10, listed().size());

        assertEquals(Kft.OK, kft("builds", "list", "--limit", "3"));
        List<String> lines = out().lines().toList();
        assertEquals(4, lines.size(), out());
        assertTrue(lines.get(0).startsWith("BUILD"));
        assertTrue(lines.get(1).startsWith(shop.get(0).value()) && lines.get(1).contains("QUEUED"), lines.get(1));
    }

    @Test
    void showPrintsTheWholeItemWithLinksAndUnknownBuildsAreNotFound() {
        BuildId id = build("shop", "main", 1, 1);
        set(id, LedgerItemCodec.TASK_ARN, AttributeValue.fromS("arn:aws:ecs:us-east-1:123456789012:task/" + stack.cluster + "/abc123"));

        assertEquals(Kft.OK, kft("builds", "show", id.value(), "--json"));
        Map<String, Object> shown = Json.parseObject(out());
        assertEquals(id.value(), JsonFields.text(shown, "build", "buildId"));
        assertEquals("QUEUED", JsonFields.text(shown, "build", "status"));
        assertTrue(JsonFields.text(shown, "links", "logs").contains("abc123"));
        assertTrue(JsonFields.text(shown, "links", "commit").contains("/codecommit/repositories/shop/commit/"));
        assertNotNull(JsonFields.text(shown, "links", "task"));

        assertEquals(Kft.OK, kft("builds", "show", id.value()));
        assertTrue(out().contains("kanikoArgs") && out().contains("commit link"), out());

        String unknown = "0123456789abcdef0123456789abcdef";
        for (String verb : List.of("show", "logs", "rebuild", "cancel")) {
            assertEquals(Kft.FAILED, kft("builds", verb, unknown), verb);
            assertEquals("no build " + unknown + " in " + stack.ledgerTable, err().strip(), verb);
        }
    }

    @Test
    void logsPrintTheKanikoStreamAndFollowEndsWhenTheBuildDoes() {
        BuildId id = build("shop", "main", 1, 1);
        String taskArn = "arn:aws:ecs:us-east-1:123456789012:task/" + stack.cluster + "/0f1e2d3c";
        assertEquals(Kft.FAILED, kft("builds", "logs", id.value()));
        assertTrue(err().contains("has no task yet (QUEUED)"), err());

        set(id, LedgerItemCodec.TASK_ARN, AttributeValue.fromS(taskArn));
        set(id, LedgerItemCodec.STATUS, AttributeValue.fromS("RUNNING"));
        assertEquals(Kft.FAILED, kft("builds", "logs", id.value()));
        assertTrue(err().contains("no log stream build/kaniko/0f1e2d3c"), err());

        try (CloudWatchLogsClient logs = stack.clients.build(CloudWatchLogsClient.builder())) {
            KanikoLogStandIn.write(logs, stack.kanikoLogGroup, taskArn, List.of("INFO Retrieving image manifest", "INFO Building stage"));
            assertEquals(Kft.OK, kft("builds", "logs", id.value()));
            assertEquals(List.of("INFO Retrieving image manifest", "INFO Building stage"), out().lines().toList());

            // --follow: more lines arrive while the build runs; it ends with the build.
            AtomicInteger polls = new AtomicInteger();
            int exit = kft(wait -> {
                if (polls.incrementAndGet() == 2) {
                    KanikoLogStandIn.write(logs, stack.kanikoLogGroup, taskArn, List.of("INFO Pushing image"));
                    set(id, LedgerItemCodec.STATUS, AttributeValue.fromS("SUCCEEDED"));
                }
            }, "builds", "logs", id.value(), "--follow");
            assertEquals(Kft.OK, exit, err());
            assertEquals(List.of("INFO Retrieving image manifest", "INFO Building stage", "INFO Pushing image"), out().lines().toList());
            assertEquals(2, polls.get());
            assertTrue(err().contains("ended: SUCCEEDED"), err());
        }
    }

    @Test
    void rebuildLaunchesTheRecordedArgumentsAsTheNextAttemptOnce() {
        BuildId id = build("shop", "main", 1, 1);
        assertEquals(Kft.FAILED, kft("builds", "rebuild", id.value()));
        assertTrue(err().contains("is QUEUED: only a build that ended without its image"), err());

        set(id, LedgerItemCodec.STATUS, AttributeValue.fromS("FAILED"));
        set(id, LedgerItemCodec.RESULT_PUBLISHED_AT, AttributeValue.fromS(NOW.toString()));
        assertEquals(Kft.OK, kft("builds", "rebuild", id.value()), err());

        Map<String, AttributeValue> item = item(id);
        assertEquals("2", item.get(LedgerItemCodec.ATTEMPT).n());
        assertEquals("QUEUED", item.get(LedgerItemCodec.STATUS).s());
        assertEquals("1", item.get(LedgerItemCodec.REBUILD_OF).n());
        assertTrue(item.get(LedgerItemCodec.REQUESTED_BY).s().startsWith("arn:aws:"), "the caller identity from STS");
        assertFalse(item.containsKey(LedgerItemCodec.RESULT_PUBLISHED_AT), "the new attempt's result is published anew");
        Task task = stack.ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(item.get(LedgerItemCodec.TASK_ARN).s())).tasks().get(0);
        assertEquals(id.startedBy(2), task.startedBy());
        assertEquals("FARGATE", task.launchTypeAsString());
        List<String> recorded = item.get(LedgerItemCodec.KANIKO_ARGS).l().stream().map(AttributeValue::s).toList();
        assertEquals(recorded, task.overrides().containerOverrides().get(0).command());

        // Two rebuilds that both saw attempt 1: the second finds attempt 2 and claims nothing.
        assertTrue(new DynamoBuildOperations(stack.dynamoDb, stack.ledgerTable)
                .claimRebuild(id, 1, BuildStatus.FAILED, "someone", NOW).isEmpty());
        assertEquals(Kft.FAILED, kft("builds", "rebuild", id.value()));
        assertEquals("2", item(id).get(LedgerItemCodec.ATTEMPT).n());
    }

    @Test
    void cancelStopsTheTaskAndRecordsWhoAndWhyOnlyOnce() {
        BuildId id = build("shop", "main", 1, 1);
        set(id, LedgerItemCodec.STATUS, AttributeValue.fromS("FAILED"));
        assertEquals(Kft.OK, kft("builds", "rebuild", id.value()), err());
        String taskArn = item(id).get(LedgerItemCodec.TASK_ARN).s();

        assertEquals(Kft.OK, kft("builds", "cancel", id.value(), "--reason", "wrong branch"), err());

        Map<String, AttributeValue> item = item(id);
        assertEquals("CANCELLED", item.get(LedgerItemCodec.STATUS).s());
        assertTrue(item.get(LedgerItemCodec.CANCELLED_BY).s().startsWith("arn:aws:"));
        assertEquals("wrong branch", item.get(LedgerItemCodec.CANCEL_REASON).s());
        Task task = stack.ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(taskArn)).tasks().get(0);
        assertEquals("STOPPED", task.desiredStatus());
        assertTrue(task.stoppedReason().contains("wrong branch"), task.stoppedReason());

        assertEquals(Kft.FAILED, kft("builds", "cancel", id.value()));
        assertTrue(err().contains("is CANCELLED already"), err());
        assertTrue(new DynamoBuildOperations(stack.dynamoDb, stack.ledgerTable).cancel(id, 2, "x", "y", NOW).isEmpty());
    }

    /** Launched seconds ago, no task recorded yet: the ledger is cancelled now, its task stopped when its first event arrives. */
    @Test
    void cancellingABuildWhoseTaskIsNotRecordedYetLeavesTheStopToItsFirstEvent() {
        BuildId id = build("shop", "main", 1, 0.1);

        assertEquals(Kft.OK, kft("builds", "cancel", id.value(), "--reason", "wrong branch"), err());

        assertEquals("CANCELLED", item(id).get(LedgerItemCodec.STATUS).s());
        assertTrue(out().contains("(no task recorded yet: one that started is stopped when its first state event arrives)"), out());
    }

    /** The operator asked for this commit again: the supersede of its earlier attempt must not stop the rebuild's task. */
    @Test
    void aRebuildOfASupersededBuildClearsTheMark() {
        BuildId id = build("shop", "main", 1, 1);
        set(id, LedgerItemCodec.STATUS, AttributeValue.fromS("CANCELLED"));
        set(id, LedgerItemCodec.SUPERSEDED_BY, AttributeValue.fromS("2".repeat(40)));

        assertEquals(Kft.OK, kft("builds", "rebuild", id.value()), err());

        assertFalse(item(id).containsKey(LedgerItemCodec.SUPERSEDED_BY));
        assertEquals("QUEUED", item(id).get(LedgerItemCodec.STATUS).s());
    }

    @Test
    void aStackThatDoesNotExistIsAnAwsErrorNotAUsageError() {
        out.reset();
        err.reset();
        Map<String, String> env = new HashMap<>(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_REGION", MotoServer.REGION.id()));
        int exit = new Kft(Path.of("."), env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of("builds", "list", "--stack", "no-such-stack"));
        assertEquals(Kft.FAILED, exit);
        assertEquals(1, err().strip().lines().count(), err());
    }
}
