package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.core.Json;
import dev.kft.lambda.Environment;
import dev.kft.lambda.LambdaIo;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

class LocalInvokeTest {
    private static final String TEMPLATE = """
            Parameters:
              Stage: { Type: String, Default: dev }
            Globals:
              Function:
                Timeout: 7
                Environment:
                  Variables:
                    STAGE: !Ref Stage
            Resources:
              Greeter:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.kft.local.LocalInvokeTest$GreetingHandler::handleRequest
                  Environment:
                    Variables:
                      GREETING: hello
              Failing:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.kft.local.LocalInvokeTest$FailingHandler::handleRequest
            """;

    /** Reads its environment while its class initializes, as the project's handlers do. */
    public static final class GreetingHandler implements RequestStreamHandler {
        private static final String GREETING = Environment.current().apply("GREETING");
        private static final String STAGE = Environment.current().apply("STAGE");

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
            LambdaIo.write(output, Map.of("greeting", GREETING, "stage", STAGE, "event", Json.parseObject(input),
                    "remainingMillis", context.getRemainingTimeInMillis(), "function", context.getFunctionName()));
        }
    }

    public static final class FailingHandler implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) {
            throw new IllegalStateException("no capacity");
        }
    }

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    private LocalInvoke invoker(Path dir) throws Exception {
        Template template = Template.load(Files.writeString(dir.resolve("template.yaml"), TEMPLATE));
        return new LocalInvoke(template, new LocalAws(Region.EU_WEST_1, null), new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreProcessEnvironment() {
        Environment.overrideForLocalInvoke(Map.of());
    }

    @Test
    void theHandlerSeesTheTemplatesVariablesWithOverridesFromItsFirstLine(@TempDir Path dir) throws Exception {
        LocalInvoke.InvokeResult result = invoker(dir).invoke("Greeter", "{\"name\":\"dana\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("Greeter", Map.of("GREETING", "hi")));

        assertFalse(result.failed(), String.valueOf(result.error()));
        Map<String, Object> output = Json.parseObject(result.output());
        assertEquals("hi", output.get("greeting"), "override from the env-vars file, visible during class initialization");
        assertEquals("dev", output.get("stage"), "Globals, with the parameter's default");
        assertEquals(Map.of("name", "dana"), output.get("event"));
        assertEquals("Greeter", output.get("function"));
        long remaining = ((Number) output.get("remainingMillis")).longValue();
        assertTrue(remaining > 0 && remaining <= 7000, "within the template's Timeout: " + remaining);

        assertThrows(IllegalStateException.class, () -> invoker(dir).invoke("Greeter", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Greeter", Map.of("GREETING", "other"))), "a loaded handler cannot take another environment");
    }

    @Test
    void aThrowingHandlerIsAFailedResult(@TempDir Path dir) throws Exception {
        LocalInvoke.InvokeResult result = invoker(dir).invoke("Failing", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertTrue(result.failed());
        assertInstanceOf(IllegalStateException.class, result.error());
        assertEquals(Map.of("errorType", "java.lang.IllegalStateException", "errorMessage", "no capacity"),
                LocalInvoke.errorResponse(result.error()));
    }

    @Test
    void anUnknownFunctionNamesTheOnesThereAre(@TempDir Path dir) throws Exception {
        LocalInvoke invoker = invoker(dir);
        String message = assertThrows(IllegalArgumentException.class,
                () -> invoker.invoke("Nope", "{}".getBytes(StandardCharsets.UTF_8), Map.of())).getMessage();
        assertTrue(message.contains("has no function Nope") && message.contains("[Greeter, Failing]"), message);
    }

    @Test
    void theProjectsPushFunctionGetsWhatSamLocalWouldGiveIt() {
        LocalInvoke invoker = new LocalInvoke(Template.load(Path.of("template.yaml")),
                new LocalAws(Region.EU_WEST_1, java.net.URI.create("http://127.0.0.1:5000")),
                new PrintStream(logs, true, StandardCharsets.UTF_8));
        Map<String, String> env = invoker.environment("PushFunction",
                Map.of("Parameters", Map.of("SUBNETS", "subnet-1"), "PushFunction", Map.of("AWS_ENDPOINT_URL", "ignored")));

        assertEquals("BuildCluster", env.get("CLUSTER"), "a resource's Ref is its logical id, as in sam local");
        assertEquals("123456789012.dkr.ecr.eu-west-1.amazonaws.com", env.get("ECR_REGISTRY"));
        assertEquals("main", env.get("DEFAULT_BRANCH"));
        assertEquals("subnet-1", env.get("SUBNETS"));
        assertEquals("", env.get("SECURITY_GROUPS"));
        assertEquals("eu-west-1", env.get("AWS_REGION"));
        assertEquals("http://127.0.0.1:5000", env.get("AWS_ENDPOINT_URL"), "from where the invoke runs, not from the file");
        assertEquals("PushFunction", env.get("AWS_LAMBDA_FUNCTION_NAME"));
        String warnings = logs.toString(StandardCharsets.UTF_8);
        assertTrue(warnings.contains("SECURITY_GROUPS is empty (no value for SecurityGroupIds)"), warnings);
        assertFalse(warnings.contains("SUBNETS is empty"), warnings);
        assertTrue(warnings.contains("ignoring AWS_ENDPOINT_URL"), warnings);
    }

    @Test
    void aMalformedEventIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path event = Files.writeString(dir.resolve("broken.json"), "{\n  \"detail\": {,\n}");
        String message = assertThrows(IllegalArgumentException.class, () -> LocalInvoke.readEvent(event)).getMessage();
        assertTrue(message.startsWith(event + ": not valid JSON"), message);
        assertTrue(message.endsWith("(line 2, column 14)"), message);
        assertFalse(message.contains("\n"), message);

        Path array = Files.writeString(dir.resolve("array.json"), "[1]");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalInvoke.readEvent(array)).getMessage()
                .startsWith(array + ": expected a JSON object"));
    }
}
