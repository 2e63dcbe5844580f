package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;

/**
 * {@code bin/kft codecommit} started in-process: it prints the endpoint to export, serves the git
 * repository under the directory's name until stopped, and leaves the JVM's SDK settings alone
 * (clients here point at it explicitly, so no lock on the CodeCommit endpoint setting is needed).
 */
class KftCodeCommitIT {
    @Test
    void servesTheRepositoryAtTheEndpointItPrintsUntilStopped(@TempDir Path dir) throws Exception {
        GitRepository git = GitRepository.init(dir.resolve("payments-api"));
        String commit = git.commit("Add the Dockerfile", Map.of("Dockerfile", "FROM scratch\n"));
        PipedInputStream printed = new PipedInputStream();
        PrintStream out = new PrintStream(new PipedOutputStream(printed), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Kft kft = new Kft(Path.of("."), name -> null, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        // Its own thread, as the command runs until the process ends: an interrupt stands in for Ctrl-C.
        Thread command = new Thread(() -> exit.complete(kft.run(List.of("codecommit", "--repo", git.directory().toString()))));
        command.start();

        String line = new BufferedReader(new InputStreamReader(printed, StandardCharsets.UTF_8)).readLine();
        assertTrue(line.matches("AWS_ENDPOINT_URL_CODECOMMIT=http://127\\.0\\.0\\.1:\\d+"), line);
        URI endpoint = URI.create(line.substring(line.indexOf('=') + 1));
        try (CodeCommitClient client = CodeCommitClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            assertEquals("FROM scratch\n", client.getFile(r -> r.repositoryName("payments-api").commitSpecifier("main")
                    .filePath("Dockerfile")).fileContent().asUtf8String());
            assertEquals(commit, client.getCommit(r -> r.repositoryName("payments-api").commitId(commit)).commit().commitId());
            assertThrows(RepositoryDoesNotExistException.class,
                    () -> client.getCommit(r -> r.repositoryName("billing").commitId(commit)));
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("as CodeCommit repository payments-api; Ctrl-C stops"));

        command.interrupt();
        assertEquals(Kft.OK, exit.get(10, TimeUnit.SECONDS));
        assertTrue(stopsServing(endpoint, commit), "the repository is no longer served once the command ends");
    }

    /**
     * Whether, within a few seconds, the endpoint stops answering for the repository. Not "the port is
     * closed": other tests run alongside and may be given the freed port for a server of their own.
     */
    private static boolean stopsServing(URI endpoint, String commit) throws InterruptedException {
        for (int tries = 0; tries < 50; tries++) {
            try (CodeCommitClient client = CodeCommitClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                    .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)
                            .apiCallTimeout(java.time.Duration.ofSeconds(2)))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
                client.getCommit(r -> r.repositoryName("payments-api").commitId(commit));
            } catch (RuntimeException notServed) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void aPortInUseFailsTheCommand(@TempDir Path dir) throws IOException {
        GitRepository git = GitRepository.init(dir.resolve("payments-api"));
        try (LocalCodeCommit taken = LocalCodeCommit.serve(Map.of(), 0, 1)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = new Kft(Path.of("."), name -> null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run(List.of("codecommit", "--repo", git.directory().toString(), "--port", Integer.toString(taken.endpoint().getPort())));
            assertEquals(Kft.FAILED, exit);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot serve CodeCommit on 127.0.0.1:" + taken.endpoint().getPort()),
                    err.toString(StandardCharsets.UTF_8));
        }
    }
}
