package dev.kft.functions.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.DynamoBuildLedger;
import dev.kft.aws.EcrGatedImages;
import dev.kft.aws.EcsBuildLauncher;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.launch.CapacityFallback;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.BuildTrigger;
import dev.kft.push.PushEventParser;
import dev.kft.testing.EcrTestImages;
import dev.kft.testing.InMemorySource;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleEvents;
import dev.kft.testing.TaskEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A git tag on a commit that was built but whose image is gone, with the real ledger, ECS and ECR
 * adapters on moto: deleted by the gate, nothing is built and the commit is told why; deleted
 * otherwise, the commit is built again as the build's next attempt.
 */
@ExtendWith(MotoExtension.class)
class TagOnGoneImageIT {
    private static final String COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    private static final BuildId BUILD = BuildId.of("payments-api", COMMIT);

    private MotoStack stack;
    private final InMemorySource source = new InMemorySource();
    private BuildTrigger trigger;
    private String repository;
    private EcrTestImages images;

    @BeforeEach
    void setUp(MotoServer moto) {
        stack = MotoStack.create(moto);
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("USE_FARGATE_SPOT", "false"); // moto places Fargate tasks only with launch type FARGATE
        source.files.put("Dockerfile", "FROM public.ecr.aws/docker/library/alpine:3.20\nUSER app\n");
        EcrGatedImages registry = new EcrGatedImages(stack.ecr);
        trigger = new BuildTrigger(new BuildPlanner(BuildSettings.fromEnvironment(env::get)),
                new DynamoBuildLedger(stack.dynamoDb, stack.ledgerTable),
                new CapacityFallback(new EcsBuildLauncher(stack.ecs, EcsBuildLauncher.Config.fromEnvironment(env::get))),
                (task, reason) -> { }, registry, source, source, (type, detail, resources) -> { }, Clock.systemUTC());
        repository = stack.imagePrefix + "/payments-api";
        images = new EcrTestImages(stack);
    }

    private BuildTrigger.PushOutcome push(String sample) {
        return trigger.handle(PushEventParser.parse(SampleEvents.json(sample)), Deadline.in(Duration.ofSeconds(30), Clock.systemUTC()));
    }

    /** The branch push built the commit, the image is in ECR, the gate judged it: what TaskStateFunction and the gate record. */
    private String builtAndGated(String verdict, String action) {
        assertEquals(BuildTrigger.PushResult.LAUNCHED, push("push-branch.json").entries().get(0).result());
        String digest = images.push(repository, "4f2a9c1e7b3d");
        stack.dynamoDb.updateItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(BUILD))
                .updateExpression("SET #status = :s, imageDigest = :d, scanVerdict = :v, scanAction = :a, resultPublishedAt = :t")
                .expressionAttributeNames(Map.of("#status", LedgerItemCodec.STATUS))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("SUCCEEDED"), ":d", AttributeValue.fromS(digest),
                        ":v", AttributeValue.fromS(verdict), ":a", AttributeValue.fromS(action), ":t", AttributeValue.fromS("2026-11-20T09:20:00Z"))));
        return digest;
    }

    private Map<String, AttributeValue> ledgerItem() {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(BUILD)).consistentRead(true)).item();
    }

    private List<String> startedBy() {
        List<String> arns = stack.ecs.listTasks(r -> r.cluster(stack.cluster)).taskArns();
        return stack.ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(arns)).tasks().stream().map(Task::startedBy).sorted().toList();
    }

    @Test
    void anImageTheGateDeletedIsNotRebuiltAndTheCommitIsToldWhy() {
        String digest = builtAndGated("DIRTY", "DELETE");
        stack.ecr.batchDeleteImage(r -> r.repositoryName(repository).imageIds(i -> i.imageDigest(digest)));

        BuildTrigger.PushOutcome outcome = push("push-tag.json");

        assertFalse(outcome.failed());
        assertEquals(BuildTrigger.PushResult.IMAGE_DELETED_BY_GATE, outcome.entries().get(0).result());
        assertEquals(List.of(BUILD.startedBy(1)), startedBy(), "no second task");
        Map<String, AttributeValue> item = ledgerItem();
        assertEquals("SUCCEEDED", item.get(LedgerItemCodec.STATUS).s());
        assertEquals(List.of("refs/tags/v1.4.0: the scan gate deleted the image of this commit (" + repository + "@" + digest
                + ") for its vulnerabilities: nothing is built for refs/tags/v1.4.0"), item.get(LedgerItemCodec.REFS_NOT_BUILT).ss());
        assertEquals(1, source.comments.size());

        // A redelivery records and comments nothing new (the comment's request token repeats).
        push("push-tag.json");
        assertEquals(1, ledgerItem().get(LedgerItemCodec.REFS_NOT_BUILT).ss().size());
        assertEquals(1, source.comments.size());
    }

    @Test
    void anImageDeletedOtherwiseIsBuiltAgainOnce() throws Exception {
        String digest = builtAndGated("CLEAN", "PROMOTE");
        stack.ecr.batchDeleteImage(r -> r.repositoryName(repository).imageIds(i -> i.imageDigest(digest)));
        // A newer push of main had superseded it (its stop came too late): the tag asks for this commit again.
        stack.dynamoDb.updateItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(BUILD))
                .updateExpression("SET supersededBy = :by").expressionAttributeValues(Map.of(":by", AttributeValue.fromS("2".repeat(40)))));

        BuildTrigger.PushOutcome outcome = push("push-tag.json");

        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
        assertFalse(ledgerItem().containsKey(LedgerItemCodec.SUPERSEDED_BY), "the rebuild's task must not be stopped as superseded");
        assertEquals(List.of(BUILD.startedBy(1), BUILD.startedBy(2)), startedBy());
        Map<String, AttributeValue> item = ledgerItem();
        assertEquals("QUEUED", item.get(LedgerItemCodec.STATUS).s());
        assertEquals("2", item.get(LedgerItemCodec.ATTEMPT).n());
        assertFalse(item.containsKey(LedgerItemCodec.IMAGE_DIGEST), "the gone image is no longer the build's");
        assertFalse(item.containsKey(LedgerItemCodec.RESULT_PUBLISHED_AT), "the new attempt's result is published");

        // The same tag delivered again: the rebuild is under way, nothing more starts. Before the new task's first
        // state event the copy is retried later; once that event recorded the task, it is a duplicate.
        assertEquals(BuildTrigger.PushResult.LAUNCH_IN_PROGRESS, push("push-tag.json").entries().get(0).result());
        TaskEvents.running(stack, outcome.entries().get(0).taskArn());
        assertEquals(BuildTrigger.PushResult.ALREADY_LAUNCHED, push("push-tag.json").entries().get(0).result());
        assertEquals(2, startedBy().size());
        assertTrue(source.comments.isEmpty());
    }
}
