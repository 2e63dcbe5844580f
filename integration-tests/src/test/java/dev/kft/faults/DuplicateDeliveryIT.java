package dev.kft.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.aws.DynamoBuildLedger;
import dev.kft.aws.EcsBuildLauncher;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.functions.gate.ScanGateHandler;
import dev.kft.functions.push.PushHandler;
import dev.kft.functions.result.TaskStateHandler;
import dev.kft.gate.VerdictNotifier;
import dev.kft.launch.CapacityFallback;
import dev.kft.local.GitRepository;
import dev.kft.local.LocalCodeCommit;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.BuildTrigger;
import dev.kft.push.PushEventParser;
import dev.kft.result.BuildEventDetail;
import dev.kft.testing.EcrTestImages;
import dev.kft.testing.EventMutation;
import dev.kft.testing.FaultProxy;
import dev.kft.testing.InMemorySource;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleCommits;
import dev.kft.testing.SampleEvents;
import dev.kft.testing.TaskEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Copies of one event delivered at once from two JVMs, for each function: two execution environments
 * of each function's real handler and wiring, hosted by two {@link InvokeHandlerMain} JVMs (started once
 * for the three cases), several concurrent copies in each. Both reach moto through {@link AwsGuarantees},
 * which gives moto DynamoDB's atomic conditional writes and ECS's clientToken (without it moto lets two
 * concurrent claims both win, which DynamoDB never does), behind a proxy that counts the calls; CodeCommit
 * is a local one serving the commits. A copy whose claim is held fails and is delivered again later, as
 * Lambda would; every copy but one ends a duplicate, none in the failure destination.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@Order(6) // one of the longest classes: started early (junit-platform.properties)
class DuplicateDeliveryIT {
    /** The commit the task-state and scan samples name. */
    private static final String SAMPLE_COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";

    private Path dir;
    private MotoStack stack;
    private SampleCommits payments;
    /** The task-state case's repository: its own, so no build of one case supersedes the other's. */
    private GitRepository orders;
    private AwsGuarantees aws;
    private FaultProxy counting;
    private LocalCodeCommit codeCommit;
    private final List<InvokeHandlerMain> jvms = new ArrayList<>();

    @BeforeAll
    void startTwoJvms(MotoServer moto, @TempDir Path dir) throws IOException {
        this.dir = dir;
        stack = MotoStack.create(moto);
        payments = new SampleCommits(GitRepository.init(dir.resolve("payments-api")));
        orders = GitRepository.init(dir.resolve("orders-api"));
        aws = new AwsGuarantees(moto.endpoint());
        // Counts every request the two JVMs send to AWS, as it arrives: what the deliveries cost.
        counting = FaultProxy.counting(aws.endpoint());
        codeCommit = LocalCodeCommit.serve(Map.of("payments-api", payments.git(), "orders-api", orders), 0,
                LocalCodeCommit.DEFAULT_DIFFERENCES_PAGE);
        Map<String, String> codeCommitEndpoint = Map.of("AWS_ENDPOINT_URL_CODECOMMIT", codeCommit.endpoint().toString());
        jvms.add(InvokeHandlerMain.start(stack, counting.endpoint(), codeCommitEndpoint, dir, "first"));
        jvms.add(InvokeHandlerMain.start(stack, counting.endpoint(), codeCommitEndpoint, dir, "second"));
    }

    @AfterAll
    void stop() throws Exception {
        for (InvokeHandlerMain jvm : jvms) {
            jvm.close();
        }
        // What the set-up started, if it failed part way.
        for (AutoCloseable started : new AutoCloseable[] {codeCommit, counting, aws}) {
            if (started != null) {
                started.close();
            }
        }
    }

    @Test
    void copiesOfAPushInTwoJvmsStartOneTask() throws Exception {
        String event = payments.event("push-branch.json");
        String commit = JsonFields.text(Json.parseObject(event), "detail", "commitId");
        BuildId build = BuildId.of("payments-api", commit);
        int codeCommitCallsBefore = codeCommit.calls().size();
        counting.resetCounts();

        deliver(PushHandler.class, event, 4);
        // ECS's part: the task's first state event, about a second after it starts, records the task on the build.
        TaskEvents.firstEventOnceStarted(stack, build.startedBy(1), Duration.ofSeconds(60));
        List<Map<String, Object>> reports = reports();

        List<String> results = results(reports, result -> String.valueOf(JsonFields.objects(result, "builds").get(0).get("result")));
        int deliveries = reports.stream().mapToInt(report -> ((Number) report.get("deliveries")).intValue()).sum();
        System.out.println("duplicate push deliveries from two JVMs: " + results);
        assertEquals(8, results.size(), results.toString());
        assertEquals(1, results.stream().filter("LAUNCHED"::equals).count(), results.toString());
        assertEquals(7, results.stream().filter("ALREADY_LAUNCHED"::equals).count(), results.toString());
        // The launch: its claim, the branch's builds under way (superseding) and RunTask; nothing after RunTask
        // and no ECR call. Every other delivery: its claim alone.
        assertEquals(Map.of("dynamodb.PutItem", deliveries, "dynamodb.Query", 1, "ecs.RunTask", 1), counting.callCounts(),
                deliveries + " deliveries");
        // The commit, the missing .kft.yaml, and the Dockerfile the default Dockerfile policy (WARN) reads.
        List<String> codeCommitCalls = codeCommit.calls();
        assertEquals(List.of("GetCommit", "GetFile", "GetFile"), codeCommitCalls.subList(codeCommitCallsBefore, codeCommitCalls.size()));
        List<String> tasks = stack.ecs.listTasks(r -> r.cluster(stack.cluster).startedBy(build.startedBy(1))).taskArns();
        assertEquals(1, tasks.size(), "one task for the build");
        assertEquals(tasks.get(0), ledgerItem(build).get(LedgerItemCodec.TASK_ARN).s(), "the ledger names it");
    }

    @Test
    void copiesOfAStoppedEventInTwoJvmsFinishTheBuildOnce() throws Exception {
        orders.commit("Initial commit", "Grace Hopper", "grace@example.com");
        String commit = orders.commit("Retry card payments on timeouts", "Ada Lovelace", "ada@example.com");
        BuildId build = BuildId.of("orders-api", commit);
        launch(commit);
        new EcrTestImages(stack).push(stack.imagePrefix + "/orders-api", commit.substring(0, 12));
        String succeeded = stack.observeBus(BuildEventDetail.SUCCEEDED);
        int commentsBefore = codeCommit.comments().size();
        // The sample's STOPPED event (kaniko exited 0), made this build's.
        String event = SampleEvents.text("task-stopped-exit0.json")
                .replace(BuildId.of("payments-api", SAMPLE_COMMIT).startedBy(1), build.startedBy(1))
                .replace(SAMPLE_COMMIT, commit).replace("payments-api", "orders-api");

        deliver(TaskStateHandler.class, event, 3);

        List<String> results = results(reports(), result -> (String) result.get("result"));
        System.out.println("duplicate task-state deliveries from two JVMs: " + results);
        assertEquals(6, results.size(), results.toString());
        assertEquals(1, results.stream().filter("FINISHED"::equals).count(), results.toString()); // the final write, published and commented
        assertEquals(5, results.stream().filter("NO_CHANGE"::equals).count(), results.toString());
        assertEquals(commentsBefore + 1, codeCommit.comments().size(), "one commit comment");
        assertEquals(1, stack.receive(succeeded).size(), "one result event");
        Map<String, AttributeValue> item = ledgerItem(build);
        assertEquals("SUCCEEDED", item.get(LedgerItemCodec.STATUS).s());
        assertTrue(item.containsKey(LedgerItemCodec.RESULT_PUBLISHED_AT));
    }

    @Test
    void copiesOfAScanEventInTwoJvmsGateTheImageOnce() throws Exception {
        String commitTag = SAMPLE_COMMIT.substring(0, 12);
        String repository = stack.imagePrefix + "/payments-api";
        String digest = new EcrTestImages(stack).push(repository, commitTag, "latest", "branch-main");
        String verdicts = stack.observeBus(VerdictNotifier.DETAIL_TYPE);
        String sampleDigest = JsonFields.text(SampleEvents.json("scan-basic-dirty.json"), "detail", "image-digest");
        String event = SampleEvents.text("scan-basic-dirty.json").replace("kft/payments-api", repository).replace(sampleDigest, digest);

        deliver(ScanGateHandler.class, event, 3);

        List<String> results = results(reports(), result -> (String) result.get("result"));
        System.out.println("duplicate scan deliveries from two JVMs: " + results);
        assertEquals(6, results.size(), results.toString());
        assertEquals(1, results.stream().filter("GATED"::equals).count(), results.toString());
        assertEquals(5, results.stream().filter("DUPLICATE"::equals).count(), results.toString());
        List<Map<String, Object>> published = stack.receive(verdicts);
        assertEquals(1, published.size(), "one verdict published");
        assertEquals("DIRTY", JsonFields.text(published.get(0), "detail", "verdict"));
        assertEquals(List.of(commitTag), new EcrTestImages(stack).tags(repository, digest), "flagged once: only the commit tag left");
    }

    /** The same copies of the event to both JVMs at once. */
    private void deliver(Class<? extends RequestStreamHandler> handler, String event, int copiesEach) throws IOException {
        Path eventFile = Files.writeString(Files.createTempFile(dir, "event", ".json"), event);
        for (InvokeHandlerMain jvm : jvms) {
            jvm.deliver(handler, eventFile, copiesEach);
        }
    }

    /** Both JVMs' reports of the last delivery, once all copies ended. */
    private List<Map<String, Object>> reports() throws IOException {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (InvokeHandlerMain jvm : jvms) {
            reports.addAll(jvm.reports());
        }
        return reports;
    }

    /** Each copy's outcome: what {@code outcome} reads from the handler's result, or its last error. */
    private static List<String> results(List<Map<String, Object>> reports, Function<Map<String, Object>, String> outcome) {
        return reports.stream()
                .map(report -> report.containsKey("result") ? outcome.apply(JsonFields.object(report, "result")) : "FAILED: " + report.get("error"))
                .toList();
    }

    private Map<String, AttributeValue> ledgerItem(BuildId build) {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(build)).consistentRead(true)).item();
    }

    /** PushFunction's launch of the commit's build (its CodeCommit reads from memory), so the ledger knows the build. */
    private void launch(String commit) {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("USE_FARGATE_SPOT", "false");
        InMemorySource source = new InMemorySource();
        source.files.put("Dockerfile", "FROM public.ecr.aws/docker/library/alpine:3.20\nUSER app\n");
        BuildTrigger trigger = new BuildTrigger(new BuildPlanner(BuildSettings.fromEnvironment(env::get)),
                new DynamoBuildLedger(stack.dynamoDb, stack.ledgerTable),
                new CapacityFallback(new EcsBuildLauncher(stack.ecs, EcsBuildLauncher.Config.fromEnvironment(env::get))),
                (task, reason) -> { }, (r, d, t) -> Optional.of(Map.of()), source, source, (type, detail, resources) -> { }, Clock.systemUTC());
        Map<String, Object> push = EventMutation.set(EventMutation.set(SampleEvents.json("push-branch.json"),
                "detail.commitId", commit), "detail.repositoryName", "orders-api");
        BuildTrigger.PushOutcome outcome = trigger.handle(PushEventParser.parse(push), Deadline.in(Duration.ofSeconds(30), Clock.systemUTC()));
        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
    }
}
