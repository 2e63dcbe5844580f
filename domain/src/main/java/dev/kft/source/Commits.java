package dev.kft.source;

/** The source repository's commits: what a commit is, and comments on it. */
public interface Commits {

    /** Author, subject line and first parent of a commit. */
    CommitInfo describe(String repository, String commitId);

    /**
     * Posts a general comment on {@code commitId}, compared with {@code parentCommitId} (null for a
     * root commit). {@code requestToken} makes a repeated call post nothing new. Returns the comment id.
     */
    String comment(String repository, String commitId, String parentCommitId, String content, String requestToken);
}
