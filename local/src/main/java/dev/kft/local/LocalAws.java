package dev.kft.local;

import dev.kft.aws.AwsClients;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;

/**
 * Where the local tools send their calls: AWS itself, or an emulator at {@code AWS_ENDPOINT_URL}.
 *
 * @param region             from {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else us-east-1
 * @param endpoint           the emulator, or null for AWS
 * @param codeCommitEndpoint CodeCommit's own endpoint ({@code AWS_ENDPOINT_URL_CODECOMMIT}, e.g. {@code bin/kft codecommit}),
 *                           or null: moto has no CodeCommit reads, so a push needs one
 */
public record LocalAws(Region region, URI endpoint, URI codeCommitEndpoint) {
    /** The SDK's per-service endpoint variable for CodeCommit: wins over {@code AWS_ENDPOINT_URL} for CodeCommit only. */
    public static final String CODECOMMIT_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_CODECOMMIT";
    /** What an emulator accepts as credentials; never used against AWS. */
    private static final String EMULATOR_CREDENTIAL = "testing";

    public LocalAws(Region region, URI endpoint) {
        this(region, endpoint, null);
    }

    public static LocalAws fromEnvironment(Function<String, String> env) {
        String region = blank(env.apply("AWS_REGION")) ? env.apply("AWS_DEFAULT_REGION") : env.apply("AWS_REGION");
        String endpoint = env.apply("AWS_ENDPOINT_URL");
        String codeCommit = env.apply(CODECOMMIT_ENDPOINT_VARIABLE);
        return new LocalAws(Region.of(blank(region) ? "us-east-1" : region.trim()),
                blank(endpoint) ? null : URI.create(endpoint.trim()), blank(codeCommit) ? null : URI.create(codeCommit.trim()));
    }

    public boolean emulated() {
        return endpoint != null;
    }

    /** The functions' client factory, in this region; where its clients go is the SDK's endpoint setting (see {@link #pointSdkAtEmulator}). */
    public AwsClients clients() {
        return new AwsClients(region);
    }

    /** The variables Lambda (or the developer's shell) gives a function for reaching AWS, as a local invoke passes them on. */
    public Map<String, String> functionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", region.id());
        env.put("AWS_DEFAULT_REGION", region.id());
        if (endpoint != null) {
            env.put("AWS_ENDPOINT_URL", endpoint.toString());
        }
        if (codeCommitEndpoint != null) {
            env.put(CODECOMMIT_ENDPOINT_VARIABLE, codeCommitEndpoint.toString());
        }
        return env;
    }

    /**
     * With an emulator, every SDK client this JVM builds (an invoked handler's too) goes to it: the
     * SDK's own {@code aws.endpointUrl} setting, the system property behind {@code AWS_ENDPOINT_URL}
     * (a JVM property beats every environment variable in the SDK, so a service's own endpoint, such as
     * {@code bin/kft codecommit}'s, needs its property too: {@link #pointSdkAtLocalCodeCommit}). An emulator
     * accepts any credentials, but the SDK still needs some: when none are in the environment,
     * placeholders are set (as JVM properties, which the SDK's default chain reads first).
     */
    public void pointSdkAtEmulator(Function<String, String> env) {
        if (!emulated()) {
            return;
        }
        System.setProperty("aws.endpointUrl", endpoint.toString());
        if (env.apply("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", EMULATOR_CREDENTIAL);
            System.setProperty("aws.secretAccessKey", EMULATOR_CREDENTIAL);
        }
    }

    /**
     * With {@code AWS_ENDPOINT_URL_CODECOMMIT}, every CodeCommit client this JVM builds goes there: its JVM
     * property, {@code aws.endpointUrlCodeCommit}, which wins over {@code aws.endpointUrl} (the emulator's)
     * for CodeCommit only. Without that property the emulator's would win over the environment variable.
     */
    public void pointSdkAtLocalCodeCommit() {
        if (codeCommitEndpoint != null) {
            System.setProperty(LocalCodeCommit.ENDPOINT_PROPERTY, codeCommitEndpoint.toString());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
