package dev.kft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * FaultProxy against a real moto_server with the real SDK clients the functions use (URLConnection
 * HTTP client): relaying, counting, and each fault kind as the SDK experiences it.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyIT {
    /** moto_server is shared by the whole run: a table of this class's own. */
    private static final String TABLE = "fault-proxy-" + UUID.randomUUID().toString().substring(0, 8);
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private MotoServer moto;
    private DynamoDbClient direct; // straight to moto: what the emulator really holds

    @BeforeAll
    void startMoto(MotoServer server) {
        moto = server;
        direct = dynamo(moto.endpoint(), AwsRetryStrategy.doNotRetry(), Duration.ofSeconds(10));
        direct.createTable(t -> t.tableName(TABLE)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterAll
    void closeClient() {
        if (direct != null) {
            direct.close();
        }
    }

    @Test
    void passRelaysAndCountsEveryCall() throws Exception {
        try (FaultProxy proxy = FaultProxy.counting(moto.endpoint());
             DynamoDbClient dynamo = dynamo(proxy.endpoint(), AwsRetryStrategy.doNotRetry(), Duration.ofSeconds(10));
             EcsClient ecs = ecs(proxy.endpoint(), AwsRetryStrategy.doNotRetry(), Duration.ofSeconds(10))) {
            String pk = newKey();
            dynamo.putItem(p -> p.tableName(TABLE).item(item(pk)));
            assertEquals(pk, dynamo.getItem(g -> g.tableName(TABLE).key(key(pk))).item().get("pk").s());
            ecs.createCluster(c -> c.clusterName("relay"));
            assertTrue(ecs.listClusters().clusterArns().stream().anyMatch(arn -> arn.endsWith("/relay")));

            assertEquals(Map.of("dynamodb.GetItem", 1, "dynamodb.PutItem", 1, "ecs.CreateCluster", 1, "ecs.ListClusters", 1),
                    proxy.callCounts());
            assertEquals(1, proxy.upstreamCalls("ecs", "ListClusters"));
            assertEquals(4, proxy.totalCalls());
            assertTrue(proxy.faultCounts().isEmpty());
        }
    }

    /** The emulator applied the write, the client only saw an error: the item is there anyway. */
    @ParameterizedTest
    @EnumSource(names = {"THROTTLE_AFTER", "ERROR_500_AFTER", "ERROR_503_AFTER"})
    void aLostResponseAfterPutItemLeavesTheItemWritten(Fault fault) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint(), FaultPlan.firstCalls("PutItem", 1, fault));
             DynamoDbClient dynamo = dynamo(proxy.endpoint(), AwsRetryStrategy.doNotRetry(), Duration.ofSeconds(10))) {
            String pk = newKey();
            DynamoDbException error = assertThrows(DynamoDbException.class,
                    () -> dynamo.putItem(p -> p.tableName(TABLE).item(item(pk))));

            assertEquals(fault.status(), error.statusCode());
            assertEquals(fault.isThrottle(), error.isThrottlingException());
            assertTrue(direct.getItem(g -> g.tableName(TABLE).key(key(pk))).hasItem(), "moto applied the write");
            assertEquals(1, proxy.upstreamCalls("dynamodb", "PutItem"));
            assertEquals(1, proxy.faults(fault));
        }
    }

    /** Why lost responses matter: the SDK's retry of a conditional put fails against its own first write. */
    @Test
    void aRetriedConditionalPutFailsOnItsOwnLostWrite() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint(), FaultPlan.firstCalls("PutItem", 1, Fault.ERROR_500_AFTER));
             DynamoDbClient dynamo = dynamo(proxy.endpoint(), AwsRetryStrategy.standardRetryStrategy(), Duration.ofSeconds(10))) {
            String pk = newKey();
            assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(p -> p.tableName(TABLE).item(item(pk))
                    .conditionExpression("attribute_not_exists(pk)")));
            assertEquals(2, proxy.upstreamCalls("dynamodb", "PutItem"));
        }
    }

    @Test
    void resetAfterSurfacesAsAClientExceptionWithoutRetries() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint(), FaultPlan.always("PutItem", Fault.RESET_AFTER));
             DynamoDbClient dynamo = dynamo(proxy.endpoint(), AwsRetryStrategy.doNotRetry(), Duration.ofSeconds(10))) {
            String pk = newKey();
            SdkClientException error = assertThrows(SdkClientException.class,
                    () -> dynamo.putItem(p -> p.tableName(TABLE).item(item(pk))));

            assertTrue(causes(error).stream().anyMatch(c -> c instanceof IOException), "an I/O cause: " + causes(error));
            assertTrue(direct.getItem(g -> g.tableName(TABLE).key(key(pk))).hasItem(), "moto applied the write");
            // HttpURLConnection does not re-send the POST after a reset (seen with JDK 25): one call, one fault.
            assertEquals(1, proxy.calls("dynamodb", "PutItem"));
            assertEquals(1, proxy.faults(Fault.RESET_AFTER));
        }
    }

    @Test
    void resetAfterIsRetriedByTheStandardStrategy() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint(), FaultPlan.firstCalls("ListClusters", 1, Fault.RESET_AFTER));
             EcsClient ecs = ecs(proxy.endpoint(), AwsRetryStrategy.standardRetryStrategy(), Duration.ofSeconds(10))) {
            ecs.listClusters();
            assertEquals(2, proxy.upstreamCalls("ecs", "ListClusters"), "the reset attempt reached moto too");
            assertEquals(1, proxy.faults(Fault.RESET_AFTER));
        }
    }

    @Test
    void timeoutAfterHitsTheClientsReadTimeout() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint(), FaultPlan.firstCalls("PutItem", 1, Fault.TIMEOUT_AFTER))
                .timeoutHold(Duration.ofSeconds(8));
             DynamoDbClient dynamo = dynamo(proxy.endpoint(), AwsRetryStrategy.doNotRetry(), Duration.ofMillis(500))) {
            String pk = newKey();
            long started = System.nanoTime();
            SdkClientException error = assertThrows(SdkClientException.class,
                    () -> dynamo.putItem(p -> p.tableName(TABLE).item(item(pk))));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertTrue(causes(error).stream().anyMatch(c -> c instanceof SocketTimeoutException), "cause: " + causes(error));
            assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "gave up after the 500 ms read timeout, took " + took);
            assertTrue(direct.getItem(g -> g.tableName(TABLE).key(key(pk))).hasItem(), "moto applied the write");
            assertEquals(1, proxy.calls("dynamodb", "PutItem"), "a read timeout is not re-sent by HttpURLConnection");
        }
    }

    @Test
    void ecsThrottlingIsRecognisedAndRetriedByTheStandardStrategy() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint(), FaultPlan.always("ListClusters", Fault.THROTTLE_BEFORE));
             EcsClient once = ecs(proxy.endpoint(), AwsRetryStrategy.doNotRetry(), Duration.ofSeconds(10));
             EcsClient retrying = ecs(proxy.endpoint(), AwsRetryStrategy.standardRetryStrategy(), Duration.ofSeconds(10))) {
            EcsException error = assertThrows(EcsException.class, once::listClusters);
            assertTrue(error.isThrottlingException());
            assertEquals("ThrottlingException", error.awsErrorDetails().errorCode());
            assertEquals(400, error.statusCode());
            assertEquals(0, proxy.upstreamCalls("ListClusters"));

            proxy.resetCounts();
            proxy.plan(FaultPlan.firstCalls("ListClusters", 2, Fault.THROTTLE_BEFORE));
            retrying.listClusters();
            assertEquals(3, proxy.calls("ecs", "ListClusters"), "standard strategy: 3 attempts");
            assertEquals(1, proxy.upstreamCalls("ecs", "ListClusters"));
            assertEquals(2, proxy.faults(Fault.THROTTLE_BEFORE));
        }
    }

    @Test
    void dynamoThrottlingIsRecognisedAndRetriedByTheStandardStrategy() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint(), FaultPlan.firstCalls("PutItem", 1, Fault.THROTTLE_BEFORE));
             DynamoDbClient once = dynamo(proxy.endpoint(), AwsRetryStrategy.doNotRetry(), Duration.ofSeconds(10));
             DynamoDbClient retrying = dynamo(proxy.endpoint(), AwsRetryStrategy.standardRetryStrategy(), Duration.ofSeconds(10))) {
            DynamoDbException error = assertThrows(DynamoDbException.class,
                    () -> once.putItem(p -> p.tableName(TABLE).item(item(newKey()))));
            assertTrue(error.isThrottlingException());
            assertEquals("ThrottlingException", error.awsErrorDetails().errorCode());

            proxy.resetCounts();
            proxy.plan(FaultPlan.firstCalls("PutItem", 2, Fault.THROTTLE_BEFORE));
            String pk = newKey();
            retrying.putItem(p -> p.tableName(TABLE).item(item(pk)));
            assertEquals(3, proxy.calls("PutItem"));
            assertEquals(1, proxy.upstreamCalls("PutItem"));
            assertTrue(direct.getItem(g -> g.tableName(TABLE).key(key(pk))).hasItem());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"ERROR_500_BEFORE", "ERROR_503_BEFORE"})
    void serverErrorsBeforeTheUpstreamAreRetried(Fault fault) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint(), FaultPlan.firstCalls("ListClusters", 2, fault));
             EcsClient ecs = ecs(proxy.endpoint(), AwsRetryStrategy.standardRetryStrategy(), Duration.ofSeconds(10))) {
            ecs.listClusters();
            assertEquals(3, proxy.calls("ListClusters"));
            assertEquals(1, proxy.upstreamCalls("ListClusters"));
            assertEquals(2, proxy.faults(fault));
        }
    }

    @Test
    void manyConcurrentConnectionsAreCountedExactly() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try (FaultProxy proxy = FaultProxy.counting(moto.endpoint());
             EcsClient ecs = ecs(proxy.endpoint(), AwsRetryStrategy.doNotRetry(), Duration.ofSeconds(20))) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(callers.submit(() -> ecs.listClusters()));
            }
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
            assertEquals(200, proxy.calls("ecs", "ListClusters"));
            assertEquals(200, proxy.totalCalls());
        } finally {
            callers.shutdownNow();
        }
    }

    /** Keep-alive and chunked request bodies, spoken by hand since the SDK sends neither chunked JSON nor pipelines. */
    @Test
    void chunkedRequestsShareOneKeptAliveConnection() throws Exception {
        try (FaultProxy proxy = FaultProxy.counting(moto.endpoint());
             Socket socket = new Socket(proxy.endpoint().getHost(), proxy.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < 2; i++) {
                out.write(("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters\r\n"
                        + "Content-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n"
                        + "Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0\r\n"
                        + "\r\n1\r\n{\r\n1\r\n}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String response = readResponse(in);
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.contains("clusterArns"), response);
            }
            assertEquals(2, proxy.calls("ecs", "ListClusters"));
        }
    }

    @Test
    void randomFaultsReplayPerCallForASeed() {
        RandomFaults plan = RandomFaults.seeded(42).on("RunTask", 0.3, Fault.THROTTLE_BEFORE, Fault.RESET_AFTER);
        RandomFaults same = RandomFaults.seeded(42).on("RunTask", 0.3, Fault.THROTTLE_BEFORE, Fault.RESET_AFTER);
        int faulted = 0;
        for (int call = 1; call <= 2000; call++) {
            FaultProxy.Request request = new FaultProxy.Request("POST", "/", Map.of(), new byte[0], "ecs", "RunTask", call);
            Fault fault = plan.decide(request);
            assertEquals(fault, same.decide(request));
            faulted += fault == Fault.PASS ? 0 : 1;
            assertEquals(Fault.PASS, plan.decide(new FaultProxy.Request("POST", "/", Map.of(), new byte[0], "ecs", "ListTasks", call)));
        }
        assertTrue(faulted > 500 && faulted < 700, "about 30% of 2000: " + faulted);
    }

    // ---------------------------------------------------------------------------------------------

    private static DynamoDbClient dynamo(URI endpoint, RetryStrategy retry, Duration readTimeout) {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).endpointOverride(endpoint)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(readTimeout).connectionTimeout(Duration.ofSeconds(2)))
                .overrideConfiguration(o -> o.retryStrategy(retry).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    private static EcsClient ecs(URI endpoint, RetryStrategy retry, Duration readTimeout) {
        return EcsClient.builder()
                .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).endpointOverride(endpoint)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(readTimeout).connectionTimeout(Duration.ofSeconds(2)))
                .overrideConfiguration(o -> o.retryStrategy(retry).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    private static String newKey() {
        return "build-" + UUID.randomUUID();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk));
    }

    private static Map<String, AttributeValue> item(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "status", AttributeValue.fromS("QUEUED"));
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Reads one Content-Length response off a raw connection. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertFalse(b == -1, "connection closed early: " + head);
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        assertNotNull(body);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
