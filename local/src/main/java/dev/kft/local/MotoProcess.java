package dev.kft.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A moto_server process on a free loopback port: the AWS wire-protocol emulator the demo and the
 * moto-backed tests talk to with real SDK clients. Missing moto_server fails with an install hint.
 */
public final class MotoProcess implements AutoCloseable {
    public static final String INSTALL_HINT = "moto_server was not found on PATH: install it with "
            + "`pip install 'moto[server]'` (moto 5.x), or set MOTO_SERVER to its path.";

    /** Put on moto_server's PYTHONPATH as sitecustomize.py: see the file for why. */
    private static final String SITE_CUSTOMIZE = "moto-sitecustomize.py";

    private final Process process;
    private final URI endpoint;
    /** Temporary: moto_server's log and its sitecustomize.py; deleted when moto_server stops. */
    private final Path directory;
    private final Path log;

    /** Stops moto_server when the JVM exits before {@link #close()} (Ctrl-C, an uncaught error). */
    private final Thread stopOnExit = new Thread(this::stop, "stop moto_server");

    private MotoProcess(Process process, URI endpoint, Path directory) {
        this.process = process;
        this.endpoint = endpoint;
        this.directory = directory;
        this.log = directory.resolve("moto-server.log");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts moto_server and waits until it answers. */
    public static MotoProcess start() throws IOException, InterruptedException {
        String binary = locate().orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
        int port = freePort();
        Path directory = Files.createTempDirectory("moto-server-");
        try (InputStream siteCustomize = MotoProcess.class.getResourceAsStream(SITE_CUSTOMIZE)) {
            Files.copy(siteCustomize, directory.resolve("sitecustomize.py"));
        }
        ProcessBuilder builder = new ProcessBuilder(binary, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("moto-server.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("MOTO_ALLOW_NONEXISTENT_REGION", "true");
        // Nothing here launches EC2 instances: skip loading moto's catalogue of AMIs (a second of CPU).
        env.put("MOTO_EC2_LOAD_DEFAULT_AMIS", "false");
        String pythonPath = env.get("PYTHONPATH");
        env.put("PYTHONPATH", directory + (pythonPath == null || pythonPath.isEmpty() ? "" : File.pathSeparator + pythonPath));
        MotoProcess moto = new MotoProcess(builder.start(), URI.create("http://127.0.0.1:" + port), directory);
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
                throw failedToStart("moto_server exited with " + process.exitValue());
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
        throw failedToStart("moto_server did not answer within " + timeout);
    }

    /** Stops what is left of moto_server, with its log in the message (the log goes with the rest). */
    private IllegalStateException failedToStart(String why) throws IOException {
        String output = Files.readString(log);
        close();
        return new IllegalStateException(why + ": " + output);
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

    /** Stops moto_server and anything it started, and deletes its temporary directory (the log with it). */
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
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // Left in the temporary directory: nothing else to do about it.
        }
    }
}
