package dev.kft.aws;

import dev.kft.result.CommitInfo;
import dev.kft.result.Commits;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.Commit;
import software.amazon.awssdk.services.codecommit.model.UserInfo;

/** Commits in CodeCommit: GetCommit for author, message and parents; PostCommentForComparedCommit for build feedback. */
public final class CodeCommitCommits implements Commits {
    private final CodeCommitClient codeCommit;

    public CodeCommitCommits(CodeCommitClient codeCommit) {
        this.codeCommit = codeCommit;
    }

    @Override
    public CommitInfo describe(String repository, String commitId) {
        Commit commit = codeCommit.getCommit(r -> r.repositoryName(repository).commitId(commitId)).commit();
        UserInfo author = commit.author();
        return new CommitInfo(
                author == null || author.name() == null ? "" : author.name(),
                author == null || author.email() == null ? "" : author.email(),
                CommitInfo.firstLine(commit.message()),
                commit.parents().isEmpty() ? null : commit.parents().get(0));
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
}
