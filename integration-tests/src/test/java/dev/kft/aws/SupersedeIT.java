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
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
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
 * index, ordered by the push's time, not by arrival), marking an older build, stopping its task with
 * the reason, and the gate's question whether a newer push of the branch exists.
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

    private static BuildInfo info(BuildPlan plan) {
        return new BuildInfo(plan.buildId().value(), "payments-api", "refs/heads/main", plan.change().commitId(),
                plan.tags().commitTag(), plan.tags().deployTags(), null, null);
    }

    @Test
    void theNewerPushFindsTheOlderRunningBuildMarksItAndStopsItsTask() {
        EcsBuildLauncher ecs = new EcsBuildLauncher(stack.ecs, EcsBuildLauncher.Config.fromEnvironment(stack.environment()::get));
        BuildPlan older = queued(OLDER, PUSHED, PUSHED);
        String task = ((BuildLauncher.TaskPlaced) ecs.launch(older.taskLaunch())).taskArn();
        ledger.recordLaunched(older.buildId(), task, older.capacity(), PUSHED);
        BuildPlan newer = queued(NEWER, PUSHED.plusSeconds(60), PUSHED.plusSeconds(61));

        List<BuildLedger.InFlightBuild> running = ledger.inFlightBuildsOfRef(newer);
        assertEquals(List.of(new BuildLedger.InFlightBuild(older.buildId(), OLDER, task, PUSHED)), running);
        assertTrue(ledger.markSuperseded(older.buildId(), NEWER, PUSHED.plusSeconds(62)));
        assertFalse(ledger.markSuperseded(older.buildId(), NEWER, PUSHED.plusSeconds(63)), "marked once");
        ecs.stop(task, "superseded by 222222222222");

        assertEquals(NEWER, item(older.buildId()).get(LedgerItemCodec.SUPERSEDED_BY).s());
        assertEquals("QUEUED", item(older.buildId()).get(LedgerItemCodec.STATUS).s(), "the task's stop event cancels it");
        Task stopped = stack.ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(task)).tasks().get(0);
        assertEquals("superseded by 222222222222", stopped.stoppedReason());
        assertTrue(ledger.inFlightBuildsOfRef(newer).isEmpty(), "a superseded build is no candidate any more");
    }

    @Test
    void pushesArrivingOutOfOrderAreOrderedByTheirPushTime() {
        BuildPlan newer = queued(NEWER, PUSHED.plusSeconds(60), PUSHED.plusSeconds(61));
        BuildPlan lateOlder = queued(OLDER, PUSHED, PUSHED.plusSeconds(90));

        List<BuildLedger.InFlightBuild> seenByTheLateOne = ledger.inFlightBuildsOfRef(lateOlder);
        assertEquals(1, seenByTheLateOne.size());
        assertTrue(seenByTheLateOne.get(0).pushedAt().isAfter(lateOlder.change().eventTime()), "the newer push is recognised");
        assertTrue(ledger.markSuperseded(lateOlder.buildId(), NEWER, PUSHED.plusSeconds(91)));
        assertEquals("CANCELLED", item(lateOlder.buildId()).get(LedgerItemCodec.STATUS).s(), "no task: cancelled at once");

        // The gate: the older image must not take branch-main and latest back; the newer one may.
        assertTrue(gateLedger.newerBuildOfBranch(newer.imageRepository(), info(lateOlder)));
        assertFalse(gateLedger.newerBuildOfBranch(newer.imageRepository(), info(newer)));
    }
}
