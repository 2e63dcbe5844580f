package dev.kft.aws;

import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one place SDK clients are built: one URLConnection HTTP client and one credentials provider
 * shared by every client, and the region given explicitly so the SDK does not look for it.
 * Endpoints are the SDK's own business: it honours {@code AWS_ENDPOINT_URL} and the per-service
 * {@code AWS_ENDPOINT_URL_<SERVICE>} (and their system properties {@code aws.endpointUrl},
 * {@code aws.endpointUrl<Service>}), which is how the tests and the local tools reach an emulator.
 * A function builds each client it calls once, at init, and hands it to its adapters.
 */
public final class AwsClients {
    private final Region region;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;

    public AwsClients(Region region) {
        this.region = region;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(20))
                .build();
        this.credentials = DefaultCredentialsProvider.builder().build();
    }

    /** Region from {@code AWS_REGION} (Lambda always sets it), else us-east-1. */
    public static AwsClients fromEnvironment(Function<String, String> env) {
        String region = env.apply("AWS_REGION");
        return new AwsClients(Region.of(region == null || region.isBlank() ? "us-east-1" : region.trim()));
    }

    public Region region() {
        return region;
    }

    /** A client of any service, on the shared HTTP client, credentials and region: {@code aws.build(EcsClient.builder())}. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        return builder.region(region).httpClient(http).credentialsProvider(credentials).build();
    }
}
