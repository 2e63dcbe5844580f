package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.BuildId;
import dev.kft.core.RefType;
import dev.kft.gate.BuildInfo;
import dev.kft.launch.BuildLauncher;
import dev.kft.push.BuildLedger;
import dev.kft.push.BuildPlan;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.RefChange;
import dev.kft.result.BuildStatus;
import dev.kft.result.TaskStateEventParser;
import dev.kft.testing.EventMutation;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * What superseding needs from the adapters, against moto: the branch's builds still running (byRef
 * index, ordered by the push's time, not by arrival), marking an older build (with its task as recorded
 * by the task's first state event, or none yet), stopping its task with the reason, and the gate's
 * question whether a newer push of the branch exists.
 */
@ExtendWith(MotoExtension.class)
class SupersedeIT {
    private static final Instant PUSHED = Instant.parse("2026-11-20T09:14:05Z");
    private static final String OLDER = "1".repeat(40);
    private static final String NEWER = "2".repeat(40);
    private MotoStack stack;
    private DynamoBuildLedger ledger;
    private DynamoGateLedger gateLedger;
    private BuildPlanner planner;

    @BeforeEach
    void setUp(MotoServer moto) {
        stack = MotoStack.create(moto);
        ledger = new DynamoBuildLedger(stack.dynamoDb, stack.ledgerTable);
        gateLedger = new DynamoGateLedger(stack.dynamoDb, stack.ledgerTable);
        planner = new BuildPlanner(BuildSettings.fromEnvironment(stack.environment()));
    }

    /** A push of {@code commit} to main at {@code pushedAt}, recorded when it arrives ({@code arrivedAt}). */
    private BuildPlan queued(String commit, Instant pushedAt, Instant arrivedAt) {
        RefChange change = new RefChange("e-" + commit, pushedAt, "us-east-1", "payments-api", RefChange.Kind.UPDATED,
                RefType.BRANCH, "main", "refs/heads/main", commit, null);
        BuildPlan plan = ((BuildPlanner.Build) planner.decide(change, arrivedAt)).plan();
        assertEquals(BuildLedger.LaunchClaim.NEW, ledger.claim(plan, arrivedAt, Duration.ofMinutes(1)));
        return plan;
    }

    private Map<String, AttributeValue> item(BuildId id) {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(id))).item();
    }

    /** The task's first state event, as TaskStateFunction records it: the task on the build. */
    private void firstEventRecorded(BuildPlan plan, String taskArn) {
        Map<String, Object> event = EventMutation.set(SampleEvents.json("task-running.json"), "detail.taskArn", taskArn);
        event = EventMutation.set(event, "detail.startedBy", plan.buildId().startedBy(1));
        assertTrue(new DynamoBuildResults(stack.dynamoDb, stack.ledgerTable).advance(plan.buildId(), 1,
                TaskStateEventParser.parse(event, "kaniko"), BuildStatus.RUNNING, null, PUSHED.plusSeconds(2)).isPresent());
    }

    private static BuildInfo info(BuildPlan plan) {
        return new BuildInfo(plan.buildId().value(), "payments-api", "refs/heads/main", plan.change().commitId(),
                plan.tags().commitTag(), plan.tags().deployTags(), null, null);
    }

    @Test
    void theNewerPushFindsTheOlderRunningBuildMarksItAndStopsItsTask() {
        EcsBuildLauncher ecs = new EcsBuildLauncher(stack.ecs, EcsBuildLauncher.Config.fromEnvironment(stack.environment()::get));
        BuildPlan older = queued(OLDER, PUSHED, PUSHED);
        String task = ((BuildLauncher.TaskPlaced) ecs.launch(older.taskLaunch())).taskArn();
        firstEventRecorded(older, task);
        BuildPlan newer = queued(NEWER, PUSHED.plusSeconds(60), PUSHED.plusSeconds(61));

        List<BuildLedger.InFlightBuild> running = ledger.inFlightBuildsOfRef(newer);
        assertEquals(List.of(new BuildLedger.InFlightBuild(older.buildId(), OLDER, task, PUSHED)), running);
        assertEquals(new BuildLedger.Superseded(true, task), ledger.markSuperseded(older.buildId(), NEWER, PUSHED.plusSeconds(62)));
        assertEquals(BuildLedger.Superseded.NOT_MARKED, ledger.markSuperseded(older.buildId(), NEWER, PUSHED.plusSeconds(63)), "marked once");
        ecs.stop(task, "superseded by 222222222222");

        assertEquals(NEWER, item(older.buildId()).get(LedgerItemCodec.SUPERSEDED_BY).s());
        assertEquals("RUNNING", item(older.buildId()).get(LedgerItemCodec.STATUS).s(), "the task's stop event cancels it");
        Task stopped = stack.ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(task)).tasks().get(0);
        assertEquals("superseded by 222222222222", stopped.stoppedReason());
        assertTrue(ledger.inFlightBuildsOfRef(newer).isEmpty(), "a superseded build is no candidate any more");
    }

    /**
     * The older build launched moments ago: no task recorded, its claim's lease live. It is marked, not
     * cancelled (its task may run); a task recorded between the newer push's query and its mark comes
     * back with the mark, so the newer push stops it.
     */
    @Test
    void anOlderBuildWhoseTaskIsNotRecordedYetIsMarkedAndATaskRecordedSinceTheQueryComesBackWithTheMark() {
        BuildPlan older = queued(OLDER, PUSHED, PUSHED);
        BuildPlan other = queued("3".repeat(40), PUSHED.plusSeconds(1), PUSHED.plusSeconds(1));
        BuildPlan newer = queued(NEWER, PUSHED.plusSeconds(20), PUSHED.plusSeconds(21));

        List<BuildLedger.InFlightBuild> running = ledger.inFlightBuildsOfRef(newer);
        assertEquals(2, running.size());
        assertTrue(running.stream().allMatch(b -> b.taskArn() == null), "no task recorded yet: " + running);
        String recordedSince = "arn:aws:ecs:us-east-1:123456789012:task/" + stack.cluster + "/recorded-since";
        firstEventRecorded(other, recordedSince);

        // Within the older claims' one-minute leases: their launches may be under way.
        assertEquals(new BuildLedger.Superseded(true, null), ledger.markSuperseded(older.buildId(), NEWER, PUSHED.plusSeconds(30)));
        assertEquals(new BuildLedger.Superseded(true, recordedSince), ledger.markSuperseded(other.buildId(), NEWER, PUSHED.plusSeconds(30)));
        assertEquals("QUEUED", item(older.buildId()).get(LedgerItemCodec.STATUS).s(), "its launch may be under way: marked, not cancelled");
        assertEquals(NEWER, item(older.buildId()).get(LedgerItemCodec.SUPERSEDED_BY).s());
    }

    /** Its invocation died before RunTask and its lease ran out with no task recorded: over at once, and a late retry takes nothing over. */
    @Test
    void anAbandonedOlderLaunchIsCancelledAtOnceAndNotTakenOverAfterwards() {
        BuildPlan older = queued(OLDER, PUSHED, PUSHED);
        Instant afterTheLease = PUSHED.plus(Duration.ofMinutes(2));

        assertEquals(new BuildLedger.Superseded(true, null), ledger.markSuperseded(older.buildId(), NEWER, afterTheLease));

        assertEquals("CANCELLED", item(older.buildId()).get(LedgerItemCodec.STATUS).s());
        assertEquals("superseded by 222222222222", item(older.buildId()).get(LedgerItemCodec.FAILURE_REASON).s());
        assertEquals(BuildLedger.LaunchClaim.DUPLICATE, ledger.claim(older, afterTheLease.plusSeconds(60), Duration.ofMinutes(1)));
    }

    @Test
    void pushesArrivingOutOfOrderAreOrderedByTheirPushTime() {
        BuildPlan newer = queued(NEWER, PUSHED.plusSeconds(60), PUSHED.plusSeconds(61));
        BuildPlan lateOlder = queued(OLDER, PUSHED, PUSHED.plusSeconds(90));

        List<BuildLedger.InFlightBuild> seenByTheLateOne = ledger.inFlightBuildsOfRef(lateOlder);
        assertEquals(1, seenByTheLateOne.size());
        assertTrue(seenByTheLateOne.get(0).pushedAt().isAfter(lateOlder.change().eventTime()), "the newer push is recognised");
        ledger.recordSupersededOnArrival(lateOlder.buildId(), NEWER, PUSHED.plusSeconds(91));
        assertEquals("CANCELLED", item(lateOlder.buildId()).get(LedgerItemCodec.STATUS).s(), "nothing launched: cancelled at once");
        assertEquals(NEWER, item(lateOlder.buildId()).get(LedgerItemCodec.SUPERSEDED_BY).s());
        assertFalse(item(lateOlder.buildId()).containsKey(LedgerItemCodec.LAUNCH_LEASE_UNTIL));

        // The gate: the older image must not take branch-main and latest back; the newer one may.
        assertTrue(gateLedger.newerBuildOfBranch(newer.imageRepository(), info(lateOlder)));
        assertFalse(gateLedger.newerBuildOfBranch(newer.imageRepository(), info(newer)));
    }
}
