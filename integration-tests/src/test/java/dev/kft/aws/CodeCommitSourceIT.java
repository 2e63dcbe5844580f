package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kft.source.CommitInfo;
import dev.kft.source.Commits;
import dev.kft.testing.CodeCommitDouble;
import dev.kft.testing.GitRepository;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.CommitIdDoesNotExistException;

/** The adapter against the CodeCommit double (moto has no CodeCommit commit reads or comments). */
@ResourceLock(CodeCommitDouble.ENDPOINT_PROPERTY)
class CodeCommitSourceIT {
    @Test
    void describesACommitAndCommentsAgainstItsFirstParentOrAsARootCommit(@TempDir Path directory) {
        GitRepository git = GitRepository.init(directory);
        String root = git.commit("Initial commit", "Grace Hopper", "grace@example.com");
        String commit = git.commit("  Retry card payments on timeouts  \n\nBody text.", "Ada Lovelace", "ada@example.com");
        try (CodeCommitDouble codeCommit = CodeCommitDouble.start(Map.of("payments-api", git))) {
            Commits commits = new CodeCommitSource(new AwsClients(Region.US_EAST_1).build(CodeCommitClient.builder()));

            CommitInfo info = commits.describe("payments-api", commit);
            assertEquals(new CommitInfo("Ada Lovelace", "ada@example.com", "Retry card payments on timeouts", root), info);
            assertNull(commits.describe("payments-api", root).firstParent());

            String id = commits.comment("payments-api", commit, info.firstParent(), "built", "token-1");
            commits.comment("payments-api", root, null, "built too", "token-2");
            assertEquals(id, codeCommit.comments().get(0).commentId());
            assertEquals(root, codeCommit.comments().get(0).beforeCommitId());
            assertNull(codeCommit.comments().get(1).beforeCommitId());
            assertThrows(CommitIdDoesNotExistException.class, () -> commits.describe("payments-api", "f".repeat(40)));
        }
    }
}
