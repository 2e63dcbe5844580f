package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The factory leaves endpoints to the SDK: its standard global and per-service settings decide where calls go. */
class AwsClientsTest {
    private final List<String> seenByGlobal = new CopyOnWriteArrayList<>();
    private final List<String> seenByDynamoDb = new CopyOnWriteArrayList<>();
    private HttpServer global;
    private HttpServer dynamoDb;

    @BeforeEach
    void start() throws IOException {
        global = recorder(seenByGlobal);
        dynamoDb = recorder(seenByDynamoDb);
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + global.getAddress().getPort());
        System.setProperty("aws.endpointUrlDynamoDb", "http://127.0.0.1:" + dynamoDb.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        // Unit tests share Maven's JVM (the root pom's surefire forkCount): leave no setting behind.
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.endpointUrl");
        System.clearProperty("aws.endpointUrlDynamoDb");
        global.stop(0);
        dynamoDb.stop(0);
    }

    @Test
    void aServiceSpecificEndpointWinsOverTheGlobalOne() {
        AwsClients aws = AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")::get);
        aws.build(DynamoDbClient.builder()).listTables();
        aws.build(EcsClient.builder()).listClusters();

        assertEquals(List.of("DynamoDB_20120810.ListTables eu-west-1"), seenByDynamoDb);
        assertEquals(List.of("AmazonEC2ContainerServiceV20141113.ListClusters eu-west-1"), seenByGlobal);
    }

    @Test
    void theRegionDefaultsToUsEast1() {
        assertEquals("us-east-1", AwsClients.fromEnvironment(Map.<String, String>of()::get).region().id());
        assertTrue(AwsClients.fromEnvironment(Map.of("AWS_REGION", " ap-south-1 ")::get).region().id().equals("ap-south-1"));
    }

    /** Answers every call with an empty JSON object and notes its operation and the region it was signed for. */
    private static HttpServer recorder(List<String> seen) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String region = authorization.replaceAll(".*Credential=[^/]+/[^/]+/([^/]+)/.*", "$1");
            seen.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " " + region);
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
