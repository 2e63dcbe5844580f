package dev.kft.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.testing.SamBuild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds each function's deployable artifact exactly as {@code sam build} does for template.yaml's
 * {@code BuildMethod: makefile} (a copy of the CodeUri directory, {@code make build-<LogicalId>}
 * with {@code ARTIFACTS_DIR}), then checks what each holds: its own handler, the domain and the
 * adapters, the SDK clients it calls and no other, and nothing of the local tooling or the tests.
 */
@Order(2) // one of the longest classes: started early (junit-platform.properties)
class FunctionArtifactsIT {
    /** SDK service modules a function may carry: exactly the clients its wiring builds. */
    private static final Map<String, List<String>> CLIENTS = Map.of(
            // PushFunction reads each push's commit and .kft.yaml (CodeCommit) and announces configuration failures (EventBridge).
            "PushFunction", List.of("codecommit", "dynamodb", "ecr", "ecs", "eventbridge"),
            "TaskStateFunction", List.of("codecommit", "dynamodb", "ecr", "ecs", "eventbridge"),
            "ScanGateFunction", List.of("dynamodb", "ecr", "eventbridge"));
    private static final Map<String, String> HANDLER_PACKAGE = Map.of(
            "PushFunction", "dev/kft/functions/push/",
            "TaskStateFunction", "dev/kft/functions/result/",
            "ScanGateFunction", "dev/kft/functions/gate/");
    /** Every SDK service module any part of this project uses; a function must carry only its own. */
    private static final List<String> ALL_SERVICES = List.of("codecommit", "dynamodb", "ec2", "ecr", "ecs", "eventbridge", "sqs",
            "cloudwatchlogs", "cloudformation");

    @TempDir
    static Path scratch;

    @BeforeAll
    static void buildAsSamDoes() throws Exception {
        Path source = scratch.resolve("source");
        SamBuild.copyProject(Path.of("."), source);
        // sam build runs the functions one after another in the copied directory.
        for (String function : CLIENTS.keySet()) {
            SamBuild.make(source, function, scratch.resolve(function), scratch.resolve(function + ".log"), 5);
        }
    }

    @Test
    void eachFunctionCarriesTheSdkClientsItCallsAndNoOther() {
        for (String function : CLIENTS.keySet()) {
            List<String> services = jars(function).stream()
                    .map(jar -> jar.replaceAll("-\\d[\\w.-]*\\.jar$", ""))
                    .filter(ALL_SERVICES::contains)
                    .sorted().toList();
            assertEquals(CLIENTS.get(function), services, function);
        }
    }

    @Test
    void noFunctionCarriesLocalToolingTestSupportOrOtherHttpClients() {
        for (String function : CLIENTS.keySet()) {
            for (String jar : jars(function)) {
                for (String forbidden : List.of("kft-local", "kft-testing", "kft-integration-tests", "-tests.jar", "junit",
                        "snakeyaml-2", "event-ruler", "archunit", "apache-client", "apache5-client", "netty-nio-client")) {
                    assertTrue(!jar.contains(forbidden), function + " carries " + jar);
                }
            }
            for (String entry : entries(function)) {
                assertTrue(!entry.startsWith("dev/kft/local/") && !entry.startsWith("dev/kft/testing/"), function + " carries " + entry);
            }
        }
    }

    @Test
    void onlyPushFunctionCarriesTheYamlParserOfRepositoryConfigurations() {
        // PushFunction parses .kft.yaml; the domain's dependency on the parser is optional, so no other function gets it.
        assertTrue(jars("PushFunction").stream().anyMatch(jar -> jar.startsWith("snakeyaml-engine-")), jars("PushFunction").toString());
        for (String function : List.of("TaskStateFunction", "ScanGateFunction")) {
            assertTrue(jars(function).stream().noneMatch(jar -> jar.startsWith("snakeyaml-engine-")), jars(function).toString());
        }
    }

    @Test
    void eachFunctionCarriesItsOwnHandlerAndNoOtherFunctions() {
        for (String function : CLIENTS.keySet()) {
            List<String> functionClasses = entries(function).stream()
                    .filter(e -> e.startsWith("dev/kft/functions/") && e.endsWith(".class")).toList();
            assertTrue(!functionClasses.isEmpty(), function);
            functionClasses.forEach(e -> assertTrue(e.startsWith(HANDLER_PACKAGE.get(function)), function + " carries " + e));
            String handler = HANDLER_PACKAGE.get(function);
            assertTrue(functionClasses.stream().anyMatch(e -> e.startsWith(handler) && e.endsWith("Handler.class")), function);
            assertTrue(entries(function).contains("dev/kft/core/BuildId.class"), function + " lacks the domain");
        }
    }

    @Test
    void sizesArePrinted() throws IOException {
        for (String function : CLIENTS.keySet()) {
            long bytes = 0;
            try (Stream<Path> files = Files.list(scratch.resolve(function).resolve("lib"))) {
                for (Path jar : files.toList()) {
                    bytes += Files.size(jar);
                }
            }
            System.out.printf("artifact %-18s %3d jars %6.1f MB%n", function, jars(function).size(), bytes / 1_000_000.0);
            assertTrue(bytes > 0);
        }
    }

    private static List<String> jars(String function) {
        try (Stream<Path> files = Files.list(scratch.resolve(function).resolve("lib"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every entry of every jar in the artifact. */
    private static List<String> entries(String function) {
        TreeSet<String> all = new TreeSet<>();
        for (String jar : jars(function)) {
            try (ZipFile zip = new ZipFile(scratch.resolve(function).resolve("lib").resolve(jar).toFile())) {
                zip.stream().map(ZipEntry::getName).forEach(all::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArrayList<>(all);
    }
}
