package dev.kft.aws;

import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The one place SDK clients are built: one URLConnection HTTP client and one credentials provider
 * shared by every client, and the region given explicitly so the SDK does not look for it.
 * Endpoints are the SDK's own business: it honours {@code AWS_ENDPOINT_URL} and the per-service
 * {@code AWS_ENDPOINT_URL_<SERVICE>} (and their system properties {@code aws.endpointUrl},
 * {@code aws.endpointUrl<Service>}), which is how the tests and the local tools reach an emulator.
 * A function builds each client it calls once, at init, and hands it to its adapters.
 */
public final class AwsClients {
    /**
     * The one retry layer for every AWS call: the SDK's standard strategy (throttling, 5xx, connection
     * resets and timeouts; each retry re-sends the same request, so idempotency tokens stay the same).
     * Four tries with full-jitter backoff: one call takes at worst 4 x 8 s read timeouts plus about 3 s
     * of waits, inside PushFunction's 60 s. A call that outlives them, or an invocation that runs out of
     * time, fails; Lambda delivers the event again and the ledger lets that delivery take the build over.
     */
    static final int MAX_ATTEMPTS = 4;
    static final Duration READ_TIMEOUT = Duration.ofSeconds(8);
    static final BackoffStrategy BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2));
    static final BackoffStrategy THROTTLING_BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(4));

    private final Region region;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final RetryStrategy retries;

    public AwsClients(Region region) {
        this(region, READ_TIMEOUT);
    }

    /** With another read timeout: tests that make an emulator hold a response use a short one. */
    public AwsClients(Region region, Duration readTimeout) {
        this.region = region;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(readTimeout)
                .build();
        this.credentials = DefaultCredentialsProvider.builder().build();
        this.retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BACKOFF)
                .throttlingBackoffStrategy(THROTTLING_BACKOFF)
                .build();
    }

    /** Region from {@code AWS_REGION} (Lambda always sets it), else us-east-1. */
    public static AwsClients fromEnvironment(Function<String, String> env) {
        String region = env.apply("AWS_REGION");
        return new AwsClients(Region.of(region == null || region.isBlank() ? "us-east-1" : region.trim()));
    }

    public Region region() {
        return region;
    }

    /** A client of any service, on the shared HTTP client, credentials, region and retry strategy: {@code aws.build(EcsClient.builder())}. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        // Added to what the caller configured (interceptors, say), not in its place.
        return builder.region(region).httpClient(http).credentialsProvider(credentials)
                .overrideConfiguration(builder.overrideConfiguration().toBuilder().retryStrategy(retries).build())
                .build();
    }
}
