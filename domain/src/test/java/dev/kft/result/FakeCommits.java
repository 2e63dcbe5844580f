package dev.kft.result;

import dev.kft.source.CommitInfo;
import dev.kft.source.Commits;
import java.util.ArrayList;
import java.util.List;

/** CodeCommit in memory: one known commit, the comments posted on it, and a switch to make either call fail. */
final class FakeCommits implements Commits {
    static final CommitInfo COMMIT = new CommitInfo("Ada Lovelace", "ada@example.com", "Retry card payments",
            "9e1b7d3f5a2c8e0b4d6f1a3c5e7b9d0f2a4c6e8b");

    final List<String> described = new ArrayList<>();
    /** The request tokens of the comments posted, in order. */
    final List<String> commentTokens = new ArrayList<>();
    final List<String> comments = new ArrayList<>();
    RuntimeException describeFailure;
    RuntimeException commentFailure;

    @Override
    public CommitInfo describe(String repository, String commitId) {
        described.add(repository + "@" + commitId);
        if (describeFailure != null) {
            throw describeFailure;
        }
        return COMMIT;
    }

    @Override
    public String comment(String repository, String commitId, String parentCommitId, String content, String requestToken) {
        if (commentFailure != null) {
            throw commentFailure;
        }
        commentTokens.add(requestToken);
        comments.add(content);
        return "comment-" + comments.size();
    }
}
