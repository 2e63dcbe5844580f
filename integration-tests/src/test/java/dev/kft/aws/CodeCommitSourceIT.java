package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.local.GitRepository;
import dev.kft.local.LocalCodeCommit;
import dev.kft.source.CommitInfo;
import dev.kft.source.Commits;
import dev.kft.source.RepositoryFiles;
import dev.kft.source.SourceNotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/** The adapter against the CodeCommit double (moto has no CodeCommit commit reads or comments). */
@ResourceLock(LocalCodeCommit.ENDPOINT_PROPERTY)
class CodeCommitSourceIT {
    static {
        // The SDK's default credential chain reads these; the local CodeCommit accepts any signature.
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "testing"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "testing"));
    }

    @Test
    void describesACommitAndCommentsAgainstItsFirstParentOrAsARootCommit(@TempDir Path directory) {
        GitRepository git = GitRepository.init(directory);
        String root = git.commit("Initial commit", "Grace Hopper", "grace@example.com");
        String commit = git.commit("  Retry card payments on timeouts  \n\nBody text.", "Ada Lovelace", "ada@example.com");
        try (LocalCodeCommit codeCommit = LocalCodeCommit.start(Map.of("payments-api", git))) {
            Commits commits = new CodeCommitSource(new AwsClients(Region.US_EAST_1).build(CodeCommitClient.builder()));

            CommitInfo info = commits.describe("payments-api", commit);
            assertEquals(new CommitInfo("Ada Lovelace", "ada@example.com", "Retry card payments on timeouts", root),
                    new CommitInfo(info.authorName(), info.authorEmail(), info.messageFirstLine(), info.firstParent()));
            assertTrue(info.message().contains("Body text."), info.message());
            assertNull(commits.describe("payments-api", root).firstParent());

            String id = commits.comment("payments-api", commit, info.firstParent(), "built", "token-1");
            commits.comment("payments-api", root, null, "built too", "token-2");
            assertEquals(id, codeCommit.comments().get(0).commentId());
            assertEquals(root, codeCommit.comments().get(0).beforeCommitId());
            assertNull(codeCommit.comments().get(1).beforeCommitId());
            // What no retry can fix is told apart from a fault: the push is answered, not failed into a dead-letter queue.
            SourceNotFoundException unknownCommit = assertThrows(SourceNotFoundException.class,
                    () -> commits.describe("payments-api", "f".repeat(40)));
            assertEquals("commit " + "f".repeat(40) + " of CodeCommit repository payments-api does not exist (CommitIdDoesNotExistException)",
                    unknownCommit.getMessage());
            assertThrows(SourceNotFoundException.class, () -> commits.describe("billing", commit));
        }
    }

    @Test
    void readsAFileAtACommitAndEveryChangedPathAcrossPages(@TempDir Path directory) {
        GitRepository git = GitRepository.init(directory);
        String before = git.commit("Services", Map.of("services/api/main.go", "v1\n", "services/worker/job.go", "v1\n"));
        git.remove("services/worker/job.go");
        String after = git.commit("Move the worker", Map.of("services/api/main.go", "v2\n", "services/jobs/job.go", "v1\n",
                ".kft.yaml", "version: 1\n"));
        // One difference per page: the adapter must follow NextToken to see them all.
        try (LocalCodeCommit codeCommit = LocalCodeCommit.serve(Map.of("payments-api", git), 0, 1).takeOverSdkEndpoint()) {
            RepositoryFiles files = new CodeCommitSource(new AwsClients(Region.US_EAST_1).build(CodeCommitClient.builder()));

            assertEquals(Optional.of("version: 1\n"), files.file("payments-api", after, ".kft.yaml"));
            assertEquals(Optional.empty(), files.file("payments-api", before, ".kft.yaml"));
            assertEquals(List.of(".kft.yaml", "services/api/main.go", "services/jobs/job.go", "services/worker/job.go"),
                    files.changedPaths("payments-api", before, after).stream().sorted().toList());
            assertEquals(4, codeCommit.calls().stream().filter("GetDifferences"::equals).count());
        }
    }
}
