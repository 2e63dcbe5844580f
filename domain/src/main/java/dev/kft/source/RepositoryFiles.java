package dev.kft.source;

import java.util.List;
import java.util.Optional;

/** The files of a source repository at a commit, and what changed between two commits. */
public interface RepositoryFiles {

    /** The file's text at exactly {@code commitId}; empty when the commit has no such file. */
    Optional<String> file(String repository, String commitId, String path);

    /**
     * Every path that differs between the two commits (added, modified, deleted, and both sides of a
     * rename), across every page of the answer.
     */
    List<String> changedPaths(String repository, String beforeCommitId, String afterCommitId);
}
