package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.BuildId;
import dev.kft.core.RefType;
import dev.kft.push.BuildPlan;
import dev.kft.push.BuildPlanner;
import dev.kft.push.RefChange;
import dev.kft.push.TestSettings;
import dev.kft.result.BuildRecord;
import dev.kft.result.BuildResult;
import dev.kft.result.BuildStatus;
import dev.kft.result.BuildTimings;
import dev.kft.source.CommitInfo;
import dev.kft.result.TaskStateChange;
import dev.kft.result.TaskStateEventParser;
import dev.kft.testing.EventMutation;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoLedgerTable;
import dev.kft.testing.MotoServer;
import dev.kft.testing.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The result side's conditional writes (DynamoBuildResults) and the history queries (DynamoBuildHistory), against moto's DynamoDB. */
@ExtendWith(MotoExtension.class)
class DynamoBuildResultsIT {
    private static final Instant T0 = Instant.parse("2026-11-20T09:14:05Z");
    private static final String COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    private MotoLedgerTable table;
    private DynamoBuildResults results;
    private DynamoBuildHistory history;
    private DynamoBuildLedger pushLedger;

    @BeforeEach
    void setUp(MotoServer moto) {
        table = MotoLedgerTable.create(moto);
        results = new DynamoBuildResults(table.dynamoDb, table.name);
        history = new DynamoBuildHistory(table.dynamoDb, table.name);
        pushLedger = new DynamoBuildLedger(table.dynamoDb, table.name);
    }

    /** A build claimed and launched by PushFunction at {@code queuedAt}: it writes nothing after RunTask. */
    private BuildId queue(String repository, String branch, String commit, Instant queuedAt) {
        RefChange change = new RefChange("e-" + commit, queuedAt, "us-east-1", repository, RefChange.Kind.UPDATED,
                RefType.BRANCH, branch, "refs/heads/" + branch, commit, null);
        BuildPlan plan = ((BuildPlanner.Build) new BuildPlanner(TestSettings.with())
                .decide(change, queuedAt)).plan();
        pushLedger.claim(plan, queuedAt, Duration.ofMinutes(1));
        return plan.buildId();
    }

    private static TaskStateChange event(String file) {
        return TaskStateEventParser.parse(SampleEvents.json(file), "kaniko");
    }

    private static BuildResult success() {
        return new BuildResult(0, "EssentialContainerExited", "Essential container in task exited", null,
                new BuildTimings(612L, 25_692L, 153_807L, 192_530L), "sha256:abc", null, "https://log", Instant.parse("2026-11-20T09:17:18.330Z"));
    }

    private Map<String, AttributeValue> item(BuildId id) {
        return table.dynamoDb.getItem(r -> r.tableName(table.name).key(LedgerItemCodec.key(id))).item();
    }

    @Test
    void aBuildMovesForwardOnceAndNeverBack() {
        BuildId id = queue("payments-api", "main", COMMIT, T0);
        CommitInfo commit = new CommitInfo("Ada Lovelace", "ada@example.com", "Retry card payments", "9e1b7d3f5a2c8e0b4d6f1a3c5e7b9d0f2a4c6e8b");

        assertTrue(results.advance(id, 1, event("task-running.json"), BuildStatus.RUNNING, commit, T0).isPresent());
        assertTrue(results.advance(id, 1, event("task-running.json"), BuildStatus.RUNNING, null, T0).isEmpty(), "a duplicate");
        Optional<BuildRecord> finished = results.finish(id, 1, event("task-stopped-exit0.json"), BuildStatus.SUCCEEDED, success(),
                null, T0, T0.plusSeconds(60));
        assertTrue(results.advance(id, 1, event("task-running.json"), BuildStatus.RUNNING, null, T0).isEmpty(), "a late RUNNING");
        assertTrue(results.finish(id, 1, event("task-stopped-exit1.json"), BuildStatus.FAILED, success(), null, T0, T0).isEmpty(),
                "another final state of the same version");

        BuildRecord build = finished.orElseThrow();
        assertEquals(BuildStatus.SUCCEEDED, build.status());
        assertEquals(6L, build.taskVersion());
        assertEquals(success(), build.result());
        assertEquals(commit, build.commit());
        assertEquals(build, results.find(id).orElseThrow());
        Map<String, AttributeValue> item = item(id);
        assertEquals("Ada Lovelace", item.get(LedgerItemCodec.AUTHOR_NAME).s());
        assertEquals("ada@example.com", item.get(LedgerItemCodec.AUTHOR_EMAIL).s());
        assertEquals("Retry card payments", item.get(LedgerItemCodec.COMMIT_MESSAGE).s());
        assertEquals("0", item.get(LedgerItemCodec.EXIT_CODE).n());
        assertEquals("sha256:abc", item.get(LedgerItemCodec.IMAGE_DIGEST).s());
        assertEquals("153807", item.get(LedgerItemCodec.BUILDING_MILLIS).n());
        assertEquals(event("task-stopped-exit0.json").taskArn(), item.get(LedgerItemCodec.TASK_ARN).s());
    }

    /** PushFunction writes nothing after RunTask: the first event of the task is what records it on the build. */
    @Test
    void aTasksFirstEventRecordsTheTaskItsCapacityAndCreationAndEndsTheLaunchLease() {
        BuildId onSpot = queue("payments-api", "main", COMMIT, T0);
        BuildId onDemand = queue("payments-api", "main", "9".repeat(40), T0);
        assertTrue(item(onSpot).containsKey(LedgerItemCodec.LAUNCH_LEASE_UNTIL), "the claim's lease");
        assertFalse(item(onSpot).containsKey(LedgerItemCodec.TASK_ARN));

        BuildRecord advanced = results.advance(onSpot, 1, event("task-running.json"), BuildStatus.RUNNING, null, T0).orElseThrow();
        results.advance(onDemand, 1, TaskStateEventParser.parse(EventMutation.set(SampleEvents.json("task-running.json"),
                "detail.capacityProviderName", EventMutation.REMOVED), "kaniko"), BuildStatus.RUNNING, null, T0);

        Map<String, AttributeValue> item = item(onSpot);
        assertEquals(event("task-running.json").taskArn(), advanced.taskArn());
        assertEquals(event("task-running.json").taskArn(), item.get(LedgerItemCodec.TASK_ARN).s());
        assertEquals("FARGATE_SPOT", item.get(LedgerItemCodec.CAPACITY).s());
        assertEquals("2026-11-20T09:14:06.412Z", item.get(LedgerItemCodec.LAUNCHED_AT).s(), "when ECS created the task");
        assertFalse(item.containsKey(LedgerItemCodec.LAUNCH_LEASE_UNTIL), "the launch is over");
        assertEquals("FARGATE", item(onDemand).get(LedgerItemCodec.CAPACITY).s(), "launched on-demand (after no Spot capacity)");
    }

    /** A launch whose answer was lost fails the invocation; if its task's first event came first, there is no claim to give back. */
    @Test
    void aLaunchFailureRecordedAfterTheTasksFirstEventChangesNothing() {
        BuildId id = queue("payments-api", "main", COMMIT, T0);
        results.advance(id, 1, event("task-running.json"), BuildStatus.RUNNING, null, T0);

        pushLedger.recordLaunchFailed(id, "interrupted: RunTask timed out", T0.plusSeconds(20));

        assertEquals("RUNNING", item(id).get(LedgerItemCodec.STATUS).s());
        assertFalse(item(id).containsKey(LedgerItemCodec.LAUNCH_FAILURE));
    }

    /** The write that records the task returns the build as it is then: marked superseded, TaskStateFunction stops the task. */
    @Test
    void theWriteThatRecordsTheTaskShowsAMarkMadeBeforeIt() {
        BuildId id = queue("payments-api", "main", COMMIT, T0);
        assertTrue(pushLedger.markSuperseded(id, "2".repeat(40), T0.plusSeconds(5)).marked());

        BuildRecord advanced = results.advance(id, 1, event("task-running.json"), BuildStatus.RUNNING, null, T0.plusSeconds(6)).orElseThrow();

        assertEquals("2".repeat(40), advanced.supersededBy());
        assertEquals(Optional.of("superseded by 222222222222"), advanced.stopReason());
    }

    @Test
    void aRelaunchMovesTheBuildToTheNextAttemptAndOlderAttemptsCannotMoveIt() {
        BuildId id = queue("payments-api", "main", COMMIT, T0);
        TaskStateChange interrupted = event("task-spot-interrupted.json");

        assertTrue(results.claimRelaunch(id, 1, interrupted, T0));
        assertFalse(results.claimRelaunch(id, 1, interrupted, T0), "a duplicate interruption");
        BuildRecord relaunching = results.find(id).orElseThrow();
        assertEquals(2, relaunching.attempt());
        assertEquals(BuildStatus.QUEUED, relaunching.status());
        assertNull(relaunching.taskArn());
        assertNull(relaunching.taskVersion());
        assertEquals(interrupted.taskArn(), relaunching.interruptedTaskArn());
        assertEquals("FARGATE", item(id).get(LedgerItemCodec.CAPACITY).s());
        assertEquals("Your Spot Task was interrupted.", item(id).get(LedgerItemCodec.INTERRUPTION_REASON).s());

        results.recordRelaunched(id, 2, "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/second", T0);
        assertEquals("arn:aws:ecs:us-east-1:123456789012:task/kft-builds/second", results.find(id).orElseThrow().taskArn());
        assertTrue(results.advance(id, 1, event("task-running.json"), BuildStatus.RUNNING, null, T0).isEmpty(), "attempt 1 is over");
        assertTrue(results.advance(id, 2, event("task-running.json"), BuildStatus.RUNNING, null, T0).isPresent());
    }

    @Test
    void onlyOneInvocationAtATimeMayPublishAResult() {
        BuildId id = queue("payments-api", "main", COMMIT, T0);
        results.finish(id, 1, event("task-stopped-exit0.json"), BuildStatus.SUCCEEDED, success(), null, T0, T0.plusSeconds(90));

        assertTrue(results.claimPublication(id, T0.plusSeconds(10), T0.plusSeconds(100)).isEmpty(), "the finishing invocation holds the lease");
        assertTrue(results.claimPublication(id, T0.plusSeconds(91), T0.plusSeconds(181)).isPresent(), "an expired lease is taken over");
        results.releasePublication(id);
        assertTrue(results.claimPublication(id, T0.plusSeconds(92), T0.plusSeconds(182)).isPresent(), "a released lease is free");

        results.recordPublished(id, T0.plusSeconds(93), "comment-1", null);
        assertTrue(results.claimPublication(id, T0.plusSeconds(999), T0.plusSeconds(1099)).isEmpty(), "published: nothing to claim");
        assertTrue(results.find(id).orElseThrow().resultPublished());
        assertEquals("comment-1", item(id).get(LedgerItemCodec.COMMENT_ID).s());
        assertFalse(item(id).containsKey("resultPublishLeaseUntil"));
    }

    @Test
    void historyGivesABuildByIdAndTheLatestBuildsOfARepositoryOrBranch() {
        BuildId first = queue("payments-api", "main", "1".repeat(40), T0);
        BuildId feature = queue("payments-api", "feature/card-tokens", "2".repeat(40), T0.plusSeconds(60));
        BuildId second = queue("payments-api", "main", "3".repeat(40), T0.plusSeconds(120));
        BuildId elsewhere = queue("billing", "main", "4".repeat(40), T0.plusSeconds(180));

        assertEquals(List.of(second, feature, first), ids(history.latestOfRepository("payments-api", 10)));
        assertEquals(List.of(second, feature), ids(history.latestOfRepository("payments-api", 2)));
        assertEquals(List.of(second, first), ids(history.latestOfRef("payments-api", "refs/heads/main", 10)));
        assertEquals(List.of(feature), ids(history.latestOfRef("payments-api", "refs/heads/feature/card-tokens", 10)));
        assertEquals(List.of(elsewhere), ids(history.latestOfRepository("billing", 10)));

        BuildRecord found = results.find(feature).orElseThrow();
        assertEquals("refs/heads/feature/card-tokens", found.refFullName());
        assertEquals("feature/card-tokens", found.refName());
        assertEquals(BuildStatus.QUEUED, found.status());
        assertEquals(T0.plusSeconds(60), found.queuedAt());
        assertFalse(found.kanikoArgs().isEmpty());
        assertTrue(results.find(BuildId.of("payments-api", "5".repeat(40))).isEmpty());
    }

    private static List<BuildId> ids(List<BuildRecord> builds) {
        return builds.stream().map(BuildRecord::buildId).toList();
    }
}
