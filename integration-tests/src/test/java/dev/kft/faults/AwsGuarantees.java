package dev.kft.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kft.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two guarantees of AWS that moto_server lacks, added in front of it (behind the fault proxy, where
 * AWS would be: a response the proxy loses was still "applied" here); everything else is relayed.
 * <ul>
 *   <li>ECS RunTask idempotency: the first RunTask with a clientToken goes to moto and its answer is
 *       kept; every later RunTask with that token gets the same bytes and never reaches moto. ECS
 *       documents this for {@code clientToken}: a repeat within 24 hours returns the first
 *       request's result instead of starting another task.</li>
 *   <li>DynamoDB's atomic conditional writes: moto checks a condition and writes in two steps, so two
 *       concurrent {@code attribute_not_exists} writes can both succeed. DynamoDB serializes writes to
 *       an item; here every write is serialized (stronger, and enough).</li>
 * </ul>
 */
final class AwsGuarantees implements AutoCloseable {
    private static final String RUN_TASK = "AmazonEC2ContainerServiceV20141113.RunTask";
    private static final Set<String> DYNAMODB_WRITES = Set.of("DynamoDB_20120810.PutItem", "DynamoDB_20120810.UpdateItem",
            "DynamoDB_20120810.DeleteItem");
    /** Headers java.net.http sets itself or refuses. */
    private static final Set<String> NOT_RELAYED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {}

    private final URI upstream;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Answer> runTaskByToken = new ConcurrentHashMap<>();
    private final AtomicInteger replays = new AtomicInteger();

    private final Object dynamoWrites = new Object();

    AwsGuarantees(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** RunTask requests answered from memory: retries and redeliveries that ECS would have deduplicated. */
    int replays() {
        return replays.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Answer answer;
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (DYNAMODB_WRITES.contains(target)) {
                synchronized (dynamoWrites) {
                    answer = relay(exchange, body);
                }
            } else if (RUN_TASK.equals(target)) {
                String token = (String) Json.parseObject(new String(body, StandardCharsets.UTF_8)).get("clientToken");
                if (token == null) {
                    answer = relay(exchange, body);
                } else {
                    // One request per token reaches moto (concurrent copies wait for its answer); an
                    // error answer is not kept, since ECS started nothing for it.
                    Answer[] result = new Answer[1];
                    runTaskByToken.compute(token, (t, kept) -> {
                        if (kept != null) {
                            replays.incrementAndGet();
                            return result[0] = kept;
                        }
                        result[0] = relayUnchecked(exchange, body);
                        return result[0].status() / 100 == 2 ? result[0] : null;
                    });
                    answer = result[0];
                }
            } else {
                answer = relay(exchange, body);
            }
            answer.headers().forEach((name, values) -> {
                if (!NOT_RELAYED.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private Answer relayUnchecked(HttpExchange exchange, byte[] body) {
        try {
            return relay(exchange, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Answer relay(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_RELAYED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
