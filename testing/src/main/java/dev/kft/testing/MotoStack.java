package dev.kft.testing;

import dev.kft.aws.AwsClients;
import dev.kft.local.BusQueues;
import dev.kft.local.LocalAws;
import dev.kft.local.LocalStack;
import dev.kft.local.StackUp;
import dev.kft.local.Template;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The resources the functions need, created in moto by {@code bin/kft stack-up}'s {@link StackUp}
 * the way template.yaml declares them, under a unique stack name so tests never see each other's
 * data. Its {@link #environment()} is what the template passes to the functions.
 */
public final class MotoStack {
    /*
     * A test run makes about a hundred stacks. What they have in common is made once: template.yaml is
     * read once, and each emulator's network (which the template takes as parameters, so it is not the
     * stack's own) is found or created once.
     */
    private static final Template TEMPLATE = Template.load(SamTemplate.FILE);
    private static final Map<URI, StackUp.Network> NETWORKS = new ConcurrentHashMap<>();

    public final MotoServer moto;
    public final AwsClients clients;
    /** Clients for the tests' own checks, built once per stack. */
    public final DynamoDbClient dynamoDb;
    public final EcsClient ecs;
    public final EcrClient ecr;
    public final EventBridgeClient events;
    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    /** The stack-up result: every name, id and the functions' env-vars. */
    public final LocalStack stack;
    public final String cluster;
    public final String taskFamily;
    public final String ledgerTable;
    public final String imagePrefix;
    public final String cacheRepository;
    public final String eventBus;
    public final String allowlistTable;
    public final String kanikoLogGroup;
    public final String subnetId;
    public final String securityGroupId;

    private MotoStack(MotoServer moto) {
        this.moto = moto;
        this.clients = moto.clients();
        this.dynamoDb = clients.build(DynamoDbClient.builder());
        this.ecs = clients.build(EcsClient.builder());
        this.ecr = clients.build(EcrClient.builder());
        this.events = clients.build(EventBridgeClient.builder());
        StackUp stackUp = new StackUp(TEMPLATE, new LocalAws(MotoServer.REGION, moto.endpoint()));
        this.stack = stackUp.run("kft-" + suffix, NETWORKS.computeIfAbsent(moto.endpoint(), endpoint -> stackUp.network()));
        cluster = stack.cluster();
        taskFamily = stack.taskFamily();
        ledgerTable = stack.ledgerTable();
        imagePrefix = stack.imageRepositoryPrefix();
        cacheRepository = stack.cacheRepository();
        eventBus = stack.eventBus();
        allowlistTable = stack.allowlistTable();
        kanikoLogGroup = stack.envVars().get("TaskStateFunction").get("KANIKO_LOG_GROUP");
        subnetId = stack.subnetId();
        securityGroupId = stack.securityGroupId();
    }

    public static MotoStack create(MotoServer moto) {
        return new MotoStack(moto);
    }

    /**
     * An SQS queue that receives every event of {@code detailType} published on the stack's bus,
     * through a rule, the way the template routes them. Returns the queue URL for {@link #receive}.
     */
    public String observeBus(String detailType) {
        String name = "observe-" + detailType.replaceAll("[^A-Za-z0-9]", "-") + "-" + UUID.randomUUID().toString().substring(0, 6);
        try (SqsClient sqs = sqs()) {
            return BusQueues.route(events, sqs, eventBus, name, "{\"detail-type\":[\"" + detailType + "\"]}");
        }
    }

    /** Every message now in the queue (the EventBridge envelopes, parsed), without waiting: moto delivers as events are put. */
    public List<Map<String, Object>> receive(String queueUrl) {
        try (SqsClient sqs = sqs()) {
            return BusQueues.receiveAll(sqs, queueUrl, Duration.ZERO);
        }
    }

    private SqsClient sqs() {
        return clients.build(SqsClient.builder());
    }

    public String registry() {
        return stack.envVars().get("PushFunction").get("ECR_REGISTRY");
    }

    /** The functions' environment variables, as template.yaml sets them (every function's, merged). */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        stack.envVars().values().forEach(env::putAll);
        env.put("AWS_REGION", MotoServer.REGION.id());
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        return env;
    }
}
