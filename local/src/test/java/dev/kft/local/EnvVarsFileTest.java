package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvVarsFileTest {
    @Test
    void theFunctionsBlockWinsOverParametersAndOnlyDeclaredVariablesAreSet() {
        Map<String, String> declared = Map.of("CLUSTER", "BuildCluster", "LEDGER_TABLE", "LedgerTable", "DEFAULT_BRANCH", "main");
        Map<String, Map<String, String>> file = Map.of(
                "Parameters", Map.of("LEDGER_TABLE", "shared-ledger", "CLUSTER", "shared-cluster", "UNDECLARED", "x"),
                "PushFunction", Map.of("CLUSTER", "push-cluster"),
                "OtherFunction", Map.of("DEFAULT_BRANCH", "trunk"));

        assertEquals(Map.of("CLUSTER", "push-cluster", "LEDGER_TABLE", "shared-ledger", "DEFAULT_BRANCH", "main"),
                EnvVarsFile.apply(declared, file, "PushFunction"));
    }

    @Test
    void writtenFilesReadBackAndScalarsBecomeText(@TempDir Path dir) throws Exception {
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
        blocks.put("PushFunction", Map.of("B", "2", "A", "1"));
        Path file = dir.resolve("env.json");
        Files.writeString(file, EnvVarsFile.write(blocks));
        assertEquals(blocks, EnvVarsFile.read(file));

        Files.writeString(file, "{\"Parameters\": {\"TIMEOUT\": 30, \"ON\": true}}");
        assertEquals(Map.of("Parameters", Map.of("TIMEOUT", "30", "ON", "true")), EnvVarsFile.read(file));
    }

    @Test
    void aMalformedFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"PushFunction\": ");
        Path flat = Files.writeString(dir.resolve("flat.json"), "{\"CLUSTER\": \"c\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvVarsFile.read(broken)).getMessage().startsWith(broken.toString()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvVarsFile.read(flat)).getMessage().contains("\"CLUSTER\" must be an object"));
    }
}
