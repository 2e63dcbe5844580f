package dev.kft.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.aws.AwsClients;
import dev.kft.core.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.LaunchType;

/**
 * A burst: {@code pushes} pushes, each delivered twice (EventBridge delivers at least once), by
 * {@code concurrency} threads sharing one handler, each push on a branch of its own. The two deliveries of a push sit next to each
 * other in the queue, so they usually run at the same time. Mode {@code function} invokes
 * PushFunction; mode {@code bare} is the floor: a plain SDK loop making only the two calls a push
 * needs (conditional put, then RunTask unless the put found the build), on the same client factory.
 * One warm-up push first, on its own commit. Usage: BurstRunner function|bare <sample event> <series> <pushes> <concurrency>
 */
public final class BurstRunner {
    private BurstRunner() {}

    interface Delivery {
        /** True when this delivery launched the build. */
        boolean deliver(PushEvents.Commit commit) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        PushEvents events = new PushEvents(Path.of(args[1]));
        long series = Long.parseLong(args[2]);
        int pushes = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        Delivery delivery = mode.equals("function") ? function(events) : bare();
        delivery.deliver(PushEvents.commit(series, 0));

        AtomicInteger launched = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
        List<Future<?>> deliveries = new ArrayList<>();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int i = 1; i <= pushes; i++) {
                PushEvents.Commit commit = PushEvents.commit(series, i);
                for (int copy = 0; copy < 2; copy++) {
                    deliveries.add(pool.submit(() -> {
                        try {
                            if (delivery.deliver(commit)) {
                                launched.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            failures.merge(reason(e), 1, Integer::sum);
                        }
                    }));
                }
            }
        } // close() waits for every delivery
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println(Json.write(Map.of(
                "mode", mode,
                "deliveries", deliveries.size(),
                "launched", launched.get(),
                "failed", failed.get(),
                "failures", failures,
                "seconds", Math.round(seconds * 1000) / 1000.0,
                "deliveriesPerSecond", Math.round(deliveries.size() / seconds * 10) / 10.0)));
    }

    private static final java.util.regex.Pattern RESULT = java.util.regex.Pattern.compile("\"result\":\"(\\w+)\",(\"reason\":\"[^\"]*\")?");

    /** Why a delivery failed, without the commit and build id, so equal reasons add up: PushFunction's result and reason when it gave one. */
    private static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        java.util.regex.Matcher result = RESULT.matcher(message);
        return e.getClass().getSimpleName() + ": " + (result.find() ? result.group(1) + (result.group(2) == null ? "" : " " + result.group(2))
                : message.substring(0, Math.min(200, message.length())));
    }

    private static Delivery function(PushEvents events) throws ReflectiveOperationException {
        RequestStreamHandler handler = PushEvents.pushHandler();
        // A duplicate answers without launching; a failed launch throws (counted as failed). Each push is on a
        // branch of its own: pushes of one branch would supersede each other, which costs calls the floor does
        // not make (and a thousand pushes to one branch at once is not a burst a platform sees).
        return commit -> PushEvents.invoke(handler, events.push(commit, "burst-" + commit.id().substring(0, 12)))
                .contains("\"result\":\"LAUNCHED\"");
    }

    private static Delivery bare() {
        AwsClients aws = AwsClients.fromEnvironment(System::getenv);
        DynamoDbClient dynamo = aws.build(DynamoDbClient.builder());
        EcsClient ecs = aws.build(EcsClient.builder());
        String table = System.getenv("LEDGER_TABLE");
        return pushed -> {
            String commit = pushed.id();
            try {
                dynamo.putItem(r -> r.tableName(table)
                        .item(Map.of("buildId", AttributeValue.fromS("payments-api:refs/heads/main:" + commit),
                                "repository", AttributeValue.fromS("payments-api"),
                                "status", AttributeValue.fromS("QUEUED")))
                        .conditionExpression("attribute_not_exists(buildId)"));
            } catch (ConditionalCheckFailedException duplicate) {
                return false;
            }
            ecs.runTask(r -> r.cluster(System.getenv("CLUSTER"))
                    .taskDefinition(System.getenv("TASK_DEFINITION"))
                    .launchType(LaunchType.FARGATE)
                    .count(1)
                    .startedBy("kft/" + commit.substring(0, 12) + "/1")
                    .networkConfiguration(n -> n.awsvpcConfiguration(v -> v
                            .subnets(System.getenv("SUBNETS").split(","))
                            .securityGroups(System.getenv("SECURITY_GROUPS").split(","))
                            .assignPublicIp(AssignPublicIp.DISABLED)))
                    .overrides(o -> o.containerOverrides(ContainerOverride.builder()
                            .name(System.getenv("KANIKO_CONTAINER_NAME"))
                            .command("--context=git://payments-api#" + commit, "--destination=payments-api:" + commit.substring(0, 12))
                            .build())));
            return true;
        };
    }
}
