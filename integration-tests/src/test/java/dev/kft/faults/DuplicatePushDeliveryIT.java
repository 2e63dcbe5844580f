package dev.kft.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.functions.push.PushHandler;
import dev.kft.local.GitRepository;
import dev.kft.local.LocalCodeCommit;
import dev.kft.testing.FaultProxy;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleCommits;
import dev.kft.testing.TaskEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One push delivered in eight copies at once, from two JVMs (two execution environments of
 * PushFunction's real handler and wiring, four concurrent copies each), against moto behind
 * {@link AwsGuarantees} (DynamoDB's atomic conditional writes, ECS's clientToken) and a local
 * CodeCommit serving the pushed commit. The test plays ECS: about a second after the task starts, its
 * first state event reaches TaskStateFunction, which records the task on the build (PushFunction
 * writes nothing after RunTask). A copy that comes before that event finds the launch's claim and fails,
 * and is delivered again later, as Lambda would; every copy but the one that launched ends a duplicate,
 * none in the failure destination. One task starts, the ledger item names it.
 */
@ExtendWith(MotoExtension.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DuplicatePushDeliveryIT {

    @Test
    void copiesOfAPushInTwoJvmsStartOneTask(MotoServer moto, @TempDir Path dir) throws Exception {
        MotoStack stack = MotoStack.create(moto);
        SampleCommits commits = new SampleCommits(GitRepository.init(dir.resolve("payments-api")));
        String event = commits.event("push-branch.json");
        String commit = JsonFields.text(Json.parseObject(event), "detail", "commitId");
        Path eventFile = Files.writeString(dir.resolve("event.json"), event);

        List<String> results = new ArrayList<>();
        Map<String, Integer> awsCalls;
        List<String> codeCommitCalls;
        int deliveries = 0;
        try (AwsGuarantees aws = new AwsGuarantees(moto.endpoint());
             // Counts every request the two JVMs send to AWS, as it arrives: what the pushes cost.
             FaultProxy counting = FaultProxy.counting(aws.endpoint());
             LocalCodeCommit codeCommit = LocalCodeCommit.serve(Map.of("payments-api", commits.git()), 0,
                     LocalCodeCommit.DEFAULT_DIFFERENCES_PAGE)) {
            Process first = InvokeHandlerMain.start(stack, counting.endpoint(), Map.of("AWS_ENDPOINT_URL_CODECOMMIT", codeCommit.endpoint().toString()),
                    PushHandler.class, eventFile, 4, dir, "first");
            Process second = InvokeHandlerMain.start(stack, counting.endpoint(), Map.of("AWS_ENDPOINT_URL_CODECOMMIT", codeCommit.endpoint().toString()),
                    PushHandler.class, eventFile, 4, dir, "second");
            TaskEvents.firstEventOnceStarted(stack, BuildId.of("payments-api", commit).startedBy(1), Duration.ofSeconds(60));
            List<Map<String, Object>> reports = new ArrayList<>(InvokeHandlerMain.reports(first, dir, "first"));
            reports.addAll(InvokeHandlerMain.reports(second, dir, "second"));
            for (Map<String, Object> report : reports) {
                deliveries += ((Number) report.get("deliveries")).intValue();
                results.add(report.containsKey("result")
                        ? String.valueOf(JsonFields.objects(JsonFields.object(report, "result"), "builds").get(0).get("result"))
                        : "FAILED: " + report.get("error"));
            }
            awsCalls = counting.callCounts();
            codeCommitCalls = codeCommit.calls();
        }

        System.out.println("duplicate push deliveries from two JVMs: " + results);
        assertEquals(8, results.size(), results.toString());
        assertEquals(1, results.stream().filter("LAUNCHED"::equals).count(), results.toString());
        assertEquals(7, results.stream().filter("ALREADY_LAUNCHED"::equals).count(), results.toString());
        // The launch: its claim, the branch's builds under way (superseding) and RunTask; nothing after RunTask
        // and no ECR call. Every other delivery: its claim alone.
        assertEquals(Map.of("dynamodb.PutItem", deliveries, "dynamodb.Query", 1, "ecs.RunTask", 1), awsCalls,
                deliveries + " deliveries");
        // The commit, the missing .kft.yaml, and the Dockerfile the default Dockerfile policy (WARN) reads.
        assertEquals(List.of("GetCommit", "GetFile", "GetFile"), codeCommitCalls);
        BuildId build = BuildId.of("payments-api", commit);
        List<String> tasks = stack.ecs.listTasks(r -> r.cluster(stack.cluster).startedBy(build.startedBy(1))).taskArns();
        assertEquals(1, tasks.size(), "one task for the build");
        assertEquals(tasks.get(0), stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(build)))
                .item().get(LedgerItemCodec.TASK_ARN).s(), "the ledger names it");
    }
}
