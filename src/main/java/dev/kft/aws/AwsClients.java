package dev.kft.aws;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The one place SDK clients are built: one URLConnection HTTP client shared by all, region from
 * {@code AWS_REGION}, and {@code AWS_ENDPOINT_URL} honoured so the same code runs against a local
 * emulator. A service-specific {@code AWS_ENDPOINT_URL_<SERVICE>} (the AWS SDKs' own naming, e.g.
 * {@code AWS_ENDPOINT_URL_CODECOMMIT}) wins for that service: it points one service at a test double
 * while the others stay on the emulator. Each service's client is built once and shared by every
 * adapter that asks for it. Build this once per execution environment (a handler's static field),
 * never per request.
 */
public final class AwsClients {
    /** Service ids as they appear in {@code AWS_ENDPOINT_URL_<SERVICE>}. */
    private static final String[] SERVICE_IDS = {"ECS", "ECR", "DYNAMODB", "EVENTBRIDGE", "CODECOMMIT"};

    private final Region region;
    private final URI endpoint;
    private final Map<String, URI> serviceEndpoints;
    private final SdkHttpClient http;
    /** One client per service for the life of this object: adapters of the same service share it. */
    private final Map<String, Object> built = new ConcurrentHashMap<>();

    public AwsClients(Region region, URI endpoint) {
        this(region, endpoint, Map.of());
    }

    /** @param serviceEndpoints endpoint per service id ({@code CODECOMMIT}), overriding {@code endpoint} */
    public AwsClients(Region region, URI endpoint, Map<String, URI> serviceEndpoints) {
        this.region = region;
        this.endpoint = endpoint;
        this.serviceEndpoints = Map.copyOf(serviceEndpoints);
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** From the environment: AWS_REGION (Lambda always sets it), the optional AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>. */
    public static AwsClients fromEnvironment(Function<String, String> env) {
        String region = env.apply("AWS_REGION");
        Map<String, URI> services = new HashMap<>();
        for (String service : SERVICE_IDS) {
            URI uri = uri(env.apply("AWS_ENDPOINT_URL_" + service));
            if (uri != null) {
                services.put(service, uri);
            }
        }
        return new AwsClients(Region.of(region == null || region.isBlank() ? "us-east-1" : region),
                uri(env.apply("AWS_ENDPOINT_URL")), services);
    }

    private static URI uri(String value) {
        return value == null || value.isBlank() ? null : URI.create(value.trim());
    }

    public Region region() {
        return region;
    }

    public EcsClient ecs() {
        return ((EcsClient) built.computeIfAbsent("ECS", id -> configure(EcsClient.builder(), id)));
    }

    public EcrClient ecr() {
        return ((EcrClient) built.computeIfAbsent("ECR", id -> configure(EcrClient.builder(), id)));
    }

    public DynamoDbClient dynamoDb() {
        return ((DynamoDbClient) built.computeIfAbsent("DYNAMODB", id -> configure(DynamoDbClient.builder(), id)));
    }

    public EventBridgeClient eventBridge() {
        return ((EventBridgeClient) built.computeIfAbsent("EVENTBRIDGE", id -> configure(EventBridgeClient.builder(), id)));
    }

    public CodeCommitClient codeCommit() {
        return ((CodeCommitClient) built.computeIfAbsent("CODECOMMIT", id -> configure(CodeCommitClient.builder(), id)));
    }

    /** Any client, configured like the others; the local tools build their EC2 and SQS clients with it. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder) {
        return configure(builder, "");
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String serviceId) {
        builder.region(region).httpClient(http).credentialsProvider(DefaultCredentialsProvider.builder().build());
        URI override = serviceEndpoints.getOrDefault(serviceId, endpoint);
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder.build();
    }
}
