package dev.kft.functions.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.local.GitRepository;
import dev.kft.local.LocalCodeCommit;
import dev.kft.testing.AwsCalls;
import dev.kft.testing.Handlers;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleCommits;
import dev.kft.testing.SampleEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * What a push builds, decided by the repository's own {@code .kft.yaml} at the pushed commit, end to end:
 * PushFunction against moto_server, reading commits, files and differences from the local CodeCommit
 * serving real git repositories (pages of two differences, so the function pages through them).
 */
@ExtendWith(MotoExtension.class)
@ResourceLock(LocalCodeCommit.ENDPOINT_PROPERTY)
class RepositoryConfigurationIT {
    private static final String MONOREPO = """
            version: 1
            images:
              - name: api
                context: services/api
                paths: ["services/api/**", "libs/common/**"]
              - name: worker
                context: services/worker
                platform: linux/arm64
                paths: ["services/worker/**"]
            """;
    private static final String GOOD_DOCKERFILE = "FROM public.ecr.aws/docker/library/golang:1.23 AS build\nFROM scratch\nUSER 65532\n";

    private MotoStack stack;
    /** payments-api: the monorepo with .kft.yaml. */
    private GitRepository monorepo;
    /** billing: a repository without .kft.yaml, built as before. */
    private GitRepository billing;
    private String monorepoBase;
    private String billingBase;
    private LocalCodeCommit codeCommit;

    @BeforeEach
    void setUp(MotoServer moto, @TempDir Path directory) {
        stack = MotoStack.create(moto);
        monorepo = GitRepository.init(directory.resolve("payments-api"));
        monorepoBase = monorepo.commit("Two services and a library", Map.of(".kft.yaml", MONOREPO,
                "services/api/Dockerfile", GOOD_DOCKERFILE, "services/api/main.go", "package main\n",
                "services/worker/Dockerfile", GOOD_DOCKERFILE, "services/worker/job.go", "package main\n",
                "libs/common/retry.go", "package common\n", "README.md", "# payments\n"));
        billing = GitRepository.init(directory.resolve("billing"));
        billingBase = billing.commit("Billing service", Map.of("Dockerfile", SampleCommits.DOCKERFILE, "main.go", "package main\n"));
        codeCommit = LocalCodeCommit.serve(Map.of("payments-api", monorepo, "billing", billing), 0, 2).takeOverSdkEndpoint();
    }

    @AfterEach
    void tearDown() {
        codeCommit.close();
    }

    private PushHandler handler(String... overrides) {
        return new PushHandler(PushWiring.fromEnvironment(Handlers.environment(stack, overrides)));
    }

    /** events/push-branch.json for {@code repository}: main moved from {@code oldCommitId} to {@code commitId}. */
    private static String push(String repository, String oldCommitId, String commitId) {
        Map<String, Object> event = SampleEvents.json("push-branch.json");
        event.put("resources", List.of("arn:aws:codecommit:us-east-1:123456789012:" + repository));
        Map<String, Object> detail = JsonFields.object(event, "detail");
        detail.put("repositoryName", repository);
        detail.put("oldCommitId", oldCommitId);
        detail.put("commitId", commitId);
        return Json.write(event);
    }

    private static Map<String, String> resultsByImage(Map<String, Object> result) {
        Map<String, String> results = new TreeMap<>();
        JsonFields.objects(result, "builds").forEach(b -> results.put(String.valueOf(b.get("image")), String.valueOf(b.get("result"))));
        return results;
    }

    private List<Task> buildTasks() {
        List<String> arns = stack.ecs.listTasks(r -> r.cluster(stack.cluster)).taskArns();
        return arns.isEmpty() ? List.of() : stack.ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(arns)).tasks();
    }

    private String status(BuildId id) {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(id))).item()
                .get(LedgerItemCodec.STATUS).s();
    }

    /** The task definition family a task runs: {@code <stack>-kaniko} (amd64) or {@code <stack>-kaniko-arm64}. */
    private static String family(Task task) {
        String name = task.taskDefinitionArn().substring(task.taskDefinitionArn().lastIndexOf('/') + 1);
        return name.substring(0, name.lastIndexOf(':'));
    }

    @Test
    void aPushChangingOnlyTheApiLaunchesTheApiImageOnceOnTheAmd64TaskDefinition() throws Exception {
        // Three changed files: two pages of differences.
        String commit = monorepo.commit("Retry card payments", Map.of("services/api/main.go", "package main // retries\n",
                "services/api/retry.go", "package main\n", "README.md", "# payments, with retries\n"));
        PushHandler handler = handler();

        Map<String, Object> first = Handlers.invoke(handler, push("payments-api", monorepoBase, commit));
        Map<String, Object> again = Handlers.invoke(handler, push("payments-api", monorepoBase, commit));

        assertEquals(Map.of("api", "LAUNCHED", "worker", "SKIPPED"), resultsByImage(first));
        assertEquals(2, codeCommit.calls().stream().filter("GetDifferences"::equals).count(), codeCommit.calls().toString());
        assertEquals("ALREADY_LAUNCHED", JsonFields.objects(again, "builds").get(0).get("result"));
        List<Task> tasks = buildTasks();
        assertEquals(1, tasks.size());
        assertEquals(BuildId.of("payments-api", commit, "api").startedBy(1), tasks.get(0).startedBy());
        assertEquals(stack.taskFamily, family(tasks.get(0)));
        List<String> command = tasks.get(0).overrides().containerOverrides().get(0).command();
        assertTrue(command.contains("--context-sub-path=services/api"), command.toString());
        assertTrue(command.contains("--destination=" + stack.registry() + "/" + stack.imagePrefix + "/payments-api/api:"
                + commit.substring(0, 12)), command.toString());
    }

    @Test
    void aPushChangingTheWorkerLaunchesItOnTheArm64TaskDefinition() throws Exception {
        String commit = monorepo.commit("Faster jobs", Map.of("services/worker/job.go", "package main // faster\n"));

        Map<String, Object> result = Handlers.invoke(handler(), push("payments-api", monorepoBase, commit));

        assertEquals(Map.of("api", "SKIPPED", "worker", "LAUNCHED"), resultsByImage(result));
        List<Task> tasks = buildTasks();
        assertEquals(1, tasks.size());
        assertEquals(BuildId.of("payments-api", commit, "worker").startedBy(1), tasks.get(0).startedBy());
        assertEquals(stack.taskFamily + "-arm64", family(tasks.get(0)));
    }

    @Test
    void aBrokenConfigurationLaunchesNothingAndIsCommentedAndAnnouncedOnceNamingTheLine() throws Exception {
        String commit = monorepo.commit("Add a mainframe image", Map.of(".kft.yaml", MONOREPO + """
                  - name: mainframe
                    platform: linux/s390x
                """));
        String failures = stack.observeBus("Image Build Failed");
        PushHandler handler = handler();

        Map<String, Object> first = Handlers.invoke(handler, push("payments-api", monorepoBase, commit));
        Handlers.invoke(handler, push("payments-api", monorepoBase, commit));

        Map<String, Object> build = JsonFields.objects(first, "builds").get(0);
        assertEquals("FAILED_CONFIG", build.get("result"));
        assertTrue(build.get("reason").toString().contains(".kft.yaml:11:"), build.get("reason").toString());
        assertTrue(buildTasks().isEmpty());
        assertEquals("FAILED_CONFIG", status(BuildId.of("payments-api", commit)));
        assertEquals(1, codeCommit.comments().size());
        LocalCodeCommit.PostedComment comment = codeCommit.comments().get(0);
        assertEquals(commit, comment.afterCommitId());
        assertEquals(monorepoBase, comment.beforeCommitId());
        assertTrue(comment.content().contains(".kft.yaml:11:"), comment.content());
        List<Map<String, Object>> announced = stack.receive(failures);
        assertEquals(1, announced.size());
        assertEquals("FAILED_CONFIG", JsonFields.object(announced.get(0), "detail").get("status"));
    }

    @Test
    void underEnforceADockerHubBaseImageLaunchesNothingAndIsCommentedOnce() throws Exception {
        String commit = billing.commit("Node from Docker Hub", Map.of("Dockerfile", "FROM node:22\nUSER node\n"));
        PushHandler handler = handler("DOCKERFILE_POLICY", "ENFORCE", "ALLOWED_BASE_IMAGES", "public.ecr.aws/");

        Map<String, Object> result = Handlers.invoke(handler, push("billing", billingBase, commit));
        Handlers.invoke(handler, push("billing", billingBase, commit));

        assertEquals("FAILED_POLICY", JsonFields.objects(result, "builds").get(0).get("result"));
        assertTrue(buildTasks().isEmpty());
        assertEquals("FAILED_POLICY", status(BuildId.of("billing", commit)));
        assertEquals(1, codeCommit.comments().size());
        assertTrue(codeCommit.comments().get(0).content().contains("Dockerfile:1: base-image-not-allowed"),
                codeCommit.comments().get(0).content());
    }

    @Test
    void aSkipMarkerLaunchesNothing() throws Exception {
        String commit = monorepo.commit("Reword the API errors [skip ci]", Map.of("services/api/main.go", "package main // errors\n"));

        Map<String, Object> result = Handlers.invoke(handler(), push("payments-api", monorepoBase, commit));

        assertEquals("SKIPPED", JsonFields.objects(result, "builds").get(0).get("result"));
        assertTrue(buildTasks().isEmpty());
        assertEquals("SKIPPED", status(BuildId.of("payments-api", commit)));
        assertEquals(List.of("GetCommit"), codeCommit.calls());
    }

    @Test
    void aRepositoryWithoutConfigurationLaunchesOneTaskAsBeforeAfterTwoCodeCommitReads() throws Exception {
        String commit = billing.commit("Invoices in PDF", Map.of("main.go", "package main // pdf\n"));

        List<String> awsCalls = AwsCalls.during(() -> Handlers.invoke(handler("DOCKERFILE_POLICY", "OFF"),
                push("billing", billingBase, commit)));

        assertEquals(List.of("GetCommit", "GetFile"), codeCommit.calls());
        List<Task> tasks = buildTasks();
        assertEquals(1, tasks.size());
        assertEquals(BuildId.of("billing", commit).startedBy(1), tasks.get(0).startedBy());
        assertEquals(stack.taskFamily, family(tasks.get(0)));
        List<String> command = tasks.get(0).overrides().containerOverrides().get(0).command();
        assertEquals("--context=git://git-codecommit.us-east-1.amazonaws.com/v1/repos/billing#refs/heads/main#" + commit, command.get(0));
        assertTrue(command.contains("--dockerfile=Dockerfile"), command.toString());
        assertFalse(command.stream().anyMatch(a -> a.startsWith("--context-sub-path=")), command.toString());
        assertEquals(List.of("--destination=" + stack.registry() + "/" + stack.imagePrefix + "/billing:" + commit.substring(0, 12)),
                command.stream().filter(a -> a.startsWith("--destination=")).toList());
        Map<String, AttributeValue> item = stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable)
                .key(LedgerItemCodec.key(BuildId.of("billing", commit)))).item();
        assertEquals("QUEUED", item.get(LedgerItemCodec.STATUS).s());
        System.out.println("AWS calls of a push without .kft.yaml (DOCKERFILE_POLICY=OFF): " + awsCalls.size() + " " + awsCalls);
    }

    @Test
    void theAwsCallsOfAPushWithAndWithoutConfiguration() throws Exception {
        String api = monorepo.commit("Retry card payments", Map.of("services/api/main.go", "package main // retries\n"));
        String plain = billing.commit("Invoices in PDF", Map.of("main.go", "package main // pdf\n"));
        PushHandler handler = handler();

        List<String> withConfiguration = AwsCalls.during(() -> Handlers.invoke(handler, push("payments-api", monorepoBase, api)));
        List<String> withoutConfiguration = AwsCalls.during(() -> Handlers.invoke(handler, push("billing", billingBase, plain)));
        List<String> duplicate = AwsCalls.during(() -> Handlers.invoke(handler, push("payments-api", monorepoBase, api)));

        System.out.println("AWS calls of a monorepo push with .kft.yaml (one image of two, WARN): " + withConfiguration.size() + " " + withConfiguration);
        System.out.println("AWS calls of a push without .kft.yaml (WARN): " + withoutConfiguration.size() + " " + withoutConfiguration);
        System.out.println("AWS calls of a duplicate delivery: " + duplicate.size() + " " + duplicate);
        assertEquals(List.of("CodeCommit.GetCommit", "CodeCommit.GetFile", "CodeCommit.GetDifferences", "CodeCommit.GetFile"),
                withConfiguration.stream().filter(c -> c.startsWith("CodeCommit.")).toList());
        assertEquals(List.of("CodeCommit.GetCommit", "CodeCommit.GetFile", "CodeCommit.GetFile"),
                withoutConfiguration.stream().filter(c -> c.startsWith("CodeCommit.")).toList());
        assertEquals(1, withConfiguration.stream().filter("Ecs.RunTask"::equals).count());
        assertEquals(1, withoutConfiguration.stream().filter("Ecs.RunTask"::equals).count());
        assertEquals(List.of("DynamoDb.PutItem"), duplicate, "a duplicate costs one ledger call, its failed claim");
    }
}
