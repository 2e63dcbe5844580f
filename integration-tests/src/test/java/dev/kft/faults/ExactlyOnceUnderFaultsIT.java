package dev.kft.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.AwsClients;
import dev.kft.aws.DynamoBuildLedger;
import dev.kft.aws.DynamoBuildResults;
import dev.kft.aws.EcsBuildLauncher;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.launch.CapacityFallback;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.BuildTrigger;
import dev.kft.push.PushEventParser;
import dev.kft.result.BuildStatus;
import dev.kft.result.TaskStateEventParser;
import dev.kft.source.CommitInfo;
import dev.kft.source.Commits;
import dev.kft.source.RepositoryFiles;
import dev.kft.testing.EventMutation;
import dev.kft.testing.Fault;
import dev.kft.testing.FaultProxy;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.RandomFaults;
import dev.kft.testing.SampleEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * PushFunction's use case with the real DynamoDB and ECS adapters and the functions' own client
 * factory (its SDK retry strategy is the only retry layer), through a fault proxy that throttles,
 * answers 500 and 503, resets connections and holds responses past the read timeout, mostly AFTER
 * moto applied the request (a lost answer). Each push is delivered again the way Lambda retries an
 * async invocation (at most twice, a minute and two minutes later: the clock moves on). ECS's
 * clientToken idempotency and DynamoDB's atomic conditional writes, which moto lacks, are added behind
 * the proxy ({@link AwsGuarantees}).
 *
 * <p>What must hold: every push ends with exactly one task and one ledger item, claimed, that names the
 * task once the task's first state event is recorded (PushFunction writes nothing after RunTask: the test
 * plays that event, as TaskStateFunction records it); nothing is lost (a push without a task has a
 * FAILED_TO_LAUNCH item saying why, and went to the failure destination).
 */
@ExtendWith(MotoExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@Order(3) // one of the longest classes: started early (junit-platform.properties)
class ExactlyOnceUnderFaultsIT {
    private static final int PUSHES = 200;
    /** Lambda's async retries: the first delivery and at most two more. */
    private static final int DELIVERIES = 3;
    private static final Duration[] RETRY_DELAYS = {Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(3)};
    private static final Duration READ_TIMEOUT = Duration.ofMillis(800);

    /** Every SDK attempt, counted per operation by an interceptor: attempts beyond the first are the SDK's retries. */
    private static final class Attempts implements ExecutionInterceptor {
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            attempts.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicInteger()).incrementAndGet();
        }

        int retries() {
            return attempts.values().stream().mapToInt(AtomicInteger::get).sum() - calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    /** The commit every push names: read without faults (CodeCommit is not what this test breaks). */
    private static final class Source implements Commits, RepositoryFiles {
        @Override
        public CommitInfo describe(String repository, String commitId) {
            return new CommitInfo("Ada Lovelace", "ada@example.com", "Retry card payments", null, "Retry card payments");
        }

        @Override
        public String comment(String repository, String commitId, String parentCommitId, String content, String requestToken) {
            return "comment";
        }

        @Override
        public Optional<String> file(String repository, String commitId, String path) {
            return "Dockerfile".equals(path) ? Optional.of("FROM public.ecr.aws/docker/library/alpine:3.20\nUSER app\n") : Optional.empty();
        }

        @Override
        public List<String> changedPaths(String repository, String beforeCommitId, String afterCommitId) {
            return List.of();
        }
    }

    /** The clients one execution environment builds at init, through the fault proxy. */
    private record Clients(DynamoDbClient dynamo, EcsClient ecs) {
        static Clients through(FaultProxy proxy, Attempts attempts) {
            AwsClients aws = new AwsClients(MotoServer.REGION, READ_TIMEOUT);
            return new Clients(
                    aws.build(DynamoDbClient.builder().endpointOverride(proxy.endpoint())
                            .overrideConfiguration(o -> o.addExecutionInterceptor(attempts))),
                    aws.build(EcsClient.builder().endpointOverride(proxy.endpoint())
                            .overrideConfiguration(o -> o.addExecutionInterceptor(attempts))));
        }
    }

    private static BuildTrigger trigger(MotoStack stack, Clients clients, Clock clock) {
        DynamoDbClient dynamo = clients.dynamo();
        EcsClient ecs = clients.ecs();
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("USE_FARGATE_SPOT", "false"); // moto places Fargate tasks only with launch type FARGATE
        // The pushes are all commits of main: superseding would stop the older builds on purpose
        // (SupersedeIT and the push flow's tests cover that); here every push must keep its one task.
        env.put("SUPERSEDE_BUILDS", "false");
        Source source = new Source();
        BuildTrigger trigger = new BuildTrigger(new BuildPlanner(BuildSettings.fromEnvironment(env::get)),
                new DynamoBuildLedger(dynamo, stack.ledgerTable),
                new CapacityFallback(new EcsBuildLauncher(ecs, EcsBuildLauncher.Config.fromEnvironment(env::get))),
                (task, reason) -> { }, (repository, digest, tags) -> Optional.of(Map.of()), source, source, (type, detail, resources) -> { }, clock);
        return trigger;
    }

    /** A push of its own commit: its own build. */
    private static Map<String, Object> push(Random random) {
        byte[] commit = new byte[20];
        random.nextBytes(commit);
        Map<String, Object> event = EventMutation.set(SampleEvents.json("push-branch.json"), "detail.commitId", HexFormat.of().formatHex(commit));
        return EventMutation.set(event, "id", "push-" + HexFormat.of().formatHex(commit, 0, 6));
    }

    /**
     * One push as Lambda runs it: a delivery fails when the handler would throw (an exception, or an
     * outcome that fails the invocation); then it is delivered again, later, up to {@link #DELIVERIES} times.
     * Returns how many deliveries it took, or 0 when all failed (the event went to the failure destination).
     */
    private static int deliver(Map<String, Object> event, MotoStack stack, Clients clients, Clock base, AtomicInteger failedDeliveries) {
        return deliver(event, stack, clients, base, failedDeliveries, () -> { });
    }

    /** As above; {@code meanwhile} runs between a failed delivery and the next (what happens in Lambda's minute of waiting). */
    private static int deliver(Map<String, Object> event, MotoStack stack, Clients clients, Clock base, AtomicInteger failedDeliveries,
                               Runnable meanwhile) {
        for (int delivery = 0; delivery < DELIVERIES; delivery++) {
            if (delivery > 0) {
                meanwhile.run();
            }
            Clock clock = Clock.offset(base, RETRY_DELAYS[delivery]);
            try {
                BuildTrigger.PushOutcome outcome = trigger(stack, clients, clock)
                        .handle(PushEventParser.parse(event), Deadline.in(Duration.ofSeconds(20), clock));
                if (!outcome.failed()) {
                    return delivery + 1;
                }
            } catch (RuntimeException e) {
                // The invocation failed: Lambda will deliver the event again.
            }
            failedDeliveries.incrementAndGet();
        }
        return 0;
    }

    @Test
    void everyPushEndsWithExactlyOneTaskAndOneLedgerItemUnderFaultsAndRedeliveries(MotoServer moto) throws Exception {
        long started = System.nanoTime();
        MotoStack stack = MotoStack.create(moto);
        Fault[] lostOrRefused = {Fault.THROTTLE_BEFORE, Fault.ERROR_500_BEFORE, Fault.ERROR_503_BEFORE, Fault.THROTTLE_AFTER,
                Fault.ERROR_500_AFTER, Fault.ERROR_503_AFTER, Fault.RESET_AFTER, Fault.TIMEOUT_AFTER};
        RandomFaults faults = RandomFaults.seeded(20261205L)
                .on("RunTask", 0.35, lostOrRefused)
                .onAnyOperation(0.2, lostOrRefused);
        Random random = new Random(7);
        List<Map<String, Object>> pushes = new ArrayList<>();
        for (int i = 0; i < PUSHES; i++) {
            pushes.add(push(random));
        }
        AtomicInteger failedDeliveries = new AtomicInteger();
        Map<Integer, Integer> deliveriesNeeded = new TreeMap<>();
        Clock base = Clock.systemUTC();
        try (AwsGuarantees ecsIdempotency = new AwsGuarantees(moto.endpoint());
             FaultProxy proxy = FaultProxy.start(ecsIdempotency.endpoint(), faults).timeoutHold(READ_TIMEOUT.multipliedBy(2))) {
            Attempts attempts = new Attempts();
            Clients clients = Clients.through(proxy, attempts);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> runs = new ArrayList<>();
            for (Map<String, Object> event : pushes) {
                runs.add(pool.submit(() -> deliver(event, stack, clients, base, failedDeliveries)));
            }
            for (Future<Integer> run : runs) {
                deliveriesNeeded.merge(run.get(), 1, Integer::sum);
            }
            pool.shutdown();

            Map<String, List<String>> tasksByBuild = tasksByBuild(stack);
            int launched = 0;
            List<String> problems = new ArrayList<>();
            for (Map<String, Object> event : pushes) {
                String commit = (String) ((Map<?, ?>) event.get("detail")).get("commitId");
                BuildId build = BuildId.of("payments-api", commit);
                List<String> tasks = tasksByBuild.getOrDefault(build.value(), List.of());
                Map<String, AttributeValue> item = item(stack, build);
                String status = item.containsKey(LedgerItemCodec.STATUS) ? item.get(LedgerItemCodec.STATUS).s() : null;
                if (tasks.size() == 1 && "QUEUED".equals(status) && !item.containsKey(LedgerItemCodec.TASK_ARN)) {
                    firstEventRecorded(stack, build, tasks.get(0));
                    Map<String, AttributeValue> recorded = item(stack, build);
                    if (tasks.get(0).equals(recorded.get(LedgerItemCodec.TASK_ARN).s())) {
                        launched++;
                    } else {
                        problems.add(build + ": task " + tasks.get(0) + ", ledger names " + recorded.get(LedgerItemCodec.TASK_ARN).s());
                    }
                } else if (!(tasks.isEmpty() && "FAILED_TO_LAUNCH".equals(status) && item.containsKey(LedgerItemCodec.LAUNCH_FAILURE))) {
                    problems.add(build + ": tasks " + tasks + ", ledger " + status + " " + item.get(LedgerItemCodec.TASK_ARN));
                }
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            Map<String, Integer> faultsByKind = new TreeMap<>();
            proxy.faultCounts().forEach((kind, count) -> faultsByKind.put(kind.name(), count));
            System.out.println("exactly-once under faults: " + PUSHES + " pushes in " + seconds + " s; faults " + faultsByKind
                    + "; calls through the proxy " + proxy.callCounts() + "; SDK retries " + attempts.retries() + " " + attempts.attempts + "; RunTask answered by clientToken " + ecsIdempotency.replays()
                    + "; failed deliveries (Lambda retried) " + failedDeliveries + "; pushes by deliveries needed (0 = all failed) "
                    + deliveriesNeeded + "; tasks " + tasksByBuild.values().stream().mapToInt(List::size).sum()
                    + "; builds launched " + launched);

            assertEquals(List.of(), problems, "a build with a second task, a task the ledger does not name, or no record of why");
            assertEquals(PUSHES, launched, "every push built exactly once: " + deliveriesNeeded);
            assertTrue(proxy.faultCounts().values().stream().mapToInt(Integer::intValue).sum() > PUSHES / 2, "faults were injected");
            assertTrue(failedDeliveries.get() > 0, "some deliveries failed and were redelivered");
        }
    }

    /**
     * 2 to 8 copies of one push at once (EventBridge's at-least-once delivery, concurrent Lambda
     * environments), under the same faults: one task and one ledger item per build. A copy that finds
     * the launch in progress fails and is delivered again later, like any failed invocation; in the minute
     * Lambda waits, the task's first state event (ECS's, played here) records the task, so the copy is then
     * a duplicate, or, the launch's lease run out with no task recorded, it launches again with the same
     * clientToken and gets the same task. (Whether every copy is acknowledged is not asserted: the injected
     * faults alone can fail a copy's three deliveries; DuplicateDeliveryIT shows it without them.)
     */
    @Test
    void concurrentCopiesOfAPushStartOneTask(MotoServer moto) throws Exception {
        MotoStack stack = MotoStack.create(moto);
        RandomFaults faults = RandomFaults.seeded(99L).onAnyOperation(0.2, Fault.THROTTLE_AFTER, Fault.ERROR_500_AFTER,
                Fault.RESET_AFTER, Fault.TIMEOUT_AFTER, Fault.ERROR_503_BEFORE);
        Random random = new Random(11);
        AtomicInteger failedDeliveries = new AtomicInteger();
        int copiesSent = 0;
        List<Map<String, Object>> pushes = new ArrayList<>();
        try (AwsGuarantees ecsIdempotency = new AwsGuarantees(moto.endpoint());
             FaultProxy proxy = FaultProxy.start(ecsIdempotency.endpoint(), faults).timeoutHold(READ_TIMEOUT.multipliedBy(2))) {
            Clients clients = Clients.through(proxy, new Attempts());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Integer>> runs = new ArrayList<>();
            for (int push = 0; push < 20; push++) {
                Map<String, Object> event = push(random);
                pushes.add(event);
                int copies = 2 + push % 7;
                for (int copy = 0; copy < copies; copy++) {
                    runs.add(pool.submit(() -> deliver(event, stack, clients, Clock.systemUTC(), failedDeliveries,
                            () -> firstEventRecordedOnceStarted(stack, event))));
                    copiesSent++;
                }
            }
            int copiesDelivered = 0;
            for (Future<Integer> run : runs) {
                copiesDelivered += run.get() > 0 ? 1 : 0;
            }
            pool.shutdown();
            Map<String, List<String>> tasksByBuild = tasksByBuild(stack);
            System.out.println("concurrent copies: " + pushes.size() + " pushes, " + copiesSent + " copies, " + copiesDelivered
                    + " acknowledged, failed deliveries " + failedDeliveries + ", faults " + proxy.faultCounts()
                    + ", tasks " + tasksByBuild.values().stream().mapToInt(List::size).sum());
            for (Map<String, Object> event : pushes) {
                BuildId build = BuildId.of("payments-api", (String) ((Map<?, ?>) event.get("detail")).get("commitId"));
                List<String> tasks = tasksByBuild.getOrDefault(build.value(), List.of());
                assertEquals(1, tasks.size(), build + " " + tasks);
                firstEventRecorded(stack, build, tasks.get(0));
                assertEquals(tasks.get(0), item(stack, build).get(LedgerItemCodec.TASK_ARN).s());
            }
        }
    }

    /** ECS's first state event of the push's task, if the task has started and its event is not recorded yet. */
    private static void firstEventRecordedOnceStarted(MotoStack stack, Map<String, Object> event) {
        BuildId build = BuildId.of("payments-api", (String) ((Map<?, ?>) event.get("detail")).get("commitId"));
        List<String> tasks = stack.ecs.listTasks(r -> r.cluster(stack.cluster).startedBy(build.startedBy(1))).taskArns();
        if (!tasks.isEmpty() && !item(stack, build).containsKey(LedgerItemCodec.TASK_ARN)) {
            firstEventRecorded(stack, build, tasks.get(0));
        }
    }

    private static Map<String, AttributeValue> item(MotoStack stack, BuildId build) {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable).key(LedgerItemCodec.key(build)).consistentRead(true)).item();
    }

    /** ECS's part (moto sends no task state events): the task's first state event, as TaskStateFunction records it on the build. */
    private static void firstEventRecorded(MotoStack stack, BuildId build, String taskArn) {
        Map<String, Object> event = EventMutation.set(SampleEvents.json("task-running.json"), "detail.taskArn", taskArn);
        event = EventMutation.set(event, "detail.startedBy", build.startedBy(1));
        new DynamoBuildResults(stack.dynamoDb, stack.ledgerTable).advance(build, 1, TaskStateEventParser.parse(event, "kaniko"),
                BuildStatus.RUNNING, null, Instant.now());
    }

    /** Every task of the stack's cluster, by the build its startedBy names. */
    private static Map<String, List<String>> tasksByBuild(MotoStack stack) {
        Map<String, List<String>> byBuild = new HashMap<>();
        List<String> arns = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = stack.ecs.listTasks(r -> r.cluster(stack.cluster).nextToken(next));
            arns.addAll(page.taskArns());
            token = page.nextToken();
        } while (token != null);
        for (int i = 0; i < arns.size(); i += 100) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
            for (Task task : stack.ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(batch)).tasks()) {
                BuildId.fromStartedBy(task.startedBy()).ifPresent(a ->
                        byBuild.computeIfAbsent(a.buildId().value(), k -> new ArrayList<>()).add(task.taskArn()));
            }
        }
        return byBuild;
    }
}
