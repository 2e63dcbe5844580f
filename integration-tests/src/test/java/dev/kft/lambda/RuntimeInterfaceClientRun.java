package dev.kft.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kft.testing.ChildJvm;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One handler running inside the real Lambda runtime interface client (the {@code AWSLambda} main
 * class, native Runtime API client included) in a child JVM, fed events by a Runtime API double
 * served here. The child writes its log frames to fd 3, as on Lambda
 * ({@code _LAMBDA_TELEMETRY_LOG_FD}), into a file this run decodes.
 */
final class RuntimeInterfaceClientRun implements AutoCloseable {
    private static final String API = "/2018-06-01/runtime";
    private static final List<String> LEVELS = List.of("UNDEFINED", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    /** What the function answered one invocation: its result, or the error it failed with. */
    record Outcome(boolean failed, String body) {}

    /** One log frame as Lambda's platform reads it: the level and format in its header, then the message. */
    record Frame(String level, boolean jsonFormat, String message) {}

    private final HttpServer api;
    private final ExecutorService apiThreads = Executors.newCachedThreadPool();
    private final BlockingQueue<String> invocations = new LinkedBlockingQueue<>();
    private final Map<String, String> events = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final Path frames;
    private final Path stdout;
    private final Path stderr;
    private Process runtime;

    private RuntimeInterfaceClientRun(Path dir) throws IOException {
        this.frames = dir.resolve("telemetry-fd3.bin");
        this.stdout = dir.resolve("stdout.txt");
        this.stderr = dir.resolve("stderr.txt");
        this.api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.setExecutor(apiThreads);
        api.createContext(API + "/invocation/", this::invocationApi);
        api.createContext(API + "/init/error", exchange -> reply(exchange, 202, "{}"));
    }

    /**
     * Starts {@code handler} ({@code class::handleRequest}) with exactly {@code environment} plus what
     * the runtime needs, and queues {@code events} (request id to event) for it, in order.
     */
    static RuntimeInterfaceClientRun start(String handler, Map<String, String> environment,
                                           Map<String, String> events, Path dir) throws IOException {
        RuntimeInterfaceClientRun run = new RuntimeInterfaceClientRun(dir);
        events.forEach((requestId, event) -> {
            run.events.put(requestId, event);
            run.outcomes.put(requestId, new CompletableFuture<>());
            run.invocations.add(requestId);
        });
        run.api.start();
        try {
            run.runtime = run.startRuntime(handler, environment);
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    private Process startRuntime(String handler, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "exec \"$@\" 3>\"$FRAMES\"", "bash"));
        // The client turns the fd number into a FileDescriptor by reflection.
        command.addAll(ChildJvm.command(List.of("--add-opens", "java.base/java.io=ALL-UNNAMED"),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", List.of(handler)));
        // bash opens fd 3 for the JVM, as Lambda's platform does for the telemetry log.
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(frames.getParent().toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear(); // only what a Lambda environment would have: nothing leaks in from the build
        env.put("PATH", path);
        env.putAll(environment);
        env.put("FRAMES", frames.toAbsolutePath().toString());
        env.put("_LAMBDA_TELEMETRY_LOG_FD", "3");
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort());
        return builder.start();
    }

    /** The function's outcome for {@code requestId}, waiting at most {@code timeout}. */
    Outcome outcome(String requestId, Duration timeout) throws Exception {
        try {
            return outcomes.get(requestId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome for " + requestId + " within " + timeout + "; runtime stderr:\n" + stderr(), e);
        }
    }

    /** Every frame written so far, decoded: type (0xa55a00 | level << 2 | timestamp bit | format), length, micros, message. */
    List<Frame> frames() throws IOException {
        List<Frame> decoded = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(frames))) {
            while (true) {
                int type;
                try {
                    type = in.readInt();
                } catch (EOFException end) {
                    return decoded;
                }
                int length = in.readInt();
                in.readLong(); // timestamp
                String message = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                decoded.add(new Frame(LEVELS.get(type >> 2 & 0x7), (type & 1) == 0, message));
            }
        }
    }

    String stderr() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    private void invocationApi(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/next")) {
            next(exchange);
            return;
        }
        // /invocation/{requestId}/response or /invocation/{requestId}/error
        String[] parts = path.substring((API + "/invocation/").length()).split("/");
        String body = readAll(exchange.getRequestBody());
        reply(exchange, 202, "{}");
        CompletableFuture<Outcome> outcome = outcomes.get(parts[0]);
        if (outcome != null) {
            outcome.complete(new Outcome(!"response".equals(parts[1]), body));
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        String requestId;
        try {
            // No more events: hold the runtime here (as Lambda freezes it) until the run is closed.
            requestId = invocations.poll(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestId = null;
        }
        if (requestId == null) {
            reply(exchange, 500, "{}");
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:kft-PushFunction");
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0");
        reply(exchange, 200, events.get(requestId));
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        // Always a Content-Type: the client's native part (aws-lambda-cpp) crashes the JVM on a response without one.
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Ends the child JVM (forcibly if it will not stop) and the Runtime API double. */
    @Override
    public void close() {
        if (runtime != null) {
            runtime.destroy();
            try {
                if (!runtime.waitFor(10, TimeUnit.SECONDS)) {
                    runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                runtime.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        api.stop(0);
        apiThreads.shutdownNow(); // also ends a /next still waiting for an event
    }
}
