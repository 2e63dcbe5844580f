package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.AwsClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BeforeCommitIdAndAfterCommitIdAreSameException;
import software.amazon.awssdk.services.codecommit.model.ChangeTypeEnum;
import software.amazon.awssdk.services.codecommit.model.Difference;
import software.amazon.awssdk.services.codecommit.model.FileDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.FileModeTypeEnum;
import software.amazon.awssdk.services.codecommit.model.GetDifferencesResponse;
import software.amazon.awssdk.services.codecommit.model.GetFileResponse;
import software.amazon.awssdk.services.codecommit.model.InvalidContinuationTokenException;
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

/** The local CodeCommit speaks CodeCommit's protocol well enough for the real SDK client, and tells the truth about the git repository. */
@ResourceLock(LocalCodeCommit.ENDPOINT_PROPERTY)
class LocalCodeCommitIT {
    static {
        // The SDK's default credential chain reads these; the local CodeCommit accepts any signature.
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "testing"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "testing"));
    }

    private GitRepository git;
    private LocalCodeCommit codeCommit;
    private CodeCommitClient client;
    private String root;
    private String commit;

    @BeforeEach
    void setUp(@TempDir Path directory) {
        git = GitRepository.init(directory.resolve("payments-api"));
        root = git.commit("Initial commit", "Grace Hopper", "grace@example.com");
        commit = git.commit("Retry card payments on timeouts\n\nThe gateway drops one request in a thousand.", "Ada Lovelace",
                "ada@example.com");
        // Pages of two differences, so a small commit already takes several pages.
        codeCommit = LocalCodeCommit.serve(Map.of("payments-api", git), 0, 2).takeOverSdkEndpoint();
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
        LocalCodeCommit.PostedComment posted = codeCommit.comments().get(0);
        assertEquals(new LocalCodeCommit.PostedComment(first.comment().commentId(), "payments-api", root, commit, "built", "build-1"),
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

    @Test
    void getFileReadsAFileAtACommitOrABranch() {
        String withFiles = git.commit("Add the service", Map.of("services/api/Dockerfile", "FROM scratch\n", ".kft.yaml", "version: 1\n"));
        GetFileResponse file = client.getFile(r -> r.repositoryName("payments-api").commitSpecifier(withFiles)
                .filePath("services/api/Dockerfile"));

        assertEquals("FROM scratch\n", file.fileContent().asUtf8String());
        assertEquals(withFiles, file.commitId());
        assertEquals("services/api/Dockerfile", file.filePath());
        assertEquals(FileModeTypeEnum.NORMAL, file.fileMode());
        assertEquals(13L, file.fileSize());
        assertTrue(file.blobId().matches("[0-9a-f]{40}"), file.blobId());
        assertEquals(withFiles, client.getFile(r -> r.repositoryName("payments-api").commitSpecifier("main").filePath("/.kft.yaml")).commitId());
        assertThrows(FileDoesNotExistException.class,
                () -> client.getFile(r -> r.repositoryName("payments-api").commitSpecifier(commit).filePath(".kft.yaml")));
        assertThrows(CommitDoesNotExistException.class,
                () -> client.getFile(r -> r.repositoryName("payments-api").commitSpecifier("0".repeat(40)).filePath(".kft.yaml")));
    }

    @Test
    void getFileGivesEachFilesModeRefusesDirectoriesAndSeesANewCommitAtOnce() throws Exception {
        Path work = git.directory();
        git.write(Map.of("bin/build.sh", "#!/bin/sh\n", "services/api/Dockerfile", "FROM scratch\n"));
        Files.setPosixFilePermissions(work.resolve("bin/build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(work.resolve("Dockerfile"), Path.of("services/api/Dockerfile"));
        String withModes = git.commit("Scripts and a link", Map.of());

        assertEquals(FileModeTypeEnum.EXECUTABLE, file(withModes, "bin/build.sh").fileMode());
        GetFileResponse link = file(withModes, "Dockerfile");
        assertEquals(FileModeTypeEnum.SYMLINK, link.fileMode());
        assertEquals("services/api/Dockerfile", link.fileContent().asUtf8String(), "a symlink's content is its target, as in git");
        assertEquals(FileModeTypeEnum.NORMAL, file(withModes, "services/api/Dockerfile").fileMode());
        for (String notAFile : List.of("services", "services/", "services/api/", "services//api/Dockerfile", "bin/build.sh/x")) {
            assertThrows(FileDoesNotExistException.class, () -> file(withModes, notAFile), notAFile);
        }

        // The same repository read again through a branch name, after a commit made while it is served.
        assertEquals("FROM scratch\n", file("main", "services/api/Dockerfile").fileContent().asUtf8String());
        String newer = git.commit("Pin the base image", Map.of("services/api/Dockerfile", "FROM alpine:3.20\n"));
        GetFileResponse moved = file("main", "services/api/Dockerfile");
        assertEquals(newer, moved.commitId());
        assertEquals("FROM alpine:3.20\n", moved.fileContent().asUtf8String());
    }

    @Test
    void concurrentReadsEachGetTheirOwnAnswer() {
        String withFiles = git.commit("Two services", Map.of("services/api/Dockerfile", "FROM api\n", "services/worker/Dockerfile", "FROM worker\n"));
        List<String> contents = java.util.stream.IntStream.range(0, 40).parallel()
                .mapToObj(i -> i % 3 == 0
                        ? client.getCommit(r -> r.repositoryName("payments-api").commitId(withFiles)).commit().message()
                        : file(withFiles, i % 3 == 1 ? "services/api/Dockerfile" : "services/worker/Dockerfile").fileContent().asUtf8String())
                .toList();
        for (int i = 0; i < contents.size(); i++) {
            assertEquals(i % 3 == 0 ? "Two services\n" : i % 3 == 1 ? "FROM api\n" : "FROM worker\n", contents.get(i), "read " + i);
        }
    }

    private GetFileResponse file(String specifier, String path) {
        return client.getFile(r -> r.repositoryName("payments-api").commitSpecifier(specifier).filePath(path));
    }

    @Test
    void getDifferencesPagesThroughAddedModifiedAndDeletedFiles() {
        String before = git.commit("Three services", Map.of("services/api/main.go", "package main\n",
                "services/worker/job.go", "package worker\n", "libs/common/retry.go", "package common\n"));
        git.remove("services/worker/job.go");
        String after = git.commit("Change them", Map.of("services/api/main.go", "package main // v2\n",
                "services/billing/Dockerfile", "FROM scratch\n", "docs/README.md", "# docs\n"));

        Map<String, Difference> byPath = new TreeMap<>();
        List<String> tokens = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetDifferencesResponse page = client.getDifferences(r -> r.repositoryName("payments-api")
                    .beforeCommitSpecifier(before).afterCommitSpecifier(after).nextToken(next));
            assertTrue(page.differences().size() <= 2, page.toString());
            page.differences().forEach(d -> byPath.put(d.afterBlob() != null ? d.afterBlob().path() : d.beforeBlob().path(), d));
            token = page.nextToken();
            tokens.add(token);
        } while (token != null);

        assertEquals(List.of("docs/README.md", "services/api/main.go", "services/billing/Dockerfile", "services/worker/job.go"),
                List.copyOf(byPath.keySet()));
        assertEquals(2, tokens.size(), "four differences take two pages of two");
        assertEquals(ChangeTypeEnum.M, byPath.get("services/api/main.go").changeType());
        assertEquals(ChangeTypeEnum.A, byPath.get("docs/README.md").changeType());
        assertNull(byPath.get("docs/README.md").beforeBlob());
        Difference deleted = byPath.get("services/worker/job.go");
        assertEquals(ChangeTypeEnum.D, deleted.changeType());
        assertNull(deleted.afterBlob());
        assertEquals("100644", deleted.beforeBlob().mode());
        // The SDK's paginator follows NextToken the same way.
        assertEquals(4, client.getDifferencesPaginator(r -> r.repositoryName("payments-api")
                .beforeCommitSpecifier(before).afterCommitSpecifier(after)).stream().mapToLong(page -> page.differences().size()).sum());
        assertEquals(1, client.getDifferences(r -> r.repositoryName("payments-api").beforeCommitSpecifier(before)
                .afterCommitSpecifier(after).maxResults(1)).differences().size());
    }

    @Test
    void withoutABeforeCommitEveryFileOfTheAfterCommitIsAddedAndUnknownCommitsAreRefused() {
        List<Difference> all = client.getDifferencesPaginator(r -> r.repositoryName("payments-api").afterCommitSpecifier(commit))
                .stream().flatMap(page -> page.differences().stream()).toList();
        assertEquals(List.of("file-1.txt", "file-2.txt"), all.stream().map(d -> d.afterBlob().path()).sorted().toList());
        assertTrue(all.stream().allMatch(d -> d.changeType() == ChangeTypeEnum.A));
        assertThrows(CommitDoesNotExistException.class, () -> client.getDifferences(r -> r.repositoryName("payments-api")
                .beforeCommitSpecifier("f".repeat(40)).afterCommitSpecifier(commit)));
        assertThrows(InvalidContinuationTokenException.class, () -> client.getDifferences(r -> r.repositoryName("payments-api")
                .afterCommitSpecifier(commit).nextToken("not-a-token")));
    }

    @Test
    void aBranchCanBeCreatedAndItsCommitsAreServed() {
        git.createBranch("feature/login");
        String onBranch = git.commit("Login page", Map.of("web/login.html", "<form></form>\n"));
        git.checkout("main");
        git.commit("Unrelated", Map.of("README.md", "# payments\n"));

        assertEquals(onBranch, client.getFile(r -> r.repositoryName("payments-api").commitSpecifier("feature/login")
                .filePath("web/login.html")).commitId());
        assertEquals(List.of(commit), client.getCommit(r -> r.repositoryName("payments-api").commitId(onBranch)).commit().parents());
        assertEquals(List.of("GetFile", "GetCommit"), codeCommit.calls());
    }
}
