package dev.kft.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 proxy between SDK clients and moto_server that counts every AWS call and
 * injects the {@link Fault} its {@link FaultPlan} picks per request. Point a client at
 * {@link #endpoint()} with {@code endpointOverride} (or AWS_ENDPOINT_URL).
 *
 * <p>Requests are read whole (Content-Length or chunked), responses are read whole from the upstream
 * and written back with a Content-Length, so keep-alive connections from the SDK's URLConnection
 * client stay usable. One virtual thread serves each client connection.
 */
public final class FaultProxy implements AutoCloseable {

    /** One request as a {@link FaultPlan} sees it; header names are lower case. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body,
                          String service, String operation, int callNumber) {
        /** The header's value (repeated headers joined with ", "), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** How long TIMEOUT_AFTER holds a connection unless told otherwise: longer than test read timeouts. */
    public static final Duration DEFAULT_TIMEOUT_HOLD = Duration.ofSeconds(10);

    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;
    /** Headers that describe one connection, not the message (and those HttpClient sets itself). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "expect", "host", "content-length");
    /** The service's signing name, from "Credential=AKID/20260101/us-east-1/dynamodb/aws4_request". */
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/,]+/[^/,]+/[^/,]+/([^/,]+)/");

    private final String upstream;
    private final ServerSocket server;
    private final HttpClient http;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread acceptor;

    // "service.Operation" -> count; the call counter also numbers calls for the plan.
    private final ConcurrentMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> upstreamCalls = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicInteger> faults = new EnumMap<>(Fault.class);

    private volatile FaultPlan plan;
    private volatile Duration timeoutHold = DEFAULT_TIMEOUT_HOLD;

    private FaultProxy(URI upstream, FaultPlan plan) throws IOException {
        String base = upstream.toString();
        this.upstream = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.plan = plan;
        for (Fault fault : Fault.values()) {
            faults.put(fault, new AtomicInteger()); // filled once here, only read afterwards: safe to share
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("fault-proxy-accept-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** Starts a proxy to {@code upstream} (e.g. moto_server's http://127.0.0.1:PORT) that applies {@code plan}. */
    public static FaultProxy start(URI upstream, FaultPlan plan) throws IOException {
        return new FaultProxy(upstream, plan);
    }

    /** A proxy that only relays and counts: for counting AWS calls per push in benchmarks. */
    public static FaultProxy counting(URI upstream) throws IOException {
        return start(upstream, FaultPlan.pass());
    }

    /** The proxy's URI, for {@code endpointOverride} or AWS_ENDPOINT_URL. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Replaces the plan for the requests that arrive from now on. */
    public FaultProxy plan(FaultPlan newPlan) {
        this.plan = newPlan;
        return this;
    }

    /** How long TIMEOUT_AFTER holds a connection before closing it (make it exceed the client's read timeout). */
    public FaultProxy timeoutHold(Duration hold) {
        this.timeoutHold = hold;
        return this;
    }

    /** Calls the proxy received for the operation (faulted ones and retries included), e.g. ("dynamodb", "PutItem"). */
    public int calls(String service, String operation) {
        return count(calls, service + "." + operation);
    }

    /** Calls of the operation in any service. */
    public int calls(String operation) {
        return sumByOperation(calls, operation);
    }

    /** Calls the proxy forwarded to the upstream for the operation: what the emulator actually saw. */
    public int upstreamCalls(String service, String operation) {
        return count(upstreamCalls, service + "." + operation);
    }

    public int upstreamCalls(String operation) {
        return sumByOperation(upstreamCalls, operation);
    }

    /** Every call received, keyed "service.Operation" (e.g. "ecs.RunTask"), sorted. */
    public Map<String, Integer> callCounts() {
        return snapshot(calls);
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Faults of this kind injected so far. */
    public int faults(Fault kind) {
        return faults.get(kind).get();
    }

    /** Injected faults by kind (PASS is not counted). */
    public Map<Fault, Integer> faultCounts() {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        faults.forEach((kind, count) -> {
            if (count.get() > 0) {
                counts.put(kind, count.get());
            }
        });
        return counts;
    }

    /** Forgets all counts; call numbers seen by the plan start again at 1. */
    public void resetCounts() {
        calls.clear();
        upstreamCalls.clear();
        faults.values().forEach(count -> count.set(0));
    }

    /** Stops accepting, drops open connections (waking held TIMEOUT_AFTER ones) and waits for them briefly. */
    @Override
    public void close() {
        closing.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        openSockets.forEach(FaultProxy::closeQuietly);
        connections.shutdownNow();
        try {
            connections.awaitTermination(5, TimeUnit.SECONDS);
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException | RejectedExecutionException closed) {
                return; // close() shut the server socket or the executor
            }
        }
    }

    /** Serves one client connection: requests one after another until the client closes it or a fault ends it. */
    private void serve(Socket client) {
        openSockets.add(client);
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            while (true) {
                RawRequest raw = RawRequest.read(in, out);
                if (raw == null || !handle(raw, client, out) || raw.closeAfter()) {
                    return;
                }
            }
        } catch (IOException clientGone) {
            // the client closed or reset the connection, or the proxy is closing: nobody to answer
        } finally {
            openSockets.remove(client);
        }
    }

    /** Handles one request; false when the connection must not be reused (the fault ended it). */
    private boolean handle(RawRequest raw, Socket client, OutputStream out) throws IOException {
        String service = service(raw);
        String operation = operation(raw);
        String key = service + "." + operation;
        int callNumber = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Request request = new Request(raw.method, raw.target, raw.joinedHeaders(), raw.body, service, operation, callNumber);
        Fault fault = decide(request);
        if (fault != Fault.PASS) {
            faults.get(fault).incrementAndGet();
        }

        if (!fault.reachesUpstream()) {
            writeError(out, request, fault);
            return true;
        }

        upstreamCalls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        UpstreamResponse response;
        try {
            response = forward(raw);
        } catch (IOException e) {
            writeResponse(out, raw.method, 502, Map.of("content-type", List.of("text/plain")),
                    ("fault proxy: upstream failed: " + e).getBytes(StandardCharsets.UTF_8));
            return true;
        }

        switch (fault) {
            case PASS -> {
                writeResponse(out, raw.method, response.status, response.headers, response.body);
                return true;
            }
            case THROTTLE_AFTER, ERROR_500_AFTER, ERROR_503_AFTER -> {
                writeError(out, request, fault);
                return true;
            }
            case RESET_AFTER -> {
                // Linger 0 makes close() send RST instead of FIN: the client sees "Connection reset".
                client.setSoLinger(true, 0);
                client.close();
                return false;
            }
            case TIMEOUT_AFTER -> {
                // Say nothing until the client's read timeout fires; close() of the proxy cuts the wait short.
                try {
                    closing.await(timeoutHold.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            default -> throw new IllegalStateException("unhandled fault " + fault);
        }
    }

    private Fault decide(Request request) {
        try {
            Fault fault = plan.decide(request);
            return fault == null ? Fault.PASS : fault;
        } catch (RuntimeException e) {
            // A broken plan must not look like a network fault: relay, and say why on stderr.
            System.err.println("fault proxy: plan failed for " + request.service() + "." + request.operation() + ": " + e);
            return Fault.PASS;
        }
    }

    private UpstreamResponse forward(RawRequest raw) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(upstream + raw.target))
                .timeout(UPSTREAM_TIMEOUT)
                .method(raw.method, raw.body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(raw.body));
        raw.headers.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new UpstreamResponse(response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the upstream", e);
        }
    }

    private record UpstreamResponse(int status, Map<String, List<String>> headers, byte[] body) {}

    /** The error a real AWS endpoint would send for this fault, in the request's protocol. */
    private static void writeError(OutputStream out, Request request, Fault fault) throws IOException {
        String code = switch (fault.status()) {
            case 400 -> "dynamodb".equals(request.service())
                    ? "com.amazonaws.dynamodb.v20120810#ThrottlingException"
                    : "ThrottlingException";
            case 503 -> "ServiceUnavailable";
            default -> "InternalFailure";
        };
        String message = fault.isThrottle() ? "Rate exceeded" : "Injected by FaultProxy (" + fault + ")";
        String requestId = UUID.randomUUID().toString();
        String contentType = request.header("content-type");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        byte[] body;
        if (request.header("x-amz-target") != null || (contentType != null && contentType.contains("json"))) {
            // awsJson1_0 / awsJson1_1 / restJson1: the SDK reads the code from __type (after any '#').
            headers.put("content-type", List.of(contentType != null ? contentType : "application/json"));
            headers.put("x-amzn-requestid", List.of(requestId));
            body = ("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        } else {
            // awsQuery / restXml style.
            String xmlCode = fault.isThrottle() ? "Throttling" : code;
            headers.put("content-type", List.of("text/xml"));
            body = ("<ErrorResponse><Error><Type>Sender</Type><Code>" + xmlCode + "</Code><Message>" + message
                    + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
        }
        writeResponse(out, request.method(), fault.status(), headers, body);
    }

    private static void writeResponse(OutputStream out, String method, int status, Map<String, List<String>> headers,
                                      byte[] body) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n"));
            }
        });
        boolean bodyless = status == 204 || status == 304 || status < 200;
        boolean isHead = method.equals("HEAD");
        if (isHead) {
            // A HEAD answer describes the body a GET would get: keep the upstream's length.
            List<String> length = headers.getOrDefault("content-length", List.of());
            if (!length.isEmpty()) {
                head.append("Content-Length: ").append(length.getFirst()).append("\r\n");
            }
        } else if (!bodyless) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!isHead && !bodyless) {
            out.write(body);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** The signing name from the Authorization credential scope ("ecs", "dynamodb"), else the X-Amz-Target prefix. */
    static String service(RawRequest raw) {
        String authorization = raw.first("authorization");
        if (authorization != null) {
            Matcher matcher = CREDENTIAL_SCOPE.matcher(authorization);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        String target = raw.first("x-amz-target");
        if (target != null && target.contains(".")) {
            return target.substring(0, target.indexOf('.'));
        }
        return "unknown";
    }

    /** The X-Amz-Target operation (awsJson), the Action form field (awsQuery), else "METHOD /path" (REST). */
    static String operation(RawRequest raw) {
        String target = raw.first("x-amz-target");
        if (target != null) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        String contentType = raw.first("content-type");
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            for (String field : new String(raw.body, StandardCharsets.UTF_8).split("&")) {
                if (field.startsWith("Action=")) {
                    return URLDecoder.decode(field.substring("Action=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        int query = raw.target.indexOf('?');
        return raw.method + " " + (query < 0 ? raw.target : raw.target.substring(0, query));
    }

    private static int count(Map<String, AtomicInteger> counts, String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    private static int sumByOperation(Map<String, AtomicInteger> counts, String operation) {
        return counts.entrySet().stream()
                .filter(e -> e.getKey().substring(e.getKey().indexOf('.') + 1).equals(operation))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    private static Map<String, Integer> snapshot(Map<String, AtomicInteger> counts) {
        Map<String, Integer> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.get()));
        return Collections.unmodifiableMap(copy);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** A request as read off the client connection: request line, headers (lower-case names), whole body. */
    static final class RawRequest {
        final String method;
        final String target;
        final String version;
        final Map<String, List<String>> headers;
        final byte[] body;

        private RawRequest(String method, String target, String version, Map<String, List<String>> headers, byte[] body) {
            this.method = method;
            this.target = target;
            this.version = version;
            this.headers = headers;
            this.body = body;
        }

        /** Reads one request; null when the client closed an idle connection. */
        static RawRequest read(InputStream in, OutputStream out) throws IOException {
            String requestLine = readLine(in);
            while (requestLine != null && requestLine.isEmpty()) {
                requestLine = readLine(in); // tolerate stray CRLF between requests (RFC 9112 2.2)
            }
            if (requestLine == null) {
                return null;
            }
            String[] parts = requestLine.split(" ");
            if (parts.length != 3) {
                throw new IOException("bad request line: " + requestLine);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 0; ; i++) {
                String line = readLine(in);
                if (line == null) {
                    throw new EOFException("connection closed inside the headers");
                }
                if (line.isEmpty()) {
                    break;
                }
                if (i >= MAX_HEADERS) {
                    throw new IOException("too many headers");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line: " + line);
                }
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            RawRequest partial = new RawRequest(parts[0], parts[1], parts[2], headers, new byte[0]);
            if ("100-continue".equalsIgnoreCase(partial.first("expect"))) {
                // The client waits for this before sending the body (the SDK's URLConnection client strips
                // Expect, but other clients may not).
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            byte[] body;
            String transferEncoding = partial.first("transfer-encoding");
            if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = readChunked(in);
            } else {
                String length = partial.first("content-length");
                body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length.trim()));
                if (length != null && body.length != Integer.parseInt(length.trim())) {
                    throw new EOFException("connection closed inside the body");
                }
            }
            return new RawRequest(parts[0], parts[1], parts[2], headers, body);
        }

        String first(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        Map<String, String> joinedHeaders() {
            Map<String, String> joined = new LinkedHashMap<>();
            headers.forEach((name, values) -> joined.put(name, String.join(", ", values)));
            return Collections.unmodifiableMap(joined);
        }

        /** HTTP/1.0 without keep-alive, or "Connection: close": answer, then close. */
        boolean closeAfter() {
            String connection = first("connection");
            if (connection != null && connection.equalsIgnoreCase("close")) {
                return true;
            }
            return version.equals("HTTP/1.0") && (connection == null || !connection.equalsIgnoreCase("keep-alive"));
        }

        private static byte[] readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new EOFException("connection closed inside a chunked body");
                }
                int semicolon = sizeLine.indexOf(';'); // chunk extensions are ignored
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in); // trailers (e.g. x-amz-checksum-crc32) are dropped
                    } while (trailer != null && !trailer.isEmpty());
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length != size) {
                    throw new EOFException("connection closed inside a chunk");
                }
                body.write(chunk);
                readLine(in); // the CRLF after the chunk data
            }
        }

        /** One CRLF- (or LF-) terminated ISO-8859-1 line without its terminator; null at end of stream. */
        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            try {
                while ((b = in.read()) != -1) {
                    if (b == '\n') {
                        int last = line.length() - 1;
                        if (last >= 0 && line.charAt(last) == '\r') {
                            line.setLength(last);
                        }
                        return line.toString();
                    }
                    if (line.length() >= MAX_LINE) {
                        throw new IOException("line too long");
                    }
                    line.append((char) b);
                }
            } catch (SocketException reset) {
                if (line.isEmpty()) {
                    return null; // the client dropped an idle keep-alive connection
                }
                throw reset;
            }
            if (line.isEmpty()) {
                return null;
            }
            throw new EOFException("connection closed inside a line");
        }
    }
}
