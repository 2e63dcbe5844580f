package dev.kft.testing;

import dev.kft.source.CommitInfo;
import dev.kft.source.Commits;
import dev.kft.source.RepositoryFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A source repository in memory: one commit's message and files, what a push changed, the comments posted, every call counted. */
public final class InMemorySource implements Commits, RepositoryFiles {
    public String message = "Retry card payments on timeouts";
    public String parent = "9e1b7d3f5a2c8e0b4d6f1a3c5e7b9d0f2a4c6e8b";
    public final Map<String, String> files = new HashMap<>();
    public List<String> changedPaths = List.of();
    public final List<String> calls = new ArrayList<>();
    public final List<String> comments = new ArrayList<>();
    public final List<String> commentTokens = new ArrayList<>();
    /** When set, GetCommit fails with it (a throttled or unreachable CodeCommit). */
    public RuntimeException commitFailure;

    @Override
    public CommitInfo describe(String repository, String commitId) {
        calls.add("GetCommit");
        if (commitFailure != null) {
            throw commitFailure;
        }
        return new CommitInfo("Ada Lovelace", "ada@example.com", CommitInfo.firstLine(message), parent, message);
    }

    @Override
    public String comment(String repository, String commitId, String parentCommitId, String content, String requestToken) {
        calls.add("PostCommentForComparedCommit");
        if (!commentTokens.contains(requestToken)) {
            commentTokens.add(requestToken);
            comments.add(content);
        }
        return "comment-" + comments.size();
    }

    @Override
    public Optional<String> file(String repository, String commitId, String path) {
        calls.add("GetFile " + path);
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public List<String> changedPaths(String repository, String beforeCommitId, String afterCommitId) {
        calls.add("GetDifferences");
        return changedPaths;
    }
}
