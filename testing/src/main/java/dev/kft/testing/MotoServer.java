package dev.kft.testing;

import dev.kft.aws.AwsClients;
import dev.kft.local.MotoProcess;
import java.io.IOException;
import java.net.URI;
import software.amazon.awssdk.regions.Region;

/**
 * The moto_server the adapter and handler tests talk to with real SDK clients: a {@link MotoProcess}
 * started once per test run by {@link MotoExtension}.
 */
public final class MotoServer implements AutoCloseable {
    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT = "123456789012";

    private final MotoProcess process;

    private MotoServer(MotoProcess process) {
        this.process = process;
        // One moto_server per test JVM: every SDK client the JVM builds goes to it, through the
        // SDK's own setting behind AWS_ENDPOINT_URL, as the functions' clients do on an emulator.
        System.setProperty("aws.endpointUrl", process.endpoint().toString());
    }

    /** Starts moto_server and waits until it answers; fails with an install hint when it is missing. */
    public static MotoServer start() throws IOException, InterruptedException {
        return new MotoServer(MotoProcess.start());
    }

    public URI endpoint() {
        return process.endpoint();
    }

    /** The functions' client factory; its clients come here through {@code aws.endpointUrl}. */
    public AwsClients clients() {
        return new AwsClients(REGION);
    }

    @Override
    public void close() {
        process.close();
    }
}
