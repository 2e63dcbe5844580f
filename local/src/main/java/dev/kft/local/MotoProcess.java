package dev.kft.local;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A moto_server process on a free loopback port: the AWS wire-protocol emulator the demo and the
 * moto-backed tests talk to with real SDK clients. Missing moto_server fails with an install hint.
 */
public final class MotoProcess implements AutoCloseable {
    public static final String INSTALL_HINT = "moto_server was not found on PATH: install it with "
            + "`pip install 'moto[server]'` (moto 5.x), or set MOTO_SERVER to its path.";

    private final Process process;
    private final URI endpoint;
    private final Path log;

    /** Stops moto_server when the JVM exits before {@link #close()} (Ctrl-C, an uncaught error). */
    private final Thread stopOnExit = new Thread(this::stop, "stop moto_server");

    private MotoProcess(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts moto_server and waits until it answers. */
    public static MotoProcess start() throws IOException, InterruptedException {
        String binary = locate().orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
        int port = freePort();
        Path log = Files.createTempFile("moto-server-", ".log");
        ProcessBuilder builder = new ProcessBuilder(binary, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("MOTO_ALLOW_NONEXISTENT_REGION", "true");
        MotoProcess moto = new MotoProcess(builder.start(), URI.create("http://127.0.0.1:" + port), log);
        moto.awaitReady(Duration.ofSeconds(60));
        return moto;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** moto_server's own output (requests and errors), for diagnosing a failed step; deleted on {@link #close()}. */
    public Path log() {
        return log;
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
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> new File(dir, "moto_server")).filter(File::canExecute).map(File::getPath).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops moto_server and anything it started, and deletes its log (a temporary file). */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }

    private void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // Left in the temporary directory: nothing else to do about it.
        }
    }
}
