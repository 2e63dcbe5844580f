package dev.kft.functions.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.functions.push.PushHandler;
import dev.kft.result.BuildEventDetail;
import dev.kft.local.LocalCodeCommit;
import dev.kft.testing.EcrTestImages;
import dev.kft.local.GitRepository;
import dev.kft.testing.Handlers;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleCommits;
import dev.kft.testing.SampleEvents;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * TaskStateFunction end to end: the build of events/push-branch.json is launched by PushFunction
 * into moto, then the task events of events/ are replayed through the handler. CodeCommit is the
 * double, backed by a git repository whose commit stands in for the sample's commit id.
 */
@ExtendWith(MotoExtension.class)
@ResourceLock(LocalCodeCommit.ENDPOINT_PROPERTY)
class TaskStateHandlerIT {
    private static final String SAMPLE_COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    private static final BuildId SAMPLE_BUILD = BuildId.of("payments-api", SAMPLE_COMMIT);

    private MotoStack stack;
    private LocalCodeCommit codeCommit;
    private String root;
    private String commit;
    private BuildId build;
    private String succeededQueue;
    private String failedQueue;

    @BeforeEach
    void setUp(MotoServer moto, @TempDir Path directory) throws Exception {
        stack = MotoStack.create(moto);
        GitRepository git = GitRepository.init(directory.resolve("payments-api"));
        git.write(Map.of("Dockerfile", SampleCommits.DOCKERFILE));
        root = git.commit("Initial commit", "Grace Hopper", "grace@example.com");
        commit = git.commit("Retry card payments on timeouts\n\nThe gateway drops one request in a thousand.",
                "Ada Lovelace", "ada@example.com");
        codeCommit = LocalCodeCommit.start(Map.of("payments-api", git));
        succeededQueue = stack.observeBus(BuildEventDetail.SUCCEEDED);
        failedQueue = stack.observeBus(BuildEventDetail.FAILED);
        build = push(commit);
    }

    @AfterEach
    void tearDown() {
        codeCommit.close();
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(stack.environment());
        return env;
    }

    private TaskStateHandler handler() {
        return new TaskStateHandler(TaskStateWiring.fromEnvironment(environment()::get));
    }

    /** PushFunction launches the build of {@code commitId} (events/push-branch.json for that commit). */
    private BuildId push(String commitId) throws Exception {
        String event = SampleEvents.text("push-branch.json").replace(SAMPLE_COMMIT, commitId);
        Handlers.invoke(new PushHandler(dev.kft.functions.push.PushWiring.fromEnvironment(environment()::get)), event);
        return BuildId.of("payments-api", commitId);
    }

    /** A sample task event, as the task of {@code attempt} of {@code buildId}. */
    private static String taskEvent(String file, BuildId buildId, int attempt) {
        return SampleEvents.text(file).replace(SAMPLE_BUILD.startedBy(1), buildId.startedBy(attempt));
    }

    private String taskEvent(String file) {
        return taskEvent(file, build, 1);
    }

    private static Map<String, Object> invoke(TaskStateHandler handler, String event) throws Exception {
        return Handlers.invoke(handler, event);
    }

    private Map<String, AttributeValue> item(BuildId id) {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(id)).consistentRead(true)).item();
    }

    private String imageRepository() {
        return stack.imagePrefix + "/payments-api";
    }

    /** kaniko's push, as ECR sees it: an image manifest tagged with the commit tag. */
    private String pushImage(String commitId) {
        return new EcrTestImages(stack).push(imageRepository(), commitId.substring(0, 12));
    }

    @Test
    void aReplayOfRunningStoppedAndAStaleRunningLeavesOneSucceededBuildOneEventAndOneComment() throws Exception {
        String digest = pushImage(commit);
        TaskStateHandler handler = handler();

        Map<String, Object> running = invoke(handler, taskEvent("task-running.json"));
        assertEquals("ADVANCED", running.get("result"));
        assertEquals("RUNNING", item(build).get(LedgerItemCodec.STATUS).s());
        assertEquals("Ada Lovelace", item(build).get(LedgerItemCodec.AUTHOR_NAME).s(), "the author is known from the first task event on");

        assertEquals("FINISHED", invoke(handler, taskEvent("task-stopped-exit0.json")).get("result"));
        Map<String, Object> stale = invoke(handler, taskEvent("task-running.json"));
        assertEquals("NO_CHANGE", stale.get("result"));

        Map<String, AttributeValue> item = item(build);
        assertEquals("SUCCEEDED", item.get(LedgerItemCodec.STATUS).s());
        assertEquals("6", item.get(LedgerItemCodec.TASK_VERSION).n());
        assertEquals("0", item.get(LedgerItemCodec.EXIT_CODE).n());
        assertEquals("EssentialContainerExited", item.get(LedgerItemCodec.STOP_CODE).s());
        assertEquals(digest, item.get(LedgerItemCodec.IMAGE_DIGEST).s());
        assertEquals("25692", item.get(LedgerItemCodec.PROVISIONING_MILLIS).n());
        assertEquals("153807", item.get(LedgerItemCodec.BUILDING_MILLIS).n());
        assertEquals("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/"
                + stack.kanikoLogGroup + "/log-events/build$252Fkaniko$252F7d3c2b1a9e8f4d6c5b4a3f2e1d0c9b8a", item.get(LedgerItemCodec.LOG_URL).s());
        assertEquals("ada@example.com", item.get(LedgerItemCodec.AUTHOR_EMAIL).s());
        assertEquals("Retry card payments on timeouts", item.get(LedgerItemCodec.COMMIT_MESSAGE).s());
        assertEquals(root, item.get(LedgerItemCodec.PARENT_COMMIT_ID).s());
        assertTrue(item.containsKey(LedgerItemCodec.RESULT_PUBLISHED_AT));

        List<Map<String, Object>> events = stack.receive(succeededQueue);
        assertEquals(1, events.size());
        Map<String, Object> detail = JsonFields.object(events.get(0), "detail");
        assertEquals("kaniko-fargate-trigger", events.get(0).get("source"));
        assertEquals("SUCCEEDED", detail.get("status"));
        assertEquals(build.value(), detail.get("buildId"));
        assertEquals(commit, detail.get("commitId"));
        assertEquals("main", detail.get("branch"));
        assertEquals(digest, detail.get("imageDigest"));
        assertEquals(item.get(LedgerItemCodec.LOG_URL).s(), detail.get("logUrl"));
        assertEquals(List.of(), stack.receive(failedQueue));

        List<LocalCodeCommit.PostedComment> comments = codeCommit.comments();
        assertEquals(1, comments.size());
        LocalCodeCommit.PostedComment comment = comments.get(0);
        assertEquals(commit, comment.afterCommitId());
        assertEquals(root, comment.beforeCommitId());
        assertTrue(comment.content().startsWith("**Image build succeeded**"), comment.content());
        assertTrue(comment.content().contains(digest), comment.content());
        assertTrue(comment.content().contains(item.get(LedgerItemCodec.LOG_URL).s()), comment.content());
        assertEquals(comment.commentId(), item.get(LedgerItemCodec.COMMENT_ID).s());
    }

    @Test
    void aDuplicateFinalEventPublishesNothingMore() throws Exception {
        pushImage(commit);
        TaskStateHandler handler = handler();
        invoke(handler, taskEvent("task-stopped-exit0.json"));
        Map<String, Object> duplicate = invoke(handler, taskEvent("task-stopped-exit0.json"));

        assertEquals("NO_CHANGE", duplicate.get("result"));
        assertEquals(1, stack.receive(succeededQueue).size());
        assertEquals(1, codeCommit.comments().size());
    }

    @Test
    void aNonZeroExitFailsTheBuildWithTheExitCode() throws Exception {
        Map<String, Object> result = invoke(handler(), taskEvent("task-stopped-exit1.json"));

        assertEquals("FAILED", result.get("status"));
        Map<String, AttributeValue> item = item(build);
        assertEquals("FAILED", item.get(LedgerItemCodec.STATUS).s());
        assertEquals("1", item.get(LedgerItemCodec.EXIT_CODE).n());
        assertEquals("kaniko exited with code 1", item.get(LedgerItemCodec.FAILURE_REASON).s());
        assertFalse(item.containsKey(LedgerItemCodec.IMAGE_DIGEST));
        Map<String, Object> detail = JsonFields.object(stack.receive(failedQueue).get(0), "detail");
        assertEquals("FAILED", detail.get("status"));
        assertEquals(1, ((Number) detail.get("exitCode")).intValue());
        assertEquals("kaniko exited with code 1", detail.get("reason"));
        assertEquals(List.of(), stack.receive(succeededQueue));
        assertTrue(codeCommit.comments().get(0).content().startsWith("**Image build failed** (kaniko exit code 1)"));
    }

    @Test
    void aTaskThatCouldNotPullItsImageFailedToStartWithTheReason() throws Exception {
        invoke(handler(), taskEvent("task-failed-to-start.json"));

        Map<String, AttributeValue> item = item(build);
        assertEquals("FAILED_TO_START", item.get(LedgerItemCodec.STATUS).s());
        assertFalse(item.containsKey(LedgerItemCodec.EXIT_CODE));
        assertEquals("TaskFailedToStart", item.get(LedgerItemCodec.STOP_CODE).s());
        assertTrue(item.get(LedgerItemCodec.FAILURE_REASON).s().startsWith("CannotPullContainerError: pull image manifest has been retried"));
        assertTrue(item.get(LedgerItemCodec.STOPPED_REASON).s().startsWith("CannotPullContainerError"));
        Map<String, Object> detail = JsonFields.object(stack.receive(failedQueue).get(0), "detail");
        assertEquals("FAILED_TO_START", detail.get("status"));
        assertEquals(item.get(LedgerItemCodec.FAILURE_REASON).s(), detail.get("reason"));
    }

    @Test
    void aUserStopCancelsTheBuild() throws Exception {
        invoke(handler(), taskEvent("task-user-stopped.json"));

        assertEquals("CANCELLED", item(build).get(LedgerItemCodec.STATUS).s());
        assertEquals("Task stopped by user", item(build).get(LedgerItemCodec.STOPPED_REASON).s());
        assertEquals("CANCELLED", JsonFields.text(stack.receive(failedQueue).get(0), "detail", "status"));
    }

    @Test
    void aSpotInterruptionRelaunchesTheBuildOnceOnOnDemandFargateAndIsNotReportedAsAFailure() throws Exception {
        TaskStateHandler handler = handler();
        EcsClient ecs = stack.ecs;
        invoke(handler, taskEvent("task-running.json"));
        Map<String, Object> notice = new HashMap<>(Json.parseObject(taskEvent("task-running.json")));
        Map<String, Object> noticeDetail = new HashMap<>(JsonFields.object(notice, "detail"));
        noticeDetail.putAll(Map.of("desiredStatus", "STOPPED", "stopCode", "TerminationNotice",
                "stoppedReason", "Your Spot Task was interrupted.", "version", 4));
        notice.put("detail", noticeDetail);
        assertEquals("ADVANCED", invoke(handler, Json.write(notice)).get("result"));
        assertEquals("RUNNING", item(build).get(LedgerItemCodec.STATUS).s(), "the two-minute warning does not end the build");

        Map<String, Object> relaunched = invoke(handler, taskEvent("task-spot-interrupted.json"));
        assertEquals("RELAUNCHED", relaunched.get("result"));
        assertEquals(2, ((Number) relaunched.get("attempt")).intValue());

        List<String> secondTasks = ecs.listTasks(r -> r.cluster(stack.cluster).startedBy(build.startedBy(2))).taskArns();
        assertEquals(1, secondTasks.size());
        Task second = ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(secondTasks)).tasks().get(0);
        assertEquals(LaunchType.FARGATE, second.launchType());
        assertEquals("kft-build", second.group());
        Map<String, AttributeValue> item = item(build);
        assertEquals(item.get(LedgerItemCodec.KANIKO_ARGS).l().stream().map(AttributeValue::s).toList(),
                second.overrides().containerOverrides().get(0).command());
        assertEquals("2", item.get(LedgerItemCodec.ATTEMPT).n());
        assertEquals("QUEUED", item.get(LedgerItemCodec.STATUS).s());
        assertEquals("FARGATE", item.get(LedgerItemCodec.CAPACITY).s());
        assertEquals(second.taskArn(), item.get(LedgerItemCodec.TASK_ARN).s());
        assertEquals(JsonFields.text(SampleEvents.json("task-spot-interrupted.json"), "detail", "taskArn"),
                item.get(LedgerItemCodec.INTERRUPTED_TASK_ARN).s());
        assertEquals(List.of(), stack.receive(failedQueue));
        assertEquals(List.of(), codeCommit.comments());

        // Duplicates and late events of the interrupted attempt change nothing, and launch nothing more.
        assertEquals("NO_CHANGE", invoke(handler, taskEvent("task-spot-interrupted.json")).get("result"));
        assertEquals("NO_CHANGE", invoke(handler, taskEvent("task-stopped-exit1.json")).get("result"));
        assertEquals(1, ecs.listTasks(r -> r.cluster(stack.cluster).startedBy(build.startedBy(2))).taskArns().size());

        // Attempt 2 finishes: the build succeeds, reported once, as attempt 2.
        pushImage(commit);
        String attempt2Done = taskEvent("task-stopped-exit0.json", build, 2)
                .replace(JsonFields.text(SampleEvents.json("task-stopped-exit0.json"), "detail", "taskArn"), second.taskArn());
        assertEquals("FINISHED", invoke(handler, attempt2Done).get("result"));
        Map<String, Object> detail = JsonFields.object(stack.receive(succeededQueue).get(0), "detail");
        assertEquals(2, ((Number) detail.get("attempt")).intValue());
        assertEquals(second.taskArn(), detail.get("taskArn"));
        assertTrue(codeCommit.comments().get(0).content().contains("lost its Fargate Spot capacity"));
    }

    @Test
    void aTaskThatIsNotABuildIsIgnored() throws Exception {
        // The push in setUp read the commit; what follows must not call CodeCommit at all.
        int pushReads = codeCommit.calls().size();
        TaskStateHandler handler = handler();
        String service = SampleEvents.text("task-stopped-exit0.json")
                .replace(SAMPLE_BUILD.startedBy(1), "ecs-svc/9223370536785120384").replace("\"kft-build\"", "\"service:web\"");
        assertEquals("IGNORED", invoke(handler, service).get("result"));
        String otherGroup = taskEvent("task-stopped-exit0.json").replace("\"kft-build\"", "\"family:debug\"");
        assertEquals("IGNORED", invoke(handler, otherGroup).get("result"));
        String foreign = SampleEvents.text("push-branch.json");
        assertEquals("IGNORED", invoke(handler, foreign).get("result"));

        assertEquals("QUEUED", item(build).get(LedgerItemCodec.STATUS).s());
        assertEquals(List.of(), stack.receive(succeededQueue));
        assertEquals(List.of(), codeCommit.calls().subList(pushReads, codeCommit.calls().size()));
    }

    @Test
    void aMissingImageIsRecordedNotFatal() throws Exception {
        invoke(handler(), taskEvent("task-stopped-exit0.json"));

        Map<String, AttributeValue> item = item(build);
        assertEquals("SUCCEEDED", item.get(LedgerItemCodec.STATUS).s());
        assertFalse(item.containsKey(LedgerItemCodec.IMAGE_DIGEST));
        assertEquals("no image tagged " + commit.substring(0, 12) + " in " + imageRepository(), item.get(LedgerItemCodec.IMAGE_MISSING_REASON).s());
        Map<String, Object> detail = JsonFields.object(stack.receive(succeededQueue).get(0), "detail");
        assertFalse(detail.containsKey("imageDigest"));
        assertEquals(item.get(LedgerItemCodec.IMAGE_MISSING_REASON).s(), detail.get("imageMissingReason"));
    }

    @Test
    void aFailedCommentNeverFailsTheBuildRecord() throws Exception {
        codeCommit.failing("PostCommentForComparedCommit", "EncryptionKeyUnavailableException");
        Map<String, Object> result = invoke(handler(), taskEvent("task-stopped-exit0.json"));

        assertEquals("FINISHED", result.get("result"));
        Map<String, AttributeValue> item = item(build);
        assertEquals("SUCCEEDED", item.get(LedgerItemCodec.STATUS).s());
        assertTrue(item.containsKey(LedgerItemCodec.RESULT_PUBLISHED_AT));
        assertTrue(item.get(LedgerItemCodec.COMMENT_ERROR).s().startsWith("EncryptionKeyUnavailableException"), item.get(LedgerItemCodec.COMMENT_ERROR).s());
        assertEquals(1, stack.receive(succeededQueue).size());
    }

    @Test
    void aRootCommitIsCommentedWithoutABeforeCommit() throws Exception {
        BuildId rootBuild = push(root);
        invoke(handler(), taskEvent("task-stopped-exit1.json", rootBuild, 1));

        LocalCodeCommit.PostedComment comment = codeCommit.comments().get(0);
        assertEquals(root, comment.afterCommitId());
        assertNull(comment.beforeCommitId());
        assertFalse(item(rootBuild).containsKey("parentCommitId"));
        assertEquals("Grace Hopper", item(rootBuild).get(LedgerItemCodec.AUTHOR_NAME).s());
    }

    @Test
    void aResultThatCouldNotBePublishedIsPublishedOnceByTheRetriedDelivery() throws Exception {
        Map<String, String> noBus = new HashMap<>(environment());
        noBus.put("EVENT_BUS_NAME", "no-such-bus");
        TaskStateHandler broken = new TaskStateHandler(TaskStateWiring.fromEnvironment(noBus::get));
        assertThrows(RuntimeException.class, () -> invoke(broken, taskEvent("task-stopped-exit0.json")));
        assertEquals("SUCCEEDED", item(build).get(LedgerItemCodec.STATUS).s());
        assertFalse(item(build).containsKey("resultPublishedAt"));
        assertEquals(List.of(), codeCommit.comments());

        Map<String, Object> retried = invoke(handler(), taskEvent("task-stopped-exit0.json"));
        assertEquals("PUBLISHED", retried.get("result"));
        assertEquals("NO_CHANGE", invoke(handler(), taskEvent("task-stopped-exit0.json")).get("result"));
        assertEquals(1, stack.receive(succeededQueue).size());
        assertEquals(1, codeCommit.comments().size());
    }
}
