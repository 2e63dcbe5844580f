package dev.kft.result;

import dev.kft.source.CommitInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildEventDetailTest {
    private static final BuildTimings TIMINGS = new BuildTimings(612L, 25_692L, 153_807L, 192_530L);
    private static final CommitInfo COMMIT = new CommitInfo("Ada Lovelace", "ada@example.com", "Retry card payments", "9e1b7d3f");

    @Test
    void aSuccessCarriesTheDocumentedFields() {
        BuildRecord build = SampleBuilds.finished(SampleBuilds.queued(), BuildStatus.SUCCEEDED, new BuildResult(0,
                "EssentialContainerExited", "Essential container in task exited", null, TIMINGS, "sha256:abc", null, "https://log",
                Instant.parse("2026-11-20T09:17:18.330Z")), COMMIT);

        assertEquals(BuildEventDetail.SUCCEEDED, BuildEventDetail.detailType(build));
        Map<String, Object> detail = BuildEventDetail.of(build);
        assertEquals(List.of("buildId", "attempt", "status", "repository", "ref", "branch", "commitId", "author", "commitMessage",
                "imageRepository", "platform", "tags", "images", "imageDigest", "exitCode", "stopCode", "durations", "logUrl", "finishedAt",
                "taskArn"), List.copyOf(detail.keySet()));
        assertEquals("SUCCEEDED", detail.get("status"));
        assertEquals("main", detail.get("branch"));
        assertEquals(Map.of("commit", "4f2a9c1e7b3d", "deploy", List.of("branch-main", "latest")), detail.get("tags"));
        assertEquals(Map.of("queuedMillis", 612L, "provisioningMillis", 25_692L, "buildingMillis", 153_807L, "totalMillis", 192_530L),
                detail.get("durations"));
        assertEquals(List.of(build.taskArn()), BuildEventDetail.resources(build));
    }

    @Test
    void everyOtherFinalStatusIsAFailureWithItsReason() {
        for (BuildStatus status : List.of(BuildStatus.FAILED, BuildStatus.FAILED_TO_START, BuildStatus.CANCELLED)) {
            BuildRecord build = SampleBuilds.finished(SampleBuilds.queued(), status, new BuildResult(null, "UserInitiated",
                    "Task stopped by user", "Task stopped by user", TIMINGS, null, null, "https://log", Instant.now()), null);
            assertEquals(BuildEventDetail.FAILED, BuildEventDetail.detailType(build));
            Map<String, Object> detail = BuildEventDetail.of(build);
            assertEquals(status.name(), detail.get("status"));
            assertEquals("Task stopped by user", detail.get("reason"));
            assertFalse(detail.containsKey("exitCode"));
            assertFalse(detail.containsKey("imageDigest"));
        }
    }
}
