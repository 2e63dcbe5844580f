package dev.kft.faults;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.core.Json;
import dev.kft.testing.ChildJvm;
import dev.kft.testing.Handlers;
import dev.kft.testing.MotoStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Another JVM hosting the functions' real handlers, as other Lambda execution environments would:
 * one instance of each handler class it is asked for, with its default (environment) wiring, built on
 * first use and kept, as an execution environment keeps its function. It reads deliveries from stdin,
 * one per line ({@code <handler class> <event file> <copies>}), invokes the handler with {@code copies}
 * copies of the event at once on as many threads, and a copy whose invocation fails is delivered again
 * later (at most 3 deliveries, as Lambda retries; Lambda waits about one and two minutes, here 3 and 6
 * seconds). For each delivery it prints one JSON line per copy (its last result, or its last error),
 * then {@link #DONE}.
 */
public final class InvokeHandlerMain {
    static final String DONE = "done";
    /** Each copy's report line starts so; the handlers' own log lines do not. */
    private static final String REPORT = "{\"deliveries\"";

    private final Process process;
    private final BufferedReader reports;
    private final Writer requests;
    private final String name;

    private InvokeHandlerMain(Process process, String name) {
        this.process = process;
        this.name = name;
        this.reports = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = process.outputWriter(StandardCharsets.UTF_8);
    }

    /**
     * Starts a host JVM with the stack's function environment, AWS at {@code awsEndpoint} and any
     * {@code extraEnvironment}; its stderr (the handlers' logs) in {@code <dir>/<name>.err}.
     */
    static InvokeHandlerMain start(MotoStack stack, URI awsEndpoint, Map<String, String> extraEnvironment, Path dir, String name)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of(), InvokeHandlerMain.class.getName(), List.of()))
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().putAll(stack.environment());
        builder.environment().put("AWS_ENDPOINT_URL", awsEndpoint.toString());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().putAll(extraEnvironment);
        return new InvokeHandlerMain(builder.start(), name);
    }

    /** Asks the host to deliver {@code copies} copies of the event in {@code eventFile} to {@code handler}; {@link #reports} reads the outcome. */
    void deliver(Class<? extends RequestStreamHandler> handler, Path eventFile, int copies) throws IOException {
        requests.write(handler.getName() + " " + eventFile + " " + copies + "\n");
        requests.flush();
    }

    /**
     * The reports of the last {@link #deliver}, once all its copies ended: one map per copy, with its
     * {@code deliveries} and its last {@code result} (the handler's output) or {@code error}.
     */
    List<Map<String, Object>> reports() throws IOException {
        List<Map<String, Object>> copies = new ArrayList<>();
        for (String line = reports.readLine(); !DONE.equals(line); line = reports.readLine()) {
            if (line == null) {
                throw new AssertionError(name + " JVM ended before reporting; see " + name + ".err");
            }
            if (line.startsWith(REPORT)) {
                copies.add(Json.parseObject(line));
            }
        }
        return copies;
    }

    /** Ends the host: it stops at the end of its input. */
    void close() throws IOException, InterruptedException {
        requests.close();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public static void main(String[] args) throws Exception {
        // The handlers log to stdout; the host's reports go to the real stdout, their logs with stderr's.
        PrintStream out = System.out;
        System.setOut(System.err);
        Map<String, RequestStreamHandler> handlers = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] request = line.split(" ");
            RequestStreamHandler handler = handlers.get(request[0]);
            if (handler == null) {
                handler = (RequestStreamHandler) Class.forName(request[0]).getDeclaredConstructor().newInstance();
                handlers.put(request[0], handler);
            }
            for (String report : deliverCopies(handler, Files.readString(Path.of(request[1])), Integer.parseInt(request[2]))) {
                out.println(report);
            }
            out.println(DONE);
            out.flush();
        }
    }

    private static List<String> deliverCopies(RequestStreamHandler handler, String event, int copies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            List<Future<String>> reports = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                reports.add(pool.submit(() -> deliver(handler, event)));
            }
            List<String> done = new ArrayList<>();
            for (Future<String> report : reports) {
                done.add(report.get());
            }
            return done;
        } finally {
            pool.shutdown();
        }
    }

    private static String deliver(RequestStreamHandler handler, String event) throws InterruptedException {
        Map<String, Object> report = new LinkedHashMap<>();
        for (int delivery = 1; delivery <= 3; delivery++) {
            report.put("deliveries", delivery);
            try {
                report.put("result", Handlers.invoke(handler, event));
                report.remove("error");
                break;
            } catch (RuntimeException | IOException e) {
                report.put("error", String.valueOf(e.getMessage()));
                Thread.sleep(3000L * delivery);
            }
        }
        return Json.write(report);
    }
}
