package dev.kft.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.core.Json;
import dev.kft.core.Platform;
import dev.kft.launch.BuildLauncher;
import dev.kft.launch.CapacityFallback;
import dev.kft.launch.TaskLaunch;
import dev.kft.testing.InMemorySource;
import dev.kft.testing.MutableClock;
import dev.kft.testing.SampleEvents;
import dev.kft.testing.ScriptedLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a push builds, given its commit and the repository's .kft.yaml, with every port in memory. */
class RepositoryConfigurationTest {
    private static final String COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    private static final String MONOREPO = """
            version: 1
            images:
              - name: api
                context: services/api
                target: runtime
                buildArgs:
                  GO_VERSION: "1.23"
                  GREETING: "hello --world=x"
                paths: ["services/api/**", "libs/common/**"]
              - name: worker
                context: services/worker
                platform: linux/arm64
                paths: ["services/worker/**"]
            """;
    private static final String GOOD_DOCKERFILE = "FROM public.ecr.aws/docker/library/golang:1.23 AS build\nFROM scratch\nUSER 65532\n";

    private final MutableClock clock = new MutableClock();
    private final InMemoryBuildLedger ledger = new InMemoryBuildLedger();
    private final ScriptedLauncher launcher = new ScriptedLauncher();
    private final InMemorySource source = new InMemorySource();
    private final List<Map<String, Object>> published = new ArrayList<>();
    private final List<String> stopped = new ArrayList<>();

    private BuildTrigger trigger(String... settings) {
        CapacityFallback retries = new CapacityFallback(launcher);
        return new BuildTrigger(new BuildPlanner(TestSettings.with(settings)), ledger, retries,
                (task, reason) -> stopped.add(task + " " + reason),
                (repository, digest, tags) -> Optional.of(Map.of()), source, source,
                (type, detail, resources) -> published.add(Map.of("detail-type", type, "detail", detail)), clock);
    }

    /** push-branch.json: main moved from its old commit to COMMIT. */
    private BuildTrigger.PushOutcome push(BuildTrigger trigger) {
        return trigger.handle(PushEventParser.parse(SampleEvents.json("push-branch.json")), Deadline.in(Duration.ofSeconds(55), clock));
    }

    private BuildTrigger.PushOutcome pushNewBranch(BuildTrigger trigger) {
        return trigger.handle(PushEventParser.parse(SampleEvents.json("push-new-branch.json")), Deadline.in(Duration.ofSeconds(55), clock));
    }

    private void tasksPlaced(int count) {
        for (int i = 1; i <= count; i++) {
            launcher.script.add(new BuildLauncher.TaskPlaced("arn:aws:ecs:us-east-1:123456789012:task/kft-builds/" + i));
        }
    }

    private static Map<String, BuildTrigger.PushResult> resultsByImage(BuildTrigger.PushOutcome outcome) {
        Map<String, BuildTrigger.PushResult> results = new java.util.TreeMap<>();
        outcome.entries().forEach(e -> results.put(String.valueOf(e.image()), e.result()));
        return results;
    }

    @Test
    void withoutConfigurationAndPolicyOffAPushReadsTheCommitAndTheMissingFileOnlyAndWritesOnlyItsClaim() {
        tasksPlaced(1);
        BuildTrigger.PushOutcome outcome = push(trigger("DOCKERFILE_POLICY", "OFF", "SUPERSEDE_BUILDS", "false"));

        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
        assertEquals(List.of("GetCommit", "GetFile .kft.yaml"), source.calls);
        assertEquals(List.of("claim push"), ledger.calls, "nothing after RunTask: the task's first state event records it");
        assertNull(ledger.item(BuildId.of("payments-api", COMMIT)).taskArn);
        TaskLaunch task = launcher.tasks.get(0);
        assertEquals(BuildId.of("payments-api", COMMIT), task.buildId());
        assertTrue(task.kanikoArgs().contains("--dockerfile=Dockerfile"));
    }

    @Test
    void withSupersedingOnABranchPushAlsoLooksForTheBranchsBuildsUnderWay() {
        tasksPlaced(1);
        BuildTrigger.PushOutcome outcome = push(trigger("DOCKERFILE_POLICY", "OFF"));

        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
        assertEquals(List.of("GetCommit", "GetFile .kft.yaml"), source.calls);
        assertEquals(List.of("claim push", "inFlightBuildsOfRef"), ledger.calls);
    }

    @Test
    void theDockerfilePolicyWarnsByDefaultAndTheBuildRunsWithItsFindingsRecorded() {
        source.files.put("Dockerfile", "FROM node:22\nRUN npm ci\n");
        tasksPlaced(1);
        BuildTrigger.PushOutcome outcome = push(trigger());

        BuildTrigger.Entry entry = outcome.entries().get(0);
        assertEquals(BuildTrigger.PushResult.LAUNCHED, entry.result());
        assertEquals(List.of("GetCommit", "GetFile .kft.yaml", "GetFile Dockerfile"), source.calls);
        List<String> findings = ledger.item(BuildId.of("payments-api", COMMIT)).findings;
        assertEquals(2, findings.size(), findings.toString());
        assertTrue(findings.get(0).startsWith("Dockerfile:1: base-image-not-allowed"), findings.get(0));
        assertTrue(findings.get(1).contains("no-user"), findings.get(1));
        assertTrue(entry.reason().startsWith("Dockerfile policy warnings: "), entry.reason());
    }

    @Test
    void underEnforceAFindingLaunchesNothingAndIsCommentedAndAnnouncedOnce() {
        source.files.put("Dockerfile", "FROM node:22\nUSER app\n");
        BuildTrigger.PushOutcome outcome = push(trigger("DOCKERFILE_POLICY", "ENFORCE"));
        push(trigger("DOCKERFILE_POLICY", "ENFORCE"));

        assertEquals(BuildTrigger.PushResult.FAILED_POLICY, outcome.entries().get(0).result());
        assertFalse(outcome.failed(), "a retry cannot fix a Dockerfile: the invocation succeeds");
        assertTrue(launcher.tasks.isEmpty());
        assertEquals("FAILED_POLICY", ledger.item(BuildId.of("payments-api", COMMIT)).status);
        assertEquals(1, source.comments.size());
        assertTrue(source.comments.get(0).contains("Dockerfile:1: base-image-not-allowed"), source.comments.get(0));
        assertEquals(1, published.size());
        Map<?, ?> detail = (Map<?, ?>) published.get(0).get("detail");
        assertEquals("Image Build Failed", published.get(0).get("detail-type"));
        assertEquals("FAILED_POLICY", detail.get("status"));
        assertEquals(1, ((List<?>) detail.get("policyFindings")).size());
    }

    @Test
    void aSkipMarkerAnywhereInTheMessageBuildsNothingAfterOneCommitRead() {
        source.message = "Fix typo in the README\n\nNothing to build here [CI Skip]";
        BuildTrigger.PushOutcome outcome = push(trigger());

        assertEquals(BuildTrigger.PushResult.SKIPPED, outcome.entries().get(0).result());
        assertEquals(List.of("GetCommit"), source.calls);
        assertTrue(launcher.tasks.isEmpty());
        assertEquals("SKIPPED", ledger.item(BuildId.of("payments-api", COMMIT)).status);
    }

    @Test
    void aMonorepoPushBuildsOnlyTheImagesWhosePathsChanged() {
        source.files.put(".kft.yaml", MONOREPO);
        source.files.put("services/api/Dockerfile", GOOD_DOCKERFILE);
        source.changedPaths = List.of("services/api/main.go", "README.md");
        tasksPlaced(1);
        BuildTrigger.PushOutcome outcome = push(trigger());

        assertEquals(Map.of("api", BuildTrigger.PushResult.LAUNCHED, "worker", BuildTrigger.PushResult.SKIPPED), resultsByImage(outcome));
        assertEquals(List.of("GetCommit", "GetFile .kft.yaml", "GetDifferences", "GetFile services/api/Dockerfile"), source.calls);
        BuildId api = BuildId.of("payments-api", COMMIT, "api");
        assertEquals(api, launcher.tasks.get(0).buildId());
        InMemoryBuildLedger.Item pushRecord = ledger.item(BuildId.of("payments-api", COMMIT));
        assertEquals("CONFIGURED", pushRecord.status);
        assertEquals(Map.of("api", api), pushRecord.imageBuilds);
        assertTrue(pushRecord.skippedImages.get("worker").startsWith("no changed file matches paths [services/worker/**]"));
        assertEquals("kft/payments-api/api", ledger.item(api).plan.imageRepository());
    }

    @Test
    void eachImageGetsItsOwnKanikoArgumentsAndArm64ImagesTheirPlatform() {
        source.files.put(".kft.yaml", MONOREPO);
        source.files.put("services/api/Dockerfile", GOOD_DOCKERFILE);
        source.files.put("services/worker/Dockerfile", GOOD_DOCKERFILE);
        source.changedPaths = List.of(".kft.yaml");
        tasksPlaced(2);
        push(trigger());

        TaskLaunch api = launcher.tasks.get(0);
        TaskLaunch worker = launcher.tasks.get(1);
        assertEquals(Platform.LINUX_AMD64, api.platform());
        assertEquals(Platform.LINUX_ARM64, worker.platform());
        assertTrue(api.kanikoArgs().containsAll(List.of("--context-sub-path=services/api", "--dockerfile=Dockerfile",
                "--target=runtime", "--build-arg=GO_VERSION=1.23", "--build-arg=GREETING=hello --world=x")), api.kanikoArgs().toString());
        assertTrue(api.kanikoArgs().stream().anyMatch(a -> a.startsWith("--destination=") && a.contains("/kft/payments-api/api:4f2a9c1e7b3d")));
        assertTrue(worker.kanikoArgs().contains("--context-sub-path=services/worker"));
        assertFalse(worker.kanikoArgs().stream().anyMatch(a -> a.startsWith("--target=") || a.startsWith("--build-arg=")));
    }

    @Test
    void aNewBranchHasNoOldCommitSoEveryImageBuildsWithoutReadingDifferences() {
        source.files.put(".kft.yaml", MONOREPO);
        source.files.put("services/api/Dockerfile", GOOD_DOCKERFILE);
        source.files.put("services/worker/Dockerfile", GOOD_DOCKERFILE);
        tasksPlaced(2);
        BuildTrigger.PushOutcome outcome = pushNewBranch(trigger());

        assertEquals(Map.of("api", BuildTrigger.PushResult.LAUNCHED, "worker", BuildTrigger.PushResult.LAUNCHED), resultsByImage(outcome));
        assertFalse(source.calls.contains("GetDifferences"));
    }

    @Test
    void theSamePushDeliveredTwiceLaunchesEachImageOnceAndTheCopyCostsOneLedgerCall() {
        source.files.put(".kft.yaml", MONOREPO);
        source.files.put("services/api/Dockerfile", GOOD_DOCKERFILE);
        source.files.put("services/worker/Dockerfile", GOOD_DOCKERFILE);
        source.changedPaths = List.of("libs/common/retry.go", "services/worker/job.go");
        tasksPlaced(2);
        push(trigger());
        int codeCommitCalls = source.calls.size();
        int ledgerCalls = ledger.calls.size();

        BuildTrigger.PushOutcome copy = push(trigger());

        assertEquals(2, launcher.tasks.size());
        assertEquals(BuildTrigger.PushResult.ALREADY_LAUNCHED, copy.entries().get(0).result());
        assertEquals(codeCommitCalls, source.calls.size(), "a duplicate is recognised before any CodeCommit read");
        assertEquals(ledgerCalls + 1, ledger.calls.size());
    }

    @Test
    void anInvocationThatDiesBetweenTwoImageLaunchesIsFinishedByTheRetryWithoutLaunchingAnyImageTwice() {
        source.files.put(".kft.yaml", MONOREPO);
        source.files.put("services/api/Dockerfile", GOOD_DOCKERFILE);
        source.files.put("services/worker/Dockerfile", GOOD_DOCKERFILE);
        source.changedPaths = List.of(".kft.yaml");
        tasksPlaced(2);
        // Lambda's timeout kills the invocation after api's task is placed, before worker's RunTask returns:
        // no catch block runs, so nothing is recorded for worker and the push record keeps its lease.
        BuildLauncher diesOnWorker = task -> {
            if (task.kanikoArgs().contains("--context-sub-path=services/worker")) {
                throw new Error("Task timed out after 60.00 seconds");
            }
            return launcher.launch(task);
        };
        BuildTrigger dying = new BuildTrigger(new BuildPlanner(TestSettings.with()), ledger, new CapacityFallback(diesOnWorker),
                (task, reason) -> { }, (repository, digest, tags) -> Optional.of(Map.of()), source, source,
                (type, detail, resources) -> { }, clock);
        assertThrows(Error.class, () -> push(dying));
        assertEquals(1, launcher.tasks.size());
        // Meanwhile api's task sent its first state event: TaskStateFunction recorded it.
        ledger.taskRecorded(BuildId.of("payments-api", COMMIT, "api"), "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/1");

        clock.advance(Duration.ofMinutes(2));
        BuildTrigger.PushOutcome retry = push(trigger());

        assertEquals(Map.of("api", BuildTrigger.PushResult.ALREADY_LAUNCHED, "worker", BuildTrigger.PushResult.LAUNCHED),
                resultsByImage(retry));
        assertEquals(2, launcher.tasks.size(), "api launched once, worker once");
        assertTrue(launcher.tasks.get(1).kanikoArgs().contains("--context-sub-path=services/worker"));
        assertEquals("CONFIGURED", ledger.item(BuildId.of("payments-api", COMMIT)).status);
    }

    @Test
    void anInvalidConfigurationBuildsNothingAndSaysWhereOnTheCommitAndTheBus() {
        source.files.put(".kft.yaml", "version: 1\nimages:\n  - name: API\n    platform: linux/s390x\n");
        BuildTrigger.PushOutcome outcome = push(trigger());

        BuildTrigger.Entry entry = outcome.entries().get(0);
        assertEquals(BuildTrigger.PushResult.FAILED_CONFIG, entry.result());
        assertFalse(outcome.failed());
        assertTrue(launcher.tasks.isEmpty());
        assertTrue(entry.reason().contains(".kft.yaml:3:"), entry.reason());
        assertTrue(entry.reason().contains(".kft.yaml:4:"), entry.reason());
        assertEquals("FAILED_CONFIG", ledger.item(BuildId.of("payments-api", COMMIT)).status);
        assertEquals(1, source.comments.size());
        assertTrue(source.comments.get(0).contains(".kft.yaml:3:"), source.comments.get(0));
        Map<?, ?> detail = (Map<?, ?>) published.get(0).get("detail");
        assertEquals("FAILED_CONFIG", detail.get("status"));
        assertEquals(2, ((List<?>) detail.get("configErrors")).size(), Json.write(detail));
    }

    @Test
    void aTransientFailureAfterTheClaimGivesTheClaimBackForTheRetry() {
        RuntimeException throttled = new IllegalStateException("CodeCommit: Rate exceeded");
        source.commitFailure = throttled;
        assertEquals(throttled, assertThrows(IllegalStateException.class, () -> push(trigger())));
        assertEquals("FAILED_TO_LAUNCH", ledger.item(BuildId.of("payments-api", COMMIT)).status);

        source.commitFailure = null;
        tasksPlaced(1);
        assertEquals(BuildTrigger.PushResult.LAUNCHED, push(trigger("DOCKERFILE_POLICY", "OFF")).entries().get(0).result(),
                "the retry takes the push over");
    }

    /** push-branch.json for another commit of main, pushed {@code minutesLater} after the sample. */
    private BuildTrigger.PushOutcome pushMain(String commitId, int minutesLater) {
        String event = SampleEvents.text("push-branch.json").replace(COMMIT, commitId)
                .replace("\"2026-11-20T09:14:05Z\"", "\"" + java.time.Instant.parse("2026-11-20T09:14:05Z").plusSeconds(60L * minutesLater) + "\"");
        return trigger("DOCKERFILE_POLICY", "OFF").handle(PushEventParser.parse(Json.parseObject(event)), Deadline.in(Duration.ofSeconds(55), clock));
    }

    @Test
    void aNewerPushOfTheBranchStopsTheOlderRunningBuild() {
        tasksPlaced(2);
        pushMain(COMMIT, 0);
        BuildId older = BuildId.of("payments-api", COMMIT);
        ledger.taskRecorded(older, "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/1");
        String newer = "b7e3d9a1c5f2" + "0".repeat(28);

        pushMain(newer, 5);

        assertEquals(List.of("arn:aws:ecs:us-east-1:123456789012:task/kft-builds/1 superseded by b7e3d9a1c5f2"), stopped);
        assertEquals(newer, ledger.item(older).supersededBy);
        assertEquals(2, launcher.tasks.size());
    }

    /**
     * The older build launched moments ago: no state event of its task has been recorded, so there is no
     * task to stop. It is marked, not cancelled (its task may be running): its first event finds the mark
     * and TaskStateFunction stops it (BuildResultRecorderTest).
     */
    @Test
    void aNewerPushMarksAnOlderBuildWhoseTaskIsNotRecordedYetAndStopsNothing() {
        tasksPlaced(2);
        pushMain(COMMIT, 0);
        BuildId older = BuildId.of("payments-api", COMMIT);
        String newer = "b7e3d9a1c5f2" + "0".repeat(28);

        BuildTrigger.PushOutcome outcome = pushMain(newer, 5);

        assertEquals(BuildTrigger.PushResult.LAUNCHED, outcome.entries().get(0).result());
        assertEquals(newer, ledger.item(older).supersededBy);
        assertEquals("QUEUED", ledger.item(older).status, "not cancelled: its task may run, and its stop event will cancel it");
        assertTrue(stopped.isEmpty(), stopped.toString());
        assertEquals(List.of("claim push", "inFlightBuildsOfRef", "claim push", "inFlightBuildsOfRef", "markSuperseded"), ledger.calls);
    }

    /** An older launch abandoned (its invocation died before RunTask, its lease ran out, no task recorded) is over at once. */
    @Test
    void aNewerPushCancelsAnAbandonedOlderLaunchAtOnce() {
        tasksPlaced(1);
        BuildTrigger dying = new BuildTrigger(new BuildPlanner(TestSettings.with("DOCKERFILE_POLICY", "OFF")), ledger,
                new CapacityFallback(task -> {
                    throw new Error("Task timed out after 60.00 seconds");
                }), (task, reason) -> { }, (repository, digest, tags) -> Optional.of(Map.of()), source, source,
                (type, detail, resources) -> { }, clock);
        assertThrows(Error.class, () -> push(dying));
        BuildId older = BuildId.of("payments-api", COMMIT);
        clock.advance(Duration.ofMinutes(2));
        String newer = "b7e3d9a1c5f2" + "0".repeat(28);

        pushMain(newer, 5);
        BuildTrigger.PushOutcome lateRetry = push(trigger("DOCKERFILE_POLICY", "OFF"));

        assertEquals("CANCELLED", ledger.item(older).status);
        assertEquals(newer, ledger.item(older).supersededBy);
        assertTrue(stopped.isEmpty(), stopped.toString());
        assertEquals(BuildTrigger.PushResult.ALREADY_LAUNCHED, lateRetry.entries().get(0).result(), "the dead push's retry launches nothing");
        assertEquals(1, launcher.tasks.size(), "only the newer build ran");
    }

    /** The task's first event is late (TaskStateFunction throttled): a retry after the lease relaunches with the same clientToken. */
    @Test
    void aRetryAfterTheLeaseWithNoTaskRecordedLaunchesAgainWithTheSameClientToken() {
        tasksPlaced(2);
        push(trigger("DOCKERFILE_POLICY", "OFF", "SUPERSEDE_BUILDS", "false"));

        BuildTrigger.PushOutcome early = push(trigger("DOCKERFILE_POLICY", "OFF", "SUPERSEDE_BUILDS", "false"));
        clock.advance(Duration.ofMinutes(2));
        BuildTrigger.PushOutcome late = push(trigger("DOCKERFILE_POLICY", "OFF", "SUPERSEDE_BUILDS", "false"));

        assertEquals(BuildTrigger.PushResult.LAUNCH_IN_PROGRESS, early.entries().get(0).result());
        assertTrue(early.failed(), "retried by Lambda");
        assertEquals(BuildTrigger.PushResult.LAUNCHED, late.entries().get(0).result());
        assertEquals(2, launcher.tasks.size());
        assertEquals(launcher.tasks.get(0).clientToken(), launcher.tasks.get(1).clientToken(), "ECS answers the repeat with the first task");
    }

    /** Once the task's first event is recorded, a copy of the push costs its one failed claim and is a duplicate. */
    @Test
    void aCopyArrivingAfterTheTasksFirstEventIsADuplicate() {
        tasksPlaced(1);
        push(trigger("DOCKERFILE_POLICY", "OFF"));
        ledger.taskRecorded(BuildId.of("payments-api", COMMIT), "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/1");
        int calls = ledger.calls.size();

        BuildTrigger.PushOutcome copy = push(trigger("DOCKERFILE_POLICY", "OFF"));

        assertEquals(BuildTrigger.PushResult.ALREADY_LAUNCHED, copy.entries().get(0).result());
        assertFalse(copy.failed());
        assertEquals(List.of("claim push"), ledger.calls.subList(calls, ledger.calls.size()));
        assertEquals(1, launcher.tasks.size());
    }

    @Test
    void anOlderPushArrivingAfterANewerOneLaunchesNothingAndSaysSo() {
        tasksPlaced(1);
        String newer = "b7e3d9a1c5f2" + "0".repeat(28);
        pushMain(newer, 5);

        BuildTrigger.PushOutcome late = pushMain(COMMIT, 0);

        assertEquals(BuildTrigger.PushResult.SUPERSEDED, late.entries().get(0).result());
        assertEquals(1, launcher.tasks.size());
        assertEquals("CANCELLED", ledger.item(BuildId.of("payments-api", COMMIT)).status);
        assertEquals(newer, ledger.item(BuildId.of("payments-api", COMMIT)).supersededBy);
        assertTrue(source.comments.get(0).contains("superseded by b7e3d9a1c5f2"), source.comments.toString());
        assertTrue(stopped.isEmpty());
    }

    @Test
    void supersedingCanBeTurnedOffAndNeverAppliesToGitTags() {
        tasksPlaced(3);
        pushMain(COMMIT, 0);
        ledger.taskRecorded(BuildId.of("payments-api", COMMIT), "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/1");
        String event = SampleEvents.text("push-branch.json").replace(COMMIT, "c".repeat(40))
                .replace("\"2026-11-20T09:14:05Z\"", "\"2026-11-20T10:14:05Z\"");
        trigger("DOCKERFILE_POLICY", "OFF", "SUPERSEDE_BUILDS", "false")
                .handle(PushEventParser.parse(Json.parseObject(event)), Deadline.in(Duration.ofSeconds(55), clock));
        trigger("DOCKERFILE_POLICY", "OFF").handle(PushEventParser.parse(SampleEvents.json("push-tag.json")),
                Deadline.in(Duration.ofSeconds(55), clock));

        assertTrue(stopped.isEmpty(), stopped.toString());
    }

    @Test
    void aLaunchedBuildIsCountedInEmbeddedMetricFormat() {
        List<String> lines = new ArrayList<>();
        dev.kft.core.Log.useSink(new dev.kft.core.Log.Sink() {
            @Override
            public void write(dev.kft.core.Log.Level level, Map<String, Object> record) {
            }

            @Override
            public void writeLine(String jsonLine) {
                lines.add(jsonLine);
            }
        });
        try {
            tasksPlaced(1);
            push(trigger("DOCKERFILE_POLICY", "OFF"));
        } finally {
            dev.kft.core.Log.useSink(null);
        }
        assertEquals(1, lines.size(), lines.toString());
        Map<String, Object> document = Json.parseObject(lines.get(0));
        assertEquals(1, ((Number) document.get("BuildsLaunched")).intValue());
        assertEquals("PushFunction", document.get("Function"));
        assertEquals("LAUNCHED", document.get("Status"));
        assertEquals(BuildId.of("payments-api", COMMIT).value(), document.get("buildId"));
    }

    @Test
    void aFailureToStopTheOlderBuildNeverUndoesTheNewerLaunch() {
        tasksPlaced(2);
        pushMain(COMMIT, 0);
        ledger.taskRecorded(BuildId.of("payments-api", COMMIT), "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/1");
        BuildTrigger failingStop = new BuildTrigger(new BuildPlanner(TestSettings.with("DOCKERFILE_POLICY", "OFF")), ledger,
                new CapacityFallback(launcher), (task, reason) -> {
                    throw new IllegalStateException("ECS: Rate exceeded");
                }, (repository, digest, tags) -> Optional.of(Map.of()), source, source, (type, detail, resources) -> { }, clock);
        String event = SampleEvents.text("push-branch.json").replace(COMMIT, "d".repeat(40))
                .replace("\"2026-11-20T09:14:05Z\"", "\"2026-11-20T10:14:05Z\"");

        BuildTrigger.PushOutcome newer = failingStop.handle(PushEventParser.parse(Json.parseObject(event)), Deadline.in(Duration.ofSeconds(55), clock));

        assertEquals(BuildTrigger.PushResult.LAUNCHED, newer.entries().get(0).result());
        assertFalse(newer.failed());
        assertEquals("QUEUED", ledger.item(BuildId.of("payments-api", "d".repeat(40))).status);
    }

    @Test
    void aPushOfACommitTheRepositoryDoesNotHaveIsAnsweredWithTheReasonNotRetried() {
        source.commitFailure = new dev.kft.source.SourceNotFoundException(
                "commit " + COMMIT + " of CodeCommit repository payments-api does not exist (CommitIdDoesNotExistException)", null);

        BuildTrigger.PushOutcome outcome = push(trigger());

        assertEquals(BuildTrigger.PushResult.IGNORED, outcome.entries().get(0).result());
        assertFalse(outcome.failed(), "no retry can make the commit exist");
        assertEquals("commit " + COMMIT + " of CodeCommit repository payments-api does not exist (CommitIdDoesNotExistException)",
                outcome.entries().get(0).reason());
        assertEquals("FAILED_TO_LAUNCH", ledger.item(BuildId.of("payments-api", COMMIT)).status);
        assertTrue(launcher.tasks.isEmpty());
    }
}
