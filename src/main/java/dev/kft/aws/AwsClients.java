package dev.kft.aws;

import java.net.URI;
import java.time.Duration;
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
 * emulator. Build it once per execution environment (a handler's static field), never per request.
 */
public final class AwsClients {
    private final Region region;
    private final URI endpoint;
    private final SdkHttpClient http;

    public AwsClients(Region region, URI endpoint) {
        this.region = region;
        this.endpoint = endpoint;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** From the environment: AWS_REGION (Lambda always sets it) and the optional AWS_ENDPOINT_URL. */
    public static AwsClients fromEnvironment(Function<String, String> env) {
        String region = env.apply("AWS_REGION");
        String endpoint = env.apply("AWS_ENDPOINT_URL");
        return new AwsClients(Region.of(region == null || region.isBlank() ? "us-east-1" : region),
                endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint));
    }

    public Region region() {
        return region;
    }

    public EcsClient ecs() {
        return configure(EcsClient.builder());
    }

    public EcrClient ecr() {
        return configure(EcrClient.builder());
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder());
    }

    public EventBridgeClient eventBridge() {
        return configure(EventBridgeClient.builder());
    }

    public CodeCommitClient codeCommit() {
        return configure(CodeCommitClient.builder());
    }

    /** Any client, configured like the others; the local tools build their EC2 and SQS clients with it. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder) {
        builder.region(region).httpClient(http).credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }
}
