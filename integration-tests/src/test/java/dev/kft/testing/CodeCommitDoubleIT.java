package dev.kft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.AwsClients;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BeforeCommitIdAndAfterCommitIdAreSameException;
import software.amazon.awssdk.services.codecommit.model.CodeCommitException;
import software.amazon.awssdk.services.codecommit.model.CommentContentSizeLimitExceededException;
import software.amazon.awssdk.services.codecommit.model.Commit;
import software.amazon.awssdk.services.codecommit.model.CommitDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.CommitIdDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.CommitIdRequiredException;
import software.amazon.awssdk.services.codecommit.model.IdempotencyParameterMismatchException;
import software.amazon.awssdk.services.codecommit.model.InvalidCommitIdException;
import software.amazon.awssdk.services.codecommit.model.PostCommentForComparedCommitResponse;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;

/** The double speaks CodeCommit's protocol well enough for the real SDK client, and tells the truth about the git repository. */
@ResourceLock(CodeCommitDouble.ENDPOINT_PROPERTY)
class CodeCommitDoubleIT {
    private GitRepository git;
    private CodeCommitDouble codeCommit;
    private CodeCommitClient client;
    private String root;
    private String commit;

    @BeforeEach
    void setUp(@TempDir Path directory) {
        git = GitRepository.init(directory.resolve("payments-api"));
        root = git.commit("Initial commit", "Grace Hopper", "grace@example.com");
        commit = git.commit("Retry card payments on timeouts\n\nThe gateway drops one request in a thousand.", "Ada Lovelace",
                "ada@example.com");
        codeCommit = CodeCommitDouble.start(Map.of("payments-api", git));
        client = new AwsClients(Region.US_EAST_1).build(CodeCommitClient.builder());
    }

    @AfterEach
    void tearDown() {
        client.close();
        codeCommit.close();
    }

    @Test
    void getCommitReadsTheGitRepository() {
        Commit got = client.getCommit(r -> r.repositoryName("payments-api").commitId(commit)).commit();
        assertEquals(commit, got.commitId());
        assertEquals(List.of(root), got.parents());
        assertEquals("Retry card payments on timeouts\n\nThe gateway drops one request in a thousand.\n", got.message());
        assertEquals("Ada Lovelace", got.author().name());
        assertEquals("ada@example.com", got.author().email());
        assertTrue(got.author().date().matches("\\d+ [+-]\\d{4}"), got.author().date());
        assertEquals(List.of(), client.getCommit(r -> r.repositoryName("payments-api").commitId(root)).commit().parents());
    }

    @Test
    void unknownIdsAreAwsShapedErrors() {
        String missing = "0".repeat(40);
        CommitIdDoesNotExistException notThere = assertThrows(CommitIdDoesNotExistException.class,
                () -> client.getCommit(r -> r.repositoryName("payments-api").commitId(missing)));
        assertEquals(400, notThere.statusCode());
        assertEquals("CommitIdDoesNotExistException", notThere.awsErrorDetails().errorCode());
        assertTrue(notThere.awsErrorDetails().errorMessage().contains(missing));
        assertThrows(InvalidCommitIdException.class, () -> client.getCommit(r -> r.repositoryName("payments-api").commitId("main")));
        assertThrows(RepositoryDoesNotExistException.class, () -> client.getCommit(r -> r.repositoryName("billing").commitId(commit)));
    }

    @Test
    void aCommentIsKeptAndItsTokenMakesARepeatPostNothingNew() {
        PostCommentForComparedCommitResponse first = client.postCommentForComparedCommit(r -> r.repositoryName("payments-api")
                .beforeCommitId(root).afterCommitId(commit).content("built").clientRequestToken("build-1"));
        PostCommentForComparedCommitResponse again = client.postCommentForComparedCommit(r -> r.repositoryName("payments-api")
                .beforeCommitId(root).afterCommitId(commit).content("built").clientRequestToken("build-1"));

        assertEquals(first.comment().commentId(), again.comment().commentId());
        assertEquals(1, codeCommit.comments().size());
        CodeCommitDouble.PostedComment posted = codeCommit.comments().get(0);
        assertEquals(new CodeCommitDouble.PostedComment(first.comment().commentId(), "payments-api", root, commit, "built", "build-1"),
                posted);
        assertThrows(IdempotencyParameterMismatchException.class, () -> client.postCommentForComparedCommit(r -> r
                .repositoryName("payments-api").beforeCommitId(root).afterCommitId(commit).content("other").clientRequestToken("build-1")));
    }

    @Test
    void onlyARootCommitTakesACommentWithoutBeforeCommitId() {
        client.postCommentForComparedCommit(r -> r.repositoryName("payments-api").afterCommitId(root).content("first"));
        assertNull(codeCommit.comments().get(0).beforeCommitId());
        assertThrows(CommitIdRequiredException.class,
                () -> client.postCommentForComparedCommit(r -> r.repositoryName("payments-api").afterCommitId(commit).content("x")));
        assertThrows(BeforeCommitIdAndAfterCommitIdAreSameException.class, () -> client.postCommentForComparedCommit(r -> r
                .repositoryName("payments-api").beforeCommitId(commit).afterCommitId(commit).content("x")));
        assertThrows(CommitDoesNotExistException.class, () -> client.postCommentForComparedCommit(r -> r
                .repositoryName("payments-api").beforeCommitId(root).afterCommitId("1".repeat(40)).content("x")));
        assertThrows(CommentContentSizeLimitExceededException.class, () -> client.postCommentForComparedCommit(r -> r
                .repositoryName("payments-api").beforeCommitId(root).afterCommitId(commit).content("x".repeat(10_241))));
        assertEquals(1, codeCommit.comments().size());
    }

    @Test
    void aTestCanMakeAnOperationFail() {
        codeCommit.failing("PostCommentForComparedCommit", "EncryptionKeyUnavailableException");
        CodeCommitException error = assertThrows(CodeCommitException.class, () -> client.postCommentForComparedCommit(r -> r
                .repositoryName("payments-api").beforeCommitId(root).afterCommitId(commit).content("x")));
        assertEquals("EncryptionKeyUnavailableException", error.awsErrorDetails().errorCode());
        assertEquals(List.of("PostCommentForComparedCommit"), codeCommit.calls());
    }
}
