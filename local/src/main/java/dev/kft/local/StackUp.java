package dev.kft.local;

import dev.kft.aws.AllowlistTable;
import dev.kft.aws.AwsClients;
import dev.kft.aws.LedgerTable;
import dev.kft.core.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code bin/kft stack-up}: creates on a local emulator every resource the functions need, the way
 * template.yaml declares them, and derives each function's environment from the template with the
 * resources' real names and ids. Every resource is found by name or tag before it is created, so
 * re-running it changes nothing and gives the same environment.
 *
 * <p>Not created, because no function calls them and emulators do not check them: IAM roles, log
 * groups, the Git credentials secret, the dead-letter queue. Nor the image repositories: ECR creates
 * them on push from the template's creation template, which emulators lack ({@link ImageRepositoryTemplate}
 * emulates it where kaniko's push is played).
 */
public final class StackUp {
    public static final String DEFAULT_STACK_NAME = "kft";
    /** Stack names become resource names and the image repository prefix: lowercase, short. */
    private static final Pattern STACK_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");

    private final Template template;
    private final LocalAws aws;

    public StackUp(Template template, LocalAws aws) {
        this.template = template;
        this.aws = aws;
    }

    /**
     * The build tasks' network. The template takes it as parameters (SubnetIds, SecurityGroupIds): it
     * is the account's, not the stack's, so every local stack on an emulator shares one.
     */
    public record Network(String subnetId, String securityGroupId) { }

    /** The Name tag of the shared network's VPC and subnet, and its security group's name. */
    public static final String NETWORK_NAME = "kft-builds";

    /** Finds or creates the network the build tasks run in (RunTask with awsvpc needs a real subnet and group). */
    public Network network() {
        // Find-or-create is not atomic: stacks made at once in one JVM (the tests') must not make two networks.
        synchronized (StackUp.class) {
            return findOrCreateNetwork();
        }
    }

    private Network findOrCreateNetwork() {
        try (Ec2Client ec2 = aws.clients().build(Ec2Client.builder())) {
            Vpc vpc = vpc(ec2);
            return new Network(subnet(ec2, vpc).subnetId(), securityGroup(ec2, vpc).groupId());
        }
    }

    /** Creates what is missing of stack {@code name}, in the shared {@link #network()}, and returns what is there. */
    public LocalStack run(String name) {
        checkName(name);
        return run(name, network());
    }

    /** Creates what is missing of stack {@code name}, with its build tasks in {@code network}, and returns what is there. */
    public LocalStack run(String name, Network network) {
        checkName(name);
        AwsClients clients = aws.clients();
        try (EcsClient ecs = clients.build(EcsClient.builder());
             EcrClient ecr = clients.build(EcrClient.builder());
             DynamoDbClient dynamo = clients.build(DynamoDbClient.builder());
             EventBridgeClient events = clients.build(EventBridgeClient.builder());
             SqsClient sqs = clients.build(SqsClient.builder())) {
            String account = ecr.describeRegistry(r -> { }).registryId();
            Map<String, String> parameters = Map.of(
                    "SubnetIds", network.subnetId(),
                    "SecurityGroupIds", network.securityGroupId(),
                    "ImageRepositoryPrefix", name,
                    // Emulators place Fargate tasks only for launch type FARGATE, not through the FARGATE_SPOT provider.
                    "UseFargateSpot", "false");
            // Filled in as the resources are found or created; intrinsics read it as they go.
            Map<String, String> resources = new LinkedHashMap<>();
            StackValues values = new StackValues(template,
                    StackValues.pseudoParameters(aws.region().id(), account, name), parameters, resources::get);
            Intrinsics intrinsics = new Intrinsics(values);
            // Where the template names a resource, the name comes from the template; elsewhere CloudFormation
            // would generate one, and the stack's name stands in.
            Cluster cluster = cluster(ecs, name + "-builds");
            resources.put("BuildCluster", cluster.clusterName());
            resources.put("BuildCluster.Arn", cluster.clusterArn());
            String taskFamily = intrinsics.resolveText(template.property("KanikoTaskDefinition", "Family"));
            resources.put("KanikoTaskDefinition", taskDefinition(ecs, taskFamily, CPUArchitecture.X86_64, values));
            String arm64Family = intrinsics.resolveText(template.property("KanikoArm64TaskDefinition", "Family"));
            resources.put("KanikoArm64TaskDefinition", taskDefinition(ecs, arm64Family, CPUArchitecture.ARM64, values));

            String cacheRepository = intrinsics.resolveText(template.property("CacheRepository", "RepositoryName"));
            resources.put("CacheRepository", cacheRepository);
            resources.put("CacheRepository.Arn", cacheRepository(ecr, cacheRepository));

            String ledgerTable = name + "-ledger";
            resources.put("LedgerTable", ledgerTable);
            resources.put("LedgerTable.Arn", table(dynamo, LedgerTable.createTableRequest(ledgerTable)));

            // Log groups are not created locally (nothing reads them there); the functions only need the name.
            resources.put("KanikoLogGroup", name + "-kaniko");

            String allowlistTable = name + "-allowlist";
            resources.put("ScanAllowlistTable", allowlistTable);
            resources.put("ScanAllowlistTable.Arn", table(dynamo, AllowlistTable.createTableRequest(allowlistTable)));

            String eventBus = intrinsics.resolveText(template.property("BuildEventBus", "Name"));
            resources.put("BuildEventBus", eventBus);
            resources.put("BuildEventBus.Name", eventBus);
            resources.put("BuildEventBus.Arn", eventBus(events, eventBus));
            // The security team's mail: the template's own rule pattern (dirty and unscanned verdicts only).
            String securityQueue = BusQueues.route(events, sqs, eventBus, name + "-security-notifications",
                    Json.write(intrinsics.resolve(template.property("ScanVerdictMailRule", "EventPattern"))));

            Map<String, Map<String, String>> envVars = new LinkedHashMap<>();
            Map<String, String> unresolved = new LinkedHashMap<>();
            for (String function : template.functionIds()) {
                Template.ResolvedEnvironment env = template.function(function).orElseThrow().environment(intrinsics);
                envVars.put(function, env.variables());
                env.unresolved().forEach((variable, why) -> unresolved.put(function + "." + variable, why));
            }
            // The image repositories are not created here: ECR creates each on its first push (create on push),
            // which the local stand-ins for kaniko's push emulate with these settings.
            ImageRepositoryTemplate imageRepositories = ImageRepositoryTemplate.of(template, intrinsics);
            return new LocalStack(name, network.subnetId(), network.securityGroupId(),
                    cluster.clusterName(), taskFamily, resources.get("KanikoTaskDefinition"),
                    name, imageRepositories, cacheRepository, ledgerTable, allowlistTable, eventBus, securityQueue, envVars, unresolved);
        }
    }

    private static void checkName(String name) {
        if (!STACK_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("stack name \"" + name + "\" must match " + STACK_NAME.pattern());
        }
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static TagSpecification nameTag(ResourceType type, String value) {
        return TagSpecification.builder().resourceType(type).tags(t -> t.key("Name").value(value)).build();
    }

    private static Vpc vpc(Ec2Client ec2) {
        List<Vpc> found = ec2.describeVpcs(r -> r.filters(filter("tag:Name", NETWORK_NAME))).vpcs();
        if (!found.isEmpty()) {
            return found.get(0);
        }
        Vpc vpc = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16").tagSpecifications(nameTag(ResourceType.VPC, NETWORK_NAME))).vpc();
        // RunTask with awsvpc networking (moto too) needs DNS hostnames on.
        ec2.modifyVpcAttribute(r -> r.vpcId(vpc.vpcId()).enableDnsHostnames(v -> v.value(true)));
        return vpc;
    }

    private static Subnet subnet(Ec2Client ec2, Vpc vpc) {
        List<Subnet> found = ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc.vpcId()), filter("tag:Name", NETWORK_NAME))).subnets();
        return !found.isEmpty() ? found.get(0) : ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.20.1.0/24")
                .tagSpecifications(nameTag(ResourceType.SUBNET, NETWORK_NAME))).subnet();
    }

    private static SecurityGroup securityGroup(Ec2Client ec2, Vpc vpc) {
        List<SecurityGroup> found = ec2.describeSecurityGroups(r -> r.filters(
                filter("vpc-id", vpc.vpcId()), filter("group-name", NETWORK_NAME))).securityGroups();
        if (!found.isEmpty()) {
            return found.get(0);
        }
        String id = ec2.createSecurityGroup(r -> r.vpcId(vpc.vpcId()).groupName(NETWORK_NAME)
                .description("kaniko build tasks: outbound only")).groupId();
        return SecurityGroup.builder().groupId(id).groupName(NETWORK_NAME).vpcId(vpc.vpcId()).build();
    }

    /** As BuildCluster: Fargate and Fargate Spot providers, on-demand by default, Container Insights on. */
    private static Cluster cluster(EcsClient ecs, String name) {
        List<Cluster> found = ecs.describeClusters(r -> r.clusters(name)).clusters();
        if (!found.isEmpty() && "ACTIVE".equals(found.get(0).status())) {
            return found.get(0);
        }
        return ecs.createCluster(r -> r.clusterName(name)
                .capacityProviders("FARGATE", "FARGATE_SPOT")
                .defaultCapacityProviderStrategy(s -> s.capacityProvider("FARGATE").weight(1))
                .settings(s -> s.name("containerInsights").value("enabled"))).cluster();
    }

    /**
     * As KanikoTaskDefinition (or its ARM64 twin), without the roles, secrets and log configuration an
     * emulator does not use. The container repeats the task's cpu and memory because moto sizes tasks
     * from their containers.
     */
    private static String taskDefinition(EcsClient ecs, String family, CPUArchitecture architecture, StackValues values) {
        try {
            return ecs.describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition().taskDefinitionArn();
        } catch (ClientException notRegistered) {
            // registered below
        }
        String cpu = values.parameter("BuildCpu");
        String memory = values.parameter("BuildMemory");
        return ecs.registerTaskDefinition(r -> r
                .family(family)
                .requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC)
                .cpu(cpu).memory(memory)
                .runtimePlatform(p -> p.operatingSystemFamily(OSFamily.LINUX).cpuArchitecture(architecture))
                .containerDefinitions(ContainerDefinition.builder()
                        .name("kaniko")
                        .image(values.parameter("KanikoImage"))
                        .essential(true)
                        .privileged(false)
                        .readonlyRootFilesystem(false)
                        .stopTimeout(120)
                        .cpu(Integer.parseInt(cpu)).memory(Integer.parseInt(memory))
                        .build()))
                .taskDefinition().taskDefinitionArn();
    }

    /** As CacheRepository: mutable tags, no scan on push, KMS encryption. Returns its ARN. */
    private static String cacheRepository(EcrClient ecr, String name) {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().get(0).repositoryArn();
        } catch (RepositoryNotFoundException missing) {
            return ecr.createRepository(r -> r.repositoryName(name)
                    .imageTagMutability(ImageTagMutability.MUTABLE)
                    .imageScanningConfiguration(s -> s.scanOnPush(false))
                    .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS))).repository().repositoryArn();
        }
    }

    /** A table from its one definition ({@link LedgerTable#createTableRequest}, {@link AllowlistTable#createTableRequest}). Returns its ARN. */
    private static String table(DynamoDbClient dynamo, CreateTableRequest definition) {
        try {
            return dynamo.describeTable(r -> r.tableName(definition.tableName())).table().tableArn();
        } catch (ResourceNotFoundException missing) {
            return dynamo.createTable(definition).tableDescription().tableArn();
        }
    }

    private static String eventBus(EventBridgeClient events, String name) {
        try {
            return events.describeEventBus(r -> r.name(name)).arn();
        } catch (software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException missing) {
            return events.createEventBus(r -> r.name(name)).eventBusArn();
        }
    }
}
