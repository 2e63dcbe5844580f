package dev.kft.functions.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.JsonFields;
import dev.kft.local.GitRepository;
import dev.kft.local.LocalCodeCommit;
import dev.kft.push.TagPolicy;
import dev.kft.testing.EcrTestImages;
import dev.kft.testing.Handlers;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleCommits;
import dev.kft.testing.TaskEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

/**
 * PushFunction end to end against moto_server: real SDK clients, real wire protocol, the sample events.
 * CodeCommit is the local one, serving a git repository whose commits stand in for the samples' commit ids.
 */
@ExtendWith(MotoExtension.class)
@ResourceLock(LocalCodeCommit.ENDPOINT_PROPERTY)
class PushHandlerIT {
    /** The commit events/push-branch.json and push-tag.json name. */
    private static final String SAMPLE_COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    private MotoStack stack;
    private EcsClient ecs;
    private SampleCommits samples;
    private LocalCodeCommit codeCommit;
    /** The real commit standing for SAMPLE_COMMIT. */
    private String commit;

    @BeforeEach
    void setUp(MotoServer moto, @TempDir Path directory) {
        stack = MotoStack.create(moto);
        ecs = stack.ecs;
        samples = new SampleCommits(GitRepository.init(directory.resolve("payments-api")));
        samples.event("push-branch.json"); // its old commit first, so SAMPLE_COMMIT's commit is its child
        commit = samples.commitFor(SAMPLE_COMMIT);
        codeCommit = LocalCodeCommit.start(Map.of("payments-api", samples.git()));
    }

    @AfterEach
    void tearDown() {
        codeCommit.close();
    }

    /** A sample event of events/, its commits made real. */
    private String event(String fileName) {
        return samples.event(fileName);
    }

    /** The image's immutable tag: the commit's first 12 characters. */
    private String commitTag() {
        return commit.substring(0, 12);
    }

    private PushHandler handler(String... overrides) {
        return new PushHandler(PushWiring.fromEnvironment(Handlers.environment(stack, overrides)));
    }

    private static Map<String, Object> invoke(PushHandler handler, String event) throws Exception {
        return Handlers.invoke(handler, event);
    }

    private List<Task> buildTasks() {
        List<String> arns = ecs.listTasks(r -> r.cluster(stack.cluster)).taskArns();
        return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(arns).include(TaskField.TAGS)).tasks();
    }

    private Map<String, AttributeValue> ledgerItem(BuildId id) {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(id))).item();
    }

    @Test
    void aPushLaunchesOneKanikoTaskWithTheExpectedArguments() throws Exception {
        Map<String, Object> result = invoke(handler(), event("push-branch.json"));

        List<Task> tasks = buildTasks();
        assertEquals(1, tasks.size());
        Task task = tasks.get(0);
        BuildId id = BuildId.of("payments-api", commit);
        assertEquals(id.startedBy(1), task.startedBy());
        assertEquals("kft-build", task.group());
        List<String> command = task.overrides().containerOverrides().get(0).command();
        assertEquals("kaniko", task.overrides().containerOverrides().get(0).name());
        String image = stack.registry() + "/" + stack.imagePrefix + "/payments-api";
        assertEquals("--context=git://git-codecommit.us-east-1.amazonaws.com/v1/repos/payments-api#refs/heads/main#" + commit, command.get(0));
        // Promotion on: kaniko pushes the immutable commit tag only; the deploy tags wait for a clean scan.
        assertEquals(List.of("--destination=" + image + ":" + commitTag()),
                command.stream().filter(a -> a.startsWith("--destination=")).toList());
        assertTrue(command.contains("--cache=true"));
        assertTrue(command.contains("--cache-repo=" + stack.registry() + "/" + stack.cacheRepository));
        assertTrue(command.contains("--label=org.opencontainers.image.revision=" + commit));
        assertTrue(task.tags().stream().anyMatch(t -> t.key().equals("kft:build-id") && t.value().equals(id.value())));

        Map<String, AttributeValue> item = ledgerItem(id);
        assertEquals("QUEUED", item.get(LedgerItemCodec.STATUS).s());
        assertFalse(item.containsKey(LedgerItemCodec.TASK_ARN), "nothing is written after RunTask");
        assertTrue(item.containsKey(LedgerItemCodec.LAUNCH_LEASE_UNTIL), "the claim's lease holds until the task's first event");
        assertEquals(List.of("branch-main", "latest"), item.get(LedgerItemCodec.DEPLOY_TAGS).ss().stream().sorted().toList());
        assertEquals("payments-api#refs/heads/main", item.get(LedgerItemCodec.REF_KEY).s());

        Map<String, Object> build = JsonFields.objects(result, "builds").get(0);
        assertEquals("LAUNCHED", build.get("result"));
        assertEquals(task.taskArn(), build.get("taskArn"));

        // The push creates no image repository: ECR does, from the stack's creation template, on kaniko's first push.
        assertThrows(RepositoryNotFoundException.class,
                () -> stack.ecr.describeRepositories(r -> r.repositoryNames(stack.imagePrefix + "/payments-api")));

        // The task's first state event (TaskStateFunction) records it, with its capacity, and ends the claim's lease.
        TaskEvents.running(stack, task.taskArn());
        Map<String, AttributeValue> recorded = ledgerItem(id);
        assertEquals(task.taskArn(), recorded.get(LedgerItemCodec.TASK_ARN).s());
        assertEquals("FARGATE", recorded.get(LedgerItemCodec.CAPACITY).s());
        assertEquals("RUNNING", recorded.get(LedgerItemCodec.STATUS).s());
        assertFalse(recorded.containsKey(LedgerItemCodec.LAUNCH_LEASE_UNTIL));
    }

    /**
     * A copy delivered before the task's first state event finds the claim's lease: it fails and Lambda
     * delivers it again; by then the event has recorded the task, and the copy is a duplicate. One task.
     */
    @Test
    void theSameEventAgainIsRetriedUntilTheTasksFirstEventThenADuplicate() throws Exception {
        PushHandler handler = handler();
        Map<String, Object> first = invoke(handler, event("push-branch.json"));
        PushHandler.BuildLaunchException early = assertThrows(PushHandler.BuildLaunchException.class,
                () -> invoke(handler, event("push-branch.json")));
        TaskEvents.running(stack, String.valueOf(JsonFields.objects(first, "builds").get(0).get("taskArn")));
        Map<String, Object> retried = invoke(handler, event("push-branch.json"));

        assertTrue(early.getMessage().contains("LAUNCH_IN_PROGRESS"), early.getMessage());
        assertEquals(1, buildTasks().size());
        assertEquals("ALREADY_LAUNCHED", JsonFields.objects(retried, "builds").get(0).get("result"));
    }

    @Test
    void theSameEventTwiceAtTheSameTimeLaunchesOneTask() throws Exception {
        PushHandler first = handler();
        PushHandler second = handler();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<String>> runs = List.of(first, second).stream()
                    .map(h -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                            invoke(h, event("push-branch.json"));
                            return "ok";
                        } catch (PushHandler.BuildLaunchException e) {
                            return "retry later";
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, pool)).toList();
            start.countDown();
            List<String> outcomes = runs.stream().map(CompletableFuture::join).toList();
            assertTrue(outcomes.contains("ok"), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, buildTasks().size());
    }

    @Test
    void aBranchDeletionLaunchesNothing() throws Exception {
        Map<String, Object> result = invoke(handler(), event("push-branch-deleted.json"));
        assertTrue(buildTasks().isEmpty());
        assertEquals("IGNORED", JsonFields.objects(result, "builds").get(0).get("result"));
    }

    @Test
    void triggerRecordsLaunchOneBuildPerReference() throws Exception {
        invoke(handler(), event("push-trigger-records.json"));
        assertEquals(2, buildTasks().size());
    }

    @Test
    void aHostileBranchNameYieldsValidTagsAndNoExtraKanikoFlag() throws Exception {
        String event = event("push-new-branch.json").replace("feature/card-tokens", "--build-arg=X");
        invoke(handler("PROMOTE_ON_CLEAN_SCAN", "false"), event);

        List<String> command = buildTasks().get(0).overrides().containerOverrides().get(0).command();
        assertTrue(command.stream().noneMatch(a -> a.startsWith("--build-arg")), command.toString());
        List<String> tags = command.stream().filter(a -> a.startsWith("--destination="))
                .map(a -> a.substring(a.lastIndexOf(':') + 1)).toList();
        assertEquals(List.of(samples.commitFor("a1c3e5f7092b4d6f8a0c2e4b6d8f0a1c3e5b7d9f").substring(0, 12), "branch-build-arg-X"), tags);
        tags.forEach(t -> assertTrue(TagPolicy.isValidTag(t), t));
    }

    @Test
    void anOverLongOverrideIsRefusedWithAClearErrorAndRecorded() {
        PushHandler handler = handler("KANIKO_EXTRA_ARGS", "--build-arg=PAD=" + "x".repeat(8200));
        PushHandler.BuildLaunchException error = assertThrows(PushHandler.BuildLaunchException.class,
                () -> invoke(handler, event("push-branch.json")));

        assertTrue(error.getMessage().contains("over ECS's limit of 8192"), error.getMessage());
        assertTrue(buildTasks().isEmpty());
        Map<String, AttributeValue> item = ledgerItem(BuildId.of("payments-api", commit));
        assertEquals("FAILED_TO_LAUNCH", item.get(LedgerItemCodec.STATUS).s());
        assertTrue(item.get(LedgerItemCodec.LAUNCH_FAILURE).s().contains("over ECS's limit of 8192"));
    }

    @Test
    void aFailedLaunchIsTakenOverByTheNextDelivery() throws Exception {
        // The first delivery finds no task definition (a client error: not retryable), so the build is FAILED_TO_LAUNCH...
        assertThrows(PushHandler.BuildLaunchException.class,
                () -> invoke(handler("TASK_DEFINITION", "no-such-family"), event("push-branch.json")));
        assertTrue(buildTasks().isEmpty());
        // ...and the retried delivery, once the task definition is there, launches it.
        Map<String, Object> retried = invoke(handler(), event("push-branch.json"));
        assertEquals("LAUNCHED", JsonFields.objects(retried, "builds").get(0).get("result"));
        assertEquals(1, buildTasks().size());
        assertFalse(ledgerItem(BuildId.of("payments-api", commit)).containsKey("launchFailureReason"));
    }

    @Test
    void aTagPushedOnAnAlreadyBuiltCommitWaitsForTheGateThenTagsTheSameImage() throws Exception {
        PushHandler handler = handler();
        Map<String, Object> launched = invoke(handler, event("push-branch.json"));
        TaskEvents.running(stack, String.valueOf(JsonFields.objects(launched, "builds").get(0).get("taskArn")));
        BuildId id = BuildId.of("payments-api", commit);
        String repository = stack.imagePrefix + "/payments-api";
        EcrTestImages images = new EcrTestImages(stack);
        String digest = images.push(repository, commitTag());

        // Built, not yet gated: the release tag is recorded with the build, the image untouched.
        Map<String, Object> early = invoke(handler, event("push-tag.json"));
        assertEquals("ALREADY_LAUNCHED", JsonFields.objects(early, "builds").get(0).get("result"));
        assertEquals(List.of(commitTag()), images.tags(repository, digest));
        assertTrue(ledgerItem(id).get(LedgerItemCodec.DEPLOY_TAGS).ss().contains("v1.4.0"));

        // Once the gate cleared the image (what TaskStateFunction and ScanGateFunction record), a new tag goes on at once.
        stack.dynamoDb.updateItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(id))
                .updateExpression("SET imageDigest = :d, scanVerdict = :v")
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(digest), ":v", AttributeValue.fromS("CLEAN"))));
        String hotfixTag = event("push-tag.json").replace("v1.4.0", "v1.4.1");
        Map<String, Object> cleared = invoke(handler, hotfixTag);
        assertTrue(JsonFields.objects(cleared, "builds").get(0).get("reason").toString().contains("deploy tags applied to " + digest));
        assertEquals(List.of(commitTag(), "v1.4.1"), images.tags(repository, digest));
        assertEquals(1, buildTasks().size());
    }

    @Test
    void malformedAndForeignEventsAreAcknowledgedAsIgnored() throws Exception {
        Map<String, Object> broken = invoke(handler(), "{broken");
        assertEquals("IGNORED", broken.get("result"));
        assertTrue(broken.get("reason").toString().startsWith("not valid JSON"));
        Map<String, Object> missingRepository = invoke(handler(), event("push-branch.json").replace("\"repositoryName\"", "\"repo\""));
        assertEquals("field detail.repositoryName is missing", missingRepository.get("reason"));
        Map<String, Object> foreign = invoke(handler(), event("push-branch.json").replace("aws.codecommit", "aws.s3"));
        assertEquals("IGNORED", JsonFields.objects(foreign, "builds").get(0).get("result"));
        assertTrue(buildTasks().isEmpty());
    }
}
