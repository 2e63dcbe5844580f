package dev.kft.testing;

import dev.kft.aws.AwsClients;
import dev.kft.aws.LedgerTable;
import dev.kft.core.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The resources the functions need, created in moto the way template.yaml declares them, with
 * unique names so tests never see each other's data. Its {@link #environment()} is what the
 * template passes to the functions.
 */
public final class MotoStack {
    public final MotoServer moto;
    public final AwsClients clients;
    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    public final String cluster = "kft-builds-" + suffix;
    public final String taskFamily = "kft-kaniko-" + suffix;
    public final String ledgerTable = "kft-ledger-" + suffix;
    public final String imagePrefix = "kft" + suffix;
    public final String cacheRepository = "kft" + suffix + "-cache";
    public final String eventBus = "kft-builds-" + suffix;
    public final String kanikoLogGroup = "kft-kaniko-" + suffix;
    public final String subnetId;
    public final String securityGroupId;

    private MotoStack(MotoServer moto) {
        this.moto = moto;
        this.clients = moto.clients();
        try (Ec2Client ec2 = Ec2Client.builder().region(MotoServer.REGION).endpointOverride(moto.endpoint()).build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
            // moto's RunTask with awsvpc needs DNS hostnames on, a real subnet and a security group.
            ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(v -> v.value(true)));
            subnetId = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.1.0/24")).subnet().subnetId();
            securityGroupId = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("kft-" + suffix).description("kaniko tasks"))
                    .groupId();
        }
        try (EcsClient ecs = clients.ecs()) {
            ecs.createCluster(r -> r.clusterName(cluster).capacityProviders("FARGATE", "FARGATE_SPOT"));
            ecs.registerTaskDefinition(r -> r
                    .family(taskFamily)
                    .networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(software.amazon.awssdk.services.ecs.model.Compatibility.FARGATE)
                    .cpu("1024").memory("4096")
                    .containerDefinitions(ContainerDefinition.builder()
                            .name("kaniko").image("gcr.io/kaniko-project/executor:v1.24.0")
                            .cpu(1024).memory(4096).essential(true).build()));
        }
        try (DynamoDbClient dynamo = clients.dynamoDb()) {
            dynamo.createTable(LedgerTable.createTableRequest(ledgerTable));
        }
        try (EventBridgeClient events = clients.eventBridge()) {
            events.createEventBus(r -> r.name(eventBus));
        }
    }

    /**
     * An SQS queue that receives every event of {@code detailType} published on the stack's bus,
     * through a rule, the way the template routes them. Returns the queue URL for {@link #receive}.
     */
    public String observeBus(String detailType) {
        String name = "observe-" + detailType.replaceAll("[^A-Za-z0-9]", "-") + "-" + UUID.randomUUID().toString().substring(0, 6);
        try (SqsClient sqs = sqs(); EventBridgeClient events = clients.eventBridge()) {
            String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            events.putRule(r -> r.name(name).eventBusName(eventBus)
                    .eventPattern("{\"detail-type\":[\"" + detailType + "\"]}"));
            events.putTargets(r -> r.rule(name).eventBusName(eventBus).targets(t -> t.id("queue").arn(arn)));
            return url;
        }
    }

    /** Every message now in the queue (the EventBridge envelopes, parsed), waiting briefly for stragglers. */
    public List<Map<String, Object>> receive(String queueUrl) {
        List<Map<String, Object>> messages = new ArrayList<>();
        try (SqsClient sqs = sqs()) {
            while (true) {
                var batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                if (batch.isEmpty()) {
                    return messages;
                }
                for (var message : batch) {
                    messages.add(Json.parseObject(message.body()));
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
    }

    private SqsClient sqs() {
        return SqsClient.builder().region(MotoServer.REGION).endpointOverride(moto.endpoint()).build();
    }

    public static MotoStack create(MotoServer moto) {
        return new MotoStack(moto);
    }

    public String registry() {
        return MotoServer.ACCOUNT + ".dkr.ecr." + MotoServer.REGION.id() + ".amazonaws.com";
    }

    /** The functions' environment variables, as template.yaml sets them. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", MotoServer.REGION.id());
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("CLUSTER", cluster);
        env.put("TASK_DEFINITION", taskFamily);
        env.put("KANIKO_CONTAINER_NAME", "kaniko");
        env.put("SUBNETS", subnetId);
        env.put("SECURITY_GROUPS", securityGroupId);
        env.put("ASSIGN_PUBLIC_IP", "false");
        env.put("LEDGER_TABLE", ledgerTable);
        env.put("EVENT_BUS_NAME", eventBus);
        env.put("KANIKO_LOG_GROUP", kanikoLogGroup);
        env.put("ECR_REGISTRY", registry());
        env.put("CACHE_REPOSITORY", cacheRepository);
        env.put("IMAGE_REPOSITORY_PREFIX", imagePrefix);
        env.put("DEFAULT_BRANCH", "main");
        env.put("BUILD_REPOSITORIES", "*");
        env.put("BUILD_BRANCHES", "**");
        // moto places Fargate tasks only for launch type FARGATE, not through the FARGATE_SPOT provider.
        env.put("USE_FARGATE_SPOT", "false");
        env.put("PROMOTE_ON_CLEAN_SCAN", "true");
        return env;
    }
}
