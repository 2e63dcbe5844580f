package dev.kft.faults;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.core.Json;
import dev.kft.testing.Handlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A second JVM running a function's real handler, as another Lambda execution environment would:
 * {@code InvokeHandlerMain <handler class> <event file> <copies>} invokes it with its default
 * (environment) wiring, {@code copies} times at once on as many threads; a copy whose invocation
 * fails is delivered again later (at most 3 deliveries, as Lambda retries; Lambda waits about one and
 * two minutes, here 3 and 6 seconds). Prints one JSON line per copy: its last result, or its last error.
 */
public final class InvokeHandlerMain {
    private InvokeHandlerMain() {}

    /**
     * Starts this main in a new JVM: {@code handler} with {@code copies} concurrent copies of the event,
     * the stack's function environment, AWS at {@code awsEndpoint} and any {@code extraEnvironment};
     * its output in {@code <dir>/<name>.out} (one JSON line per copy) and {@code .err}.
     */
    static Process start(dev.kft.testing.MotoStack stack, java.net.URI awsEndpoint, Map<String, String> extraEnvironment,
                         Class<?> handler, Path eventFile, int copies, Path dir, String name) throws java.io.IOException {
        ProcessBuilder builder = new ProcessBuilder(dev.kft.testing.ChildJvm.command(List.of(), InvokeHandlerMain.class.getName(),
                List.of(handler.getName(), eventFile.toString(), Integer.toString(copies))))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().putAll(stack.environment());
        builder.environment().put("AWS_ENDPOINT_URL", awsEndpoint.toString());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().putAll(extraEnvironment);
        return builder.start();
    }

    /**
     * What a JVM {@link #start}ed as {@code name} reported, once it ends (at most two minutes): one map
     * per copy, with its {@code deliveries} and its last {@code result} (the handler's output) or {@code error}.
     */
    static List<Map<String, Object>> reports(Process child, Path dir, String name) throws java.io.IOException, InterruptedException {
        if (!child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError(name + " JVM did not finish in 120 s");
        }
        return Files.readAllLines(dir.resolve(name + ".out"), java.nio.charset.StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("{\"deliveries\""))
                .map(Json::parseObject)
                .toList();
    }

    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        String event = Files.readString(Path.of(args[1]));
        int copies = Integer.parseInt(args[2]);
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        List<Future<String>> reports = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            reports.add(pool.submit(() -> deliver(handler, event)));
        }
        for (Future<String> report : reports) {
            System.out.println(report.get());
        }
        pool.shutdown();
    }

    private static String deliver(RequestStreamHandler handler, String event) throws InterruptedException {
        Map<String, Object> report = new LinkedHashMap<>();
        for (int delivery = 1; delivery <= 3; delivery++) {
            report.put("deliveries", delivery);
            try {
                report.put("result", Handlers.invoke(handler, event));
                report.remove("error");
                break;
            } catch (RuntimeException | java.io.IOException e) {
                report.put("error", String.valueOf(e.getMessage()));
                Thread.sleep(3000L * delivery);
            }
        }
        return Json.write(report);
    }
}
