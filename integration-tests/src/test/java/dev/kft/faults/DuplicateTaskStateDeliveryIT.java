package dev.kft.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.DynamoBuildLedger;
import dev.kft.aws.EcsBuildLauncher;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.core.JsonFields;
import dev.kft.functions.result.TaskStateHandler;
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
import dev.kft.testing.InMemorySource;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleEvents;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * One build's STOPPED event (kaniko exited 0) delivered in six copies at once from two JVMs running
 * TaskStateFunction's real handler and wiring (three concurrent copies each), through
 * {@link AwsGuarantees}: one final status, one result event, one commit comment.
 */
@ExtendWith(MotoExtension.class)
@ResourceLock(LocalCodeCommit.ENDPOINT_PROPERTY)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DuplicateTaskStateDeliveryIT {
    private static final String SAMPLE_COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";

    @Test
    void copiesOfAStoppedEventInTwoJvmsFinishTheBuildOnce(MotoServer moto, @TempDir Path dir) throws Exception {
        MotoStack stack = MotoStack.create(moto);
        GitRepository git = GitRepository.init(dir.resolve("payments-api"));
        git.commit("Initial commit", "Grace Hopper", "grace@example.com");
        String commit = git.commit("Retry card payments on timeouts", "Ada Lovelace", "ada@example.com");
        BuildId build = BuildId.of("payments-api", commit);
        launch(stack, commit);
        new EcrTestImages(stack).push(stack.imagePrefix + "/payments-api", commit.substring(0, 12));
        String succeeded = stack.observeBus(BuildEventDetail.SUCCEEDED);
        String event = SampleEvents.text("task-stopped-exit0.json")
                .replace(BuildId.of("payments-api", SAMPLE_COMMIT).startedBy(1), build.startedBy(1));
        Path eventFile = Files.writeString(dir.resolve("event.json"), event);

        List<String> results = new ArrayList<>();
        try (LocalCodeCommit codeCommit = LocalCodeCommit.start(Map.of("payments-api", git));
             AwsGuarantees aws = new AwsGuarantees(moto.endpoint())) {
            List<Process> jvms = List.of(InvokeHandlerMain.start(stack, aws.endpoint(),
                    Map.of("AWS_ENDPOINT_URL_CODECOMMIT", codeCommit.endpoint().toString()), TaskStateHandler.class, eventFile, 3, dir, "first"),
                    InvokeHandlerMain.start(stack, aws.endpoint(),
                    Map.of("AWS_ENDPOINT_URL_CODECOMMIT", codeCommit.endpoint().toString()), TaskStateHandler.class, eventFile, 3, dir, "second"));
            List<Map<String, Object>> reports = new ArrayList<>(InvokeHandlerMain.reports(jvms.get(0), dir, "first"));
            reports.addAll(InvokeHandlerMain.reports(jvms.get(1), dir, "second"));
            for (Map<String, Object> report : reports) {
                results.add(report.containsKey("result") ? (String) JsonFields.object(report, "result").get("result")
                        : "FAILED: " + report.get("error"));
            }
            System.out.println("duplicate task-state deliveries from two JVMs: " + results + "; comments " + codeCommit.comments().size());
            assertEquals(1, codeCommit.comments().size(), "one commit comment");
        }
        assertEquals(6, results.size(), results.toString());
        assertEquals(1, results.stream().filter("FINISHED"::equals).count(), results.toString()); // the final write, published and commented
        assertEquals(5, results.stream().filter("NO_CHANGE"::equals).count(), results.toString());
        assertEquals(1, stack.receive(succeeded).size(), "one result event");
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = stack.dynamoDb.getItem(r -> r
                .tableName(stack.ledgerTable).key(LedgerItemCodec.key(build)).consistentRead(true)).item();
        assertEquals("SUCCEEDED", item.get(LedgerItemCodec.STATUS).s());
        assertTrue(item.containsKey(LedgerItemCodec.RESULT_PUBLISHED_AT));
    }

    /** PushFunction's launch of the commit's build (its CodeCommit reads from memory), so the ledger knows the build. */
    private static void launch(MotoStack stack, String commit) {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("USE_FARGATE_SPOT", "false");
        InMemorySource source = new InMemorySource();
        source.files.put("Dockerfile", "FROM public.ecr.aws/docker/library/alpine:3.20\nUSER app\n");
        BuildTrigger trigger = new BuildTrigger(new BuildPlanner(BuildSettings.fromEnvironment(env::get)),
                new DynamoBuildLedger(stack.dynamoDb, stack.ledgerTable),
                new CapacityFallback(new EcsBuildLauncher(stack.ecs, EcsBuildLauncher.Config.fromEnvironment(env::get))),
                (task, reason) -> { }, (r, d, t) -> Optional.of(Map.of()), source, source, (type, detail, resources) -> { }, Clock.systemUTC());
        Map<String, Object> push = EventMutation.set(SampleEvents.json("push-branch.json"), "detail.commitId", commit);
        BuildTrigger.PushOutcome outcome = trigger.handle(PushEventParser.parse(push), Deadline.in(Duration.ofSeconds(30), Clock.systemUTC()));
        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
    }
}
