package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the local tools read from the project's template.yaml. */
class TemplateTest {
    private final Template template = Template.load(Path.of("template.yaml"));

    @Test
    void functionsCarryTheirHandlerAndSettingsWithGlobalsApplied() {
        assertTrue(template.functionIds().contains("PushFunction"));
        Template.LambdaFunction push = template.function("PushFunction").orElseThrow();
        assertEquals("dev.kft.functions.push.PushHandler::handleRequest", push.handler());
        assertEquals(60, push.timeoutSeconds());
        assertEquals(1024, push.memoryMb());
        assertEquals(Map.of("Ref", "LedgerTable"), push.environment().get("LEDGER_TABLE"), "from Globals");
        assertEquals(Map.of("Ref", "BuildCluster"), push.environment().get("CLUSTER"), "the function's own");
        assertTrue(template.function("LedgerTable").isEmpty(), "not a function");
    }

    @Test
    void unresolvedVariablesAreEmptyAndListedWithTheReason() {
        Template.ResolvedEnvironment env = template.function("PushFunction").orElseThrow()
                .environment(new Intrinsics(name -> name.equals("BuildCluster") ? "my-cluster" : null));
        assertEquals("my-cluster", env.variables().get("CLUSTER"));
        assertEquals("", env.variables().get("LEDGER_TABLE"));
        assertEquals("no value for LedgerTable", env.unresolved().get("LEDGER_TABLE"));
        assertEquals("kaniko", env.variables().get("KANIKO_CONTAINER_NAME"), "literals need no lookup");
    }
}
