package dev.kft.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.functions.push.PushHandler;
import dev.kft.local.GitRepository;
import dev.kft.local.LocalCodeCommit;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleCommits;
import dev.kft.testing.TaskEvents;
import java.nio.charset.StandardCharsets;
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
        try (AwsGuarantees aws = new AwsGuarantees(moto.endpoint());
             LocalCodeCommit codeCommit = LocalCodeCommit.serve(Map.of("payments-api", commits.git()), 0,
                     LocalCodeCommit.DEFAULT_DIFFERENCES_PAGE)) {
            Process first = InvokeHandlerMain.start(stack, aws.endpoint(), Map.of("AWS_ENDPOINT_URL_CODECOMMIT", codeCommit.endpoint().toString()),
                    PushHandler.class, eventFile, 4, dir, "first");
            Process second = InvokeHandlerMain.start(stack, aws.endpoint(), Map.of("AWS_ENDPOINT_URL_CODECOMMIT", codeCommit.endpoint().toString()),
                    PushHandler.class, eventFile, 4, dir, "second");
            TaskEvents.firstEventOnceStarted(stack, BuildId.of("payments-api", commit).startedBy(1), Duration.ofSeconds(60));
            for (String name : List.of("first", "second")) {
                Process child = name.equals("first") ? first : second;
                assertTrue(child.waitFor(120, TimeUnit.SECONDS), name + " JVM finished");
                for (String line : Files.readAllLines(dir.resolve(name + ".out"), StandardCharsets.UTF_8)) {
                    if (line.startsWith("{\"deliveries\"")) {
                        Map<String, Object> report = Json.parseObject(line);
                        results.add(report.containsKey("result")
                                ? String.valueOf(JsonFields.objects(JsonFields.object(report, "result"), "builds").get(0).get("result"))
                                : "FAILED: " + report.get("error"));
                    }
                }
            }
        }

        System.out.println("duplicate push deliveries from two JVMs: " + results);
        assertEquals(8, results.size(), results.toString());
        assertEquals(1, results.stream().filter("LAUNCHED"::equals).count(), results.toString());
        assertEquals(7, results.stream().filter("ALREADY_LAUNCHED"::equals).count(), results.toString());
        BuildId build = BuildId.of("payments-api", commit);
        List<String> tasks = stack.ecs.listTasks(r -> r.cluster(stack.cluster).startedBy(build.startedBy(1))).taskArns();
        assertEquals(1, tasks.size(), "one task for the build");
        assertEquals(tasks.get(0), stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(build)))
                .item().get(LedgerItemCodec.TASK_ARN).s(), "the ledger names it");
    }
}
