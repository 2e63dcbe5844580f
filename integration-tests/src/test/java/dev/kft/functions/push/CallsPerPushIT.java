package dev.kft.functions.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.kft.testing.TaskEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What one push costs, call by call, for a repository without {@code .kft.yaml} under Dockerfile policy
 * OFF: PushFunction's real handler and wiring against moto and the local CodeCommit, every AWS call it
 * makes on the invoking thread recorded in order ({@link AwsCalls}), and the local CodeCommit's own log
 * of what it served. The claim, the commit ([skip ci]), the missing {@code .kft.yaml}, RunTask; the
 * branch's Query when superseding is on; nothing else, cold (the wiring included) or warm. A copy costs
 * its failed claim. The task is recorded by its first state event, which the tests deliver to
 * TaskStateFunction as ECS would (its calls are that function's, not the push's).
 */
@ExtendWith(MotoExtension.class)
@ResourceLock(LocalCodeCommit.ENDPOINT_PROPERTY)
class CallsPerPushIT {
    private static final List<String> PUSH = List.of("DynamoDb.PutItem", "CodeCommit.GetCommit", "CodeCommit.GetFile", "Ecs.RunTask");
    private static final List<String> BRANCH_PUSH_SUPERSEDING = List.of("DynamoDb.PutItem", "CodeCommit.GetCommit", "CodeCommit.GetFile",
            "DynamoDb.Query", "Ecs.RunTask");
    private static final List<String> COPY = List.of("DynamoDb.PutItem");

    private MotoStack stack;
    private GitRepository billing;
    private String base;
    private LocalCodeCommit codeCommit;

    @BeforeEach
    void setUp(MotoServer moto, @TempDir Path directory) {
        stack = MotoStack.create(moto);
        billing = GitRepository.init(directory.resolve("billing"));
        base = billing.commit("Billing service", Map.of("Dockerfile", SampleCommits.DOCKERFILE, "main.go", "package main\n"));
        codeCommit = LocalCodeCommit.start(Map.of("billing", billing));
    }

    @AfterEach
    void tearDown() {
        codeCommit.close();
    }

    /** A handler as Lambda's init builds it, then its first invocation: the cold push, wiring included. */
    private record Cold(PushHandler handler, Map<String, Object> result) {}

    private Cold coldPush(List<String> calls, String event, String... settings) throws Exception {
        List<String> settingsWithPolicyOff = new ArrayList<>(List.of("DOCKERFILE_POLICY", "OFF"));
        settingsWithPolicyOff.addAll(List.of(settings));
        AtomicReference<Cold> cold = new AtomicReference<>();
        calls.addAll(AwsCalls.during(() -> {
            PushHandler handler = new PushHandler(PushWiring.fromEnvironment(Handlers.environment(stack,
                    settingsWithPolicyOff.toArray(String[]::new))));
            return cold.getAndSet(new Cold(handler, Handlers.invoke(handler, event)));
        }));
        return cold.get();
    }

    /** events/push-branch.json for billing: {@code branch} moved from {@code oldCommitId} to {@code commitId}. */
    private static String push(String branch, String oldCommitId, String commitId) {
        Map<String, Object> event = SampleEvents.json("push-branch.json");
        event.put("resources", List.of("arn:aws:codecommit:us-east-1:123456789012:billing"));
        Map<String, Object> detail = JsonFields.object(event, "detail");
        detail.put("repositoryName", "billing");
        detail.put("referenceName", branch);
        detail.put("referenceFullName", "refs/heads/" + branch);
        detail.put("oldCommitId", oldCommitId);
        detail.put("commitId", commitId);
        return Json.write(event);
    }

    private String commit(String message) {
        return billing.commit(message, Map.of("main.go", "package main // " + message + "\n"));
    }

    private static String result(Map<String, Object> output) {
        return String.valueOf(JsonFields.objects(output, "builds").get(0).get("result"));
    }

    private static String taskArn(Map<String, Object> output) {
        return String.valueOf(JsonFields.objects(output, "builds").get(0).get("taskArn"));
    }

    @Test
    void withSupersedingOffAPushCostsItsClaimTwoCodeCommitReadsAndRunTaskColdAndWarm() throws Exception {
        String first = commit("Invoices in PDF");
        String second = commit("Invoices in PDF/A");
        List<String> cold = new ArrayList<>();

        Cold handler = coldPush(cold, push("main", base, first), "SUPERSEDE_BUILDS", "false");
        AtomicReference<Map<String, Object>> warm = new AtomicReference<>();
        List<String> warmCalls = AwsCalls.during(() -> warm.getAndSet(Handlers.invoke(handler.handler(), push("main", first, second))));

        assertEquals("LAUNCHED", result(handler.result()));
        assertEquals("LAUNCHED", result(warm.get()));
        assertEquals(PUSH, cold, "cold push, the wiring included");
        assertEquals(PUSH, warmCalls, "warm push");
        assertEquals(List.of("GetCommit", "GetFile", "GetCommit", "GetFile"), codeCommit.calls(), "what the local CodeCommit served");
    }

    @Test
    void withSupersedingOnABranchPushAddsOneQueryColdAndWarm() throws Exception {
        String first = commit("Invoices in PDF");
        String feature = commit("Credit notes");
        List<String> cold = new ArrayList<>();

        Cold handler = coldPush(cold, push("main", base, first));
        AtomicReference<Map<String, Object>> warm = new AtomicReference<>();
        List<String> warmCalls = AwsCalls.during(() -> warm.getAndSet(Handlers.invoke(handler.handler(), push("credit-notes", first, feature))));

        assertEquals("LAUNCHED", result(handler.result()));
        assertEquals("LAUNCHED", result(warm.get()));
        assertEquals(BRANCH_PUSH_SUPERSEDING, cold, "cold push, the wiring included");
        assertEquals(BRANCH_PUSH_SUPERSEDING, warmCalls, "warm push of another branch: nothing to supersede");
    }

    /**
     * A copy costs its failed claim, whenever it comes. Before the task's first state event it finds the
     * claim's lease and fails, for Lambda to deliver again; after it, it is a duplicate. One task.
     */
    @Test
    void aCopyOfAPushCostsOnePutItemBeforeAndAfterTheTasksFirstEvent() throws Exception {
        String first = commit("Invoices in PDF");
        String event = push("main", base, first);
        Cold handler = coldPush(new ArrayList<>(), event);

        List<String> early = AwsCalls.during(() -> assertThrows(PushHandler.BuildLaunchException.class,
                () -> Handlers.invoke(handler.handler(), event)));
        TaskEvents.running(stack, taskArn(handler.result()));
        AtomicReference<Map<String, Object>> copy = new AtomicReference<>();
        List<String> late = AwsCalls.during(() -> copy.getAndSet(Handlers.invoke(handler.handler(), event)));

        assertEquals(COPY, early, "a copy before the task's first event: retried by Lambda");
        assertEquals(COPY, late, "a copy after it: a duplicate");
        assertEquals("ALREADY_LAUNCHED", result(copy.get()));
        assertEquals(1, stack.ecs.listTasks(r -> r.cluster(stack.cluster)).taskArns().size());
    }

    /**
     * What superseding costs on top: a newer push of the branch marks the older build (one conditional
     * UpdateItem, which returns its task as recorded) and stops its task when its first event recorded one.
     */
    @Test
    void supersedingAnOlderRunningBuildCostsItsMarkAndStopTask() throws Exception {
        String first = commit("Invoices in PDF");
        String second = commit("Invoices in PDF/A");
        Cold handler = coldPush(new ArrayList<>(), push("main", base, first));
        TaskEvents.running(stack, taskArn(handler.result()));

        AtomicReference<Map<String, Object>> newer = new AtomicReference<>();
        List<String> calls = AwsCalls.during(() -> newer.getAndSet(Handlers.invoke(handler.handler(), push("main", first, second))));

        assertEquals("LAUNCHED", result(newer.get()));
        assertEquals(List.of("DynamoDb.PutItem", "CodeCommit.GetCommit", "CodeCommit.GetFile", "DynamoDb.Query", "Ecs.RunTask",
                "DynamoDb.UpdateItem", "Ecs.StopTask"), calls);
        assertTrue(stack.ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(taskArn(handler.result()))).tasks().get(0)
                .stoppedReason().startsWith("superseded by "));
    }
}
