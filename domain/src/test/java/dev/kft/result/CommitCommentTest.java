package dev.kft.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitCommentTest {
    private static final String LOG = "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/g/log-events/s";
    private static final BuildTimings TIMINGS = new BuildTimings(612L, 25_692L, 153_807L, 192_530L);

    private static BuildRecord finished(BuildStatus status, BuildResult result) {
        return SampleBuilds.finished(SampleBuilds.queued(), status, result, null);
    }

    @Test
    void aSuccessNamesTheImageItsDigestTagsTimingsAndLog() {
        String comment = CommitComment.of(finished(BuildStatus.SUCCEEDED, new BuildResult(0, "EssentialContainerExited",
                "Essential container in task exited", null, TIMINGS, "sha256:abc123", null, LOG, Instant.parse("2026-11-20T09:17:18Z"))));

        assertTrue(comment.startsWith("**Image build succeeded** for `4f2a9c1e7b3d` on refs/heads/main"), comment);
        assertTrue(comment.contains("- Image: `" + SampleBuilds.REGISTRY + "/kft/payments-api:4f2a9c1e7b3d`"), comment);
        assertTrue(comment.contains("- Digest: `sha256:abc123`"), comment);
        assertTrue(comment.contains("- Tags: `4f2a9c1e7b3d`; once the image scans clean: `branch-main`, `latest`"), comment);
        assertTrue(comment.contains("- Time: queued 0s, provisioning 25s, building 2m 33s"), comment);
        assertTrue(comment.contains("- Build log: " + LOG), comment);
        assertFalse(comment.contains("Reason"), comment);
    }

    @Test
    void aFailureGivesTheReasonAndExitCode() {
        String comment = CommitComment.of(finished(BuildStatus.FAILED, new BuildResult(1, "EssentialContainerExited",
                "Essential container in task exited", "kaniko exited with code 1", TIMINGS, null, null, LOG, Instant.now())));
        assertTrue(comment.startsWith("**Image build failed** (kaniko exit code 1)"), comment);
        assertTrue(comment.contains("- Reason: kaniko exited with code 1"), comment);
        assertTrue(comment.contains("- Build log: " + LOG), comment);
        assertFalse(comment.contains("Digest"), comment);
    }

    @Test
    void aMissingImageIsSaid() {
        String comment = CommitComment.of(finished(BuildStatus.SUCCEEDED, new BuildResult(0, null, null, null, TIMINGS, null,
                "no image tagged 4f2a9c1e7b3d in kft/payments-api", LOG, Instant.now())));
        assertTrue(comment.contains("- Digest: unknown (no image tagged 4f2a9c1e7b3d in kft/payments-api)"), comment);
    }

    @Test
    void theCommentStaysWithinCodeCommitsLimit() {
        BuildRecord queued = SampleBuilds.queued();
        List<String> manyTags = Collections.nCopies(2_000, "branch-a-very-long-branch-name");
        BuildRecord huge = queued.toBuilder().deployTags(manyTags).status(BuildStatus.FAILED).taskVersion(6L)
                .result(new BuildResult(1, null, null, "x".repeat(1024), TIMINGS, null, null, LOG, Instant.now())).build();
        String comment = CommitComment.of(huge);
        assertEquals(CommitComment.MAX_CHARACTERS, comment.length());
        assertTrue(comment.endsWith("…"));
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("38s", CommitComment.human(38_400));
        assertEquals("2m 41s", CommitComment.human(161_000));
    }
}
