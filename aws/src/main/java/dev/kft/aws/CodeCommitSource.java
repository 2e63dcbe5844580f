package dev.kft.aws;

import dev.kft.source.CommitInfo;
import dev.kft.source.Commits;
import dev.kft.source.RepositoryFiles;
import dev.kft.source.SourceNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.Commit;
import software.amazon.awssdk.services.codecommit.model.CommitDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.CommitIdDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.Difference;
import software.amazon.awssdk.services.codecommit.model.FileDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.GetDifferencesResponse;
import software.amazon.awssdk.services.codecommit.model.UserInfo;

/**
 * A CodeCommit repository: GetCommit for author, message and parents; GetFile for a file at exactly
 * a commit; GetDifferences (every page) for the paths a push changed; PostCommentForComparedCommit
 * for build feedback.
 */
public final class CodeCommitSource implements Commits, RepositoryFiles {
    private final CodeCommitClient codeCommit;

    public CodeCommitSource(CodeCommitClient codeCommit) {
        this.codeCommit = codeCommit;
    }

    @Override
    public CommitInfo describe(String repository, String commitId) {
        Commit commit;
        try {
            commit = codeCommit.getCommit(r -> r.repositoryName(repository).commitId(commitId)).commit();
        } catch (CommitIdDoesNotExistException | CommitDoesNotExistException | RepositoryDoesNotExistException missing) {
            throw new SourceNotFoundException("commit " + commitId + " of CodeCommit repository " + repository
                    + " does not exist (" + missing.awsErrorDetails().errorCode() + ")", missing);
        }
        UserInfo author = commit.author();
        return new CommitInfo(
                author == null || author.name() == null ? "" : author.name(),
                author == null || author.email() == null ? "" : author.email(),
                CommitInfo.firstLine(commit.message()),
                commit.parents().isEmpty() ? null : commit.parents().get(0),
                commit.message());
    }

    /**
     * A general comment (no file location). Without {@code parentCommitId} the comment is on a root
     * commit, the one case the API accepts no {@code beforeCommitId}.
     */
    @Override
    public String comment(String repository, String commitId, String parentCommitId, String content, String requestToken) {
        return codeCommit.postCommentForComparedCommit(r -> r
                        .repositoryName(repository)
                        .beforeCommitId(parentCommitId)
                        .afterCommitId(commitId)
                        .content(content)
                        .clientRequestToken(requestToken))
                .comment().commentId();
    }

    @Override
    public Optional<String> file(String repository, String commitId, String path) {
        try {
            return Optional.of(codeCommit.getFile(r -> r.repositoryName(repository).commitSpecifier(commitId).filePath(path))
                    .fileContent().asString(StandardCharsets.UTF_8));
        } catch (FileDoesNotExistException absent) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> changedPaths(String repository, String beforeCommitId, String afterCommitId) {
        Set<String> paths = new LinkedHashSet<>();
        String next = null;
        do {
            String token = next;
            GetDifferencesResponse page = codeCommit.getDifferences(r -> r.repositoryName(repository)
                    .beforeCommitSpecifier(beforeCommitId).afterCommitSpecifier(afterCommitId).nextToken(token));
            for (Difference difference : page.differences()) {
                // A rename changes both paths: an image watching either side must build.
                if (difference.beforeBlob() != null && difference.beforeBlob().path() != null) {
                    paths.add(difference.beforeBlob().path());
                }
                if (difference.afterBlob() != null && difference.afterBlob().path() != null) {
                    paths.add(difference.afterBlob().path());
                }
            }
            next = page.nextToken();
        } while (next != null && !next.isEmpty());
        return new ArrayList<>(paths);
    }
}
