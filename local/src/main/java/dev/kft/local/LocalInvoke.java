package dev.kft.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kft.core.Json;
import dev.kft.core.MalformedEventException;
import dev.kft.lambda.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code bin/kft invoke}: what {@code sam local invoke} does, in this JVM and without Docker. The
 * function's Handler and Environment come from the template (Globals merged, intrinsics evaluated
 * as SAM does locally: parameters to their defaults, a resource's Ref to its logical id), then the
 * env-vars overrides apply, then the handler class is loaded, so its one-time wiring reads them.
 */
public final class LocalInvoke {
    /** The account id SAM's local tools give {@code AWS::AccountId}. */
    static final String LOCAL_ACCOUNT = "123456789012";
    /** Handler class → the environment it was loaded with: a handler reads its environment once per JVM. */
    private static final Map<String, Map<String, String>> LOADED = new ConcurrentHashMap<>();

    private final Template template;
    private final LocalAws aws;
    private final PrintStream logs;

    /** @param logs where the function's logs and the invoke's warnings go (stderr on the command line) */
    public LocalInvoke(Template template, LocalAws aws, PrintStream logs) {
        this.template = template;
        this.aws = aws;
        this.logs = logs;
    }

    /** What the handler wrote, or what it threw. */
    public record InvokeResult(String output, Throwable error) {
        public boolean failed() {
            return error != null;
        }
    }

    /** The event file's bytes, once they parse as a JSON object; otherwise an error naming the file. */
    public static byte[] readEvent(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the event file (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (MalformedEventException e) {
            String where = e.getCause() instanceof JsonProcessingException json && json.getLocation() != null
                    ? " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")" : "";
            throw new IllegalArgumentException(file + ": " + e.getMessage() + where, e);
        }
        return bytes;
    }

    /** The variables function {@code functionId} gets: the template's, the env-vars overrides, and Lambda's own. */
    public Map<String, String> environment(String functionId, Map<String, Map<String, String>> envVars) {
        Template.LambdaFunction function = function(functionId);
        StackValues values = new StackValues(template,
                StackValues.pseudoParameters(aws.region().id(), LOCAL_ACCOUNT, "local"), Map.of(),
                name -> template.resources().containsKey(name) ? name : null);
        Template.ResolvedEnvironment declared = function.environment(new Intrinsics(values));
        Map<String, String> env = EnvVarsFile.apply(declared.variables(), envVars, functionId);
        for (String block : List.of(EnvVarsFile.ALL_FUNCTIONS, functionId)) {
            envVars.getOrDefault(block, Map.of()).keySet().stream().filter(name -> !declared.variables().containsKey(name))
                    .forEach(name -> logs.println("kft invoke: ignoring " + name + " from the env-vars \"" + block + "\" block: "
                            + functionId + "'s Environment in the template does not declare it"));
        }
        declared.unresolved().forEach((name, why) -> {
            if (env.get(name).isEmpty()) {
                logs.println("kft invoke: " + name + " is empty (" + why + "): give it in the env-vars file");
            }
        });
        env.putAll(aws.functionEnvironment());
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionId);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Integer.toString(function.timeoutSeconds()));
        return env;
    }

    /** Installs the environment, loads the handler and invokes it once with {@code event}. */
    public InvokeResult invoke(String functionId, byte[] event, Map<String, Map<String, String>> envVars) {
        Template.LambdaFunction function = function(functionId);
        Map<String, String> env = environment(functionId, envVars);
        RequestStreamHandler handler = load(function.handler(), env);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        LocalContext context = new LocalContext(functionId, function.memoryMb(),
                Duration.ofSeconds(function.timeoutSeconds()), Clock.systemUTC(), logs);
        try {
            handler.handleRequest(new ByteArrayInputStream(event), output, context);
            return new InvokeResult(output.toString(StandardCharsets.UTF_8), null);
        } catch (Exception | Error e) {
            return new InvokeResult(output.toString(StandardCharsets.UTF_8), e);
        }
    }

    /** Lambda's error response for a handler that threw. */
    public static Map<String, Object> errorResponse(Throwable error) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("errorType", error.getClass().getName());
        response.put("errorMessage", String.valueOf(error.getMessage()));
        return response;
    }

    private Template.LambdaFunction function(String functionId) {
        return template.function(functionId).orElseThrow(() -> new IllegalArgumentException(
                template.file() + " has no function " + functionId + "; its functions: " + template.functionIds()));
    }

    private static RequestStreamHandler load(String handler, Map<String, String> env) {
        String[] parts = handler.split("::");
        if (parts.length != 2 || !parts[1].equals("handleRequest")) {
            throw new IllegalArgumentException("Handler " + handler + ": local invoke runs RequestStreamHandler classes, "
                    + "written class::handleRequest");
        }
        Map<String, String> earlier = LOADED.putIfAbsent(parts[0], Map.copyOf(env));
        if (earlier != null && !earlier.equals(Map.copyOf(env))) {
            throw new IllegalStateException(parts[0] + " was already loaded in this JVM with other environment variables, "
                    + "and handlers read theirs once: invoke it in a new process");
        }
        // Handlers wire themselves from Environment.current() while their class initializes: install it first.
        Environment.overrideForLocalInvoke(env);
        try {
            Class<?> type = Class.forName(parts[0], true, LocalInvoke.class.getClassLoader());
            return (RequestStreamHandler) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("Handler " + handler + " cannot be loaded as a RequestStreamHandler: " + e, e);
        }
    }
}
