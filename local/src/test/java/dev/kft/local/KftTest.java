package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers to mistakes: one line on stderr, exit code 2, nothing on stdout. */
class KftTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int kft(Map<String, String> env, String... args) {
        return new Kft(Path.of("."), env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    private String errorLine() {
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, text.lines().count(), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        return text;
    }

    @Test
    void aMalformedEventFileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path event = Files.writeString(dir.resolve("bad.json"), "{\"detail\": ");
        assertEquals(Kft.USAGE, kft(Map.of(), "invoke", "PushFunction", "-e", event.toString()));
        assertTrue(errorLine().startsWith("kft invoke: " + event + ": not valid JSON"));
    }

    @Test
    void stackUpNeedsAnEmulatorEndpoint() {
        assertEquals(Kft.USAGE, kft(Map.of(), "stack-up"));
        assertTrue(errorLine().contains("AWS_ENDPOINT_URL is not set"));
    }

    @Test
    void wrongArgumentsAreUsageErrors() {
        assertEquals(Kft.USAGE, kft(Map.of(), "invoke", "PushFunction"));
        assertTrue(errorLine().contains("-e is required"));
        err.reset();
        assertEquals(Kft.USAGE, kft(Map.of(), "invoke", "PushFunction", "-e"));
        assertTrue(errorLine().contains("-e needs a value"));
        err.reset();
        assertEquals(Kft.USAGE, kft(Map.of(), "launch"));
        assertTrue(errorLine().contains("unknown command launch"));
        err.reset();
        assertEquals(Kft.USAGE, kft(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1"), "stack-up", "--stack-name", "Bad_Name"));
        assertTrue(errorLine().contains("stack name \"Bad_Name\""));
    }

    @Test
    void codecommitNeedsAGitRepositoryAndAPort(@TempDir Path dir) {
        assertEquals(Kft.USAGE, kft(Map.of(), "codecommit"));
        assertTrue(errorLine().contains("--repo is required"));
        err.reset();
        assertEquals(Kft.USAGE, kft(Map.of(), "codecommit", "--repo", dir.toString()));
        assertEquals("kft codecommit: " + dir.toAbsolutePath().normalize() + " is not a git repository", errorLine());
        err.reset();
        GitRepository.init(dir.resolve("payments-api"));
        assertEquals(Kft.USAGE, kft(Map.of(), "codecommit", "--repo", dir.resolve("payments-api").toString(), "--port", "http"));
        assertTrue(errorLine().contains("--port must be a port number from 0 to 65535, not http"));
        err.reset();
        assertEquals(Kft.USAGE, kft(Map.of(), "codecommit", "--repo", dir.toString(), "extra"));
        assertTrue(errorLine().contains("unexpected argument extra"));
    }

    @Test
    void aServedRepositoryIsNamedAfterItsDirectoryWithoutDotGit() {
        assertEquals("payments-api", Kft.repositoryName(Path.of("/src/payments-api")));
        assertEquals("payments-api", Kft.repositoryName(Path.of("/srv/git/payments-api.git")));
    }
}
