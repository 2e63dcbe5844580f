package dev.kft.gate;

import java.util.List;

/**
 * The build an image came from, as the build ledger recorded it. Author fields are written by the
 * task-state side and may be absent (null).
 *
 * @param buildId     the build's id
 * @param repository  CodeCommit repository
 * @param refFullName the reference that started the build ({@code refs/heads/main})
 * @param commitId    full commit id
 * @param commitTag   the image's immutable commit tag
 * @param deployTags  tags the image gets once it scans clean (branch, {@code latest}, git tags)
 * @param authorName  commit author, when known
 * @param authorEmail commit author's email, when known
 */
public record BuildInfo(String buildId, String repository, String refFullName, String commitId, String commitTag,
                        List<String> deployTags, String authorName, String authorEmail) {
    public BuildInfo {
        deployTags = deployTags.stream().sorted().toList();
    }
}
