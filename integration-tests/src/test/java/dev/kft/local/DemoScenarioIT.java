package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.functions.gate.ScanGateHandler;
import dev.kft.functions.gate.ScanGateWiring;
import dev.kft.functions.push.PushHandler;
import dev.kft.functions.push.PushWiring;
import dev.kft.functions.result.TaskStateHandler;
import dev.kft.functions.result.TaskStateWiring;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The demo's story ({@code bin/kft demo}) as a test: the same steps, run against the suite's
 * moto_server under a stack of their own, each step's expectations asserted, one test per step.
 * The functions get the environment the local invoke gives them, but are wired explicitly: a
 * handler wires itself once per JVM, and this JVM runs other handler tests (the local invoke path
 * itself is LocalInvokeIT's, and {@code make test} runs the demo too).
 */
@ExtendWith(MotoExtension.class)
// TaskStateFunction comments on commits: its CodeCommit client must reach moto, not another test's double.
@ResourceLock(LocalCodeCommit.ENDPOINT_PROPERTY)
class DemoScenarioIT {
    private DemoScenario scenario;

    @TestFactory
    Stream<DynamicTest> everyStepOfTheStoryDoesWhatItShould(MotoServer moto) {
        Template template = Template.load(Path.of("template.yaml"));
        String stackName = "kft-demo-" + UUID.randomUUID().toString().substring(0, 8);
        scenario = new DemoScenario(Path.of("."), MotoServer.REGION, stackName, moto::endpoint, new WiredFunctions(template));
        String[] failedStep = {null};
        return scenario.steps().stream().map(step -> DynamicTest.dynamicTest(step.title(), () -> {
            assumeTrue(failedStep[0] == null, () -> "an earlier step failed: " + failedStep[0]);
            failedStep[0] = step.title();
            DemoScenario.Observation seen = step.observe();
            assertAll(seen.expectations().stream().map(expected ->
                    (Executable) () -> assertEquals(expected.expected(), expected.actual(), expected.what())));
            failedStep[0] = null;
        }));
    }

    @AfterEach
    void closeTheScenario() {
        if (scenario != null) {
            scenario.close();
        }
    }

    /** Each function's handler, wired once from the environment the local invoke gives it, as Lambda wires it once. */
    private static final class WiredFunctions implements DemoScenario.Functions {
        private final Template template;
        private final Map<String, RequestStreamHandler> handlers = new HashMap<>();

        WiredFunctions(Template template) {
            this.template = template;
        }

        @Override
        public LocalInvoke.InvokeResult invoke(LocalAws aws, String functionId, byte[] event,
                                               Map<String, Map<String, String>> envVars) {
            RequestStreamHandler handler = handlers.computeIfAbsent(functionId, id -> {
                Function<String, String> env = new LocalInvoke(template, aws, System.err).environment(id, envVars)::get;
                return switch (id) {
                    case "PushFunction" -> new PushHandler(PushWiring.fromEnvironment(env));
                    case "TaskStateFunction" -> new TaskStateHandler(TaskStateWiring.fromEnvironment(env));
                    case "ScanGateFunction" -> new ScanGateHandler(ScanGateWiring.fromEnvironment(env));
                    default -> throw new IllegalArgumentException("the story has no function " + id);
                };
            });
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), output, null);
                return new LocalInvoke.InvokeResult(output.toString(StandardCharsets.UTF_8), null);
            } catch (Exception e) {
                return new LocalInvoke.InvokeResult(output.toString(StandardCharsets.UTF_8), e);
            }
        }
    }
}
