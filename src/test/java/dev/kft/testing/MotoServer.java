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
    }

    /** Starts moto_server and waits until it answers; fails with an install hint when it is missing. */
    public static MotoServer start() throws IOException, InterruptedException {
        return new MotoServer(MotoProcess.start());
    }

    public URI endpoint() {
        return process.endpoint();
    }

    /** SDK clients pointed at this server, built the way the functions build theirs. */
    public AwsClients clients() {
        return new AwsClients(REGION, endpoint());
    }

    @Override
    public void close() {
        process.close();
    }
}
