package dev.kft.testing;

import dev.kft.aws.AwsClients;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * A moto_server process on a free loopback port: the AWS wire-protocol emulator the adapter and
 * handler tests talk to with real SDK clients. Started once per test run by {@link MotoExtension}.
 */
public final class MotoServer implements AutoCloseable {
    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT = "123456789012";
    static final String INSTALL_HINT = "moto_server was not found on PATH. The moto-backed tests need it: "
            + "install it with `pip install 'moto[server]'` (moto 5.x), or set MOTO_SERVER to its path.";

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts moto_server and waits until it answers; fails with an install hint when it is missing. */
    public static MotoServer start() throws IOException, InterruptedException {
        String binary = locate().orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
        int port = freePort();
        Path log = Files.createTempFile("moto-server-", ".log");
        ProcessBuilder builder = new ProcessBuilder(binary, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("MOTO_ALLOW_NONEXISTENT_REGION", "true");
        Process process = builder.start();
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** SDK clients pointed at this server, built the way the functions build theirs. */
    public AwsClients clients() {
        return new AwsClients(REGION, endpoint);
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + timeout + ": " + Files.readString(log));
    }

    static Optional<String> locate() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && new File(configured).canExecute()) {
            return Optional.of(configured);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = Arrays.asList(path.split(File.pathSeparator));
        return dirs.stream().map(d -> new File(d, "moto_server")).filter(File::canExecute).map(File::getPath).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
