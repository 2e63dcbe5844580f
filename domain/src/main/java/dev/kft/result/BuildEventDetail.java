package dev.kft.result;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "Image Build Succeeded" / "Image Build Failed" events published on the stack's bus (schema in
 * the README, "Build results"). Fields that do not apply are left out rather than set to null.
 */
public final class BuildEventDetail {
    public static final String SUCCEEDED = "Image Build Succeeded";
    public static final String FAILED = "Image Build Failed";

    private BuildEventDetail() {}

    public static String detailType(BuildRecord build) {
        return build.status() == BuildStatus.SUCCEEDED ? SUCCEEDED : FAILED;
    }

    public static Map<String, Object> of(BuildRecord build) {
        BuildResult result = build.result();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("buildId", build.buildId().value());
        detail.put("attempt", build.attempt());
        detail.put("status", build.status().name());
        detail.put("repository", build.repository());
        detail.put("ref", build.refFullName());
        if (build.refType() != null) {
            detail.put(build.refType().name().toLowerCase(java.util.Locale.ROOT), build.refName());
        }
        detail.put("commitId", build.commitId());
        if (build.commit() != null) {
            detail.put("author", build.commit().authorName());
            detail.put("commitMessage", build.commit().messageFirstLine());
        }
        detail.put("image", build.imageName());
        detail.put("imageRepository", build.imageRepository());
        detail.put("platform", build.platform().text());
        if (!build.policyFindings().isEmpty()) {
            detail.put("policyFindings", build.policyFindings());
        }
        detail.put("tags", Map.of("commit", build.commitTag(), "deploy", build.deployTags()));
        detail.put("images", build.destinations());
        if (result != null) {
            detail.put("imageDigest", result.imageDigest());
            detail.put("imageMissingReason", result.imageMissingReason());
            detail.put("exitCode", result.exitCode());
            detail.put("stopCode", result.stopCode());
            detail.put("reason", result.failureReason());
            detail.put("durations", durations(result.timings()));
            detail.put("logUrl", result.logUrl());
            detail.put("finishedAt", result.finishedAt() == null ? null : result.finishedAt().toString());
        }
        detail.put("taskArn", build.taskArn());
        detail.put("interruptedTaskArn", build.interruptedTaskArn());
        detail.values().removeIf(v -> v == null);
        return detail;
    }

    /** The event's resources: the task that produced the result. */
    public static List<String> resources(BuildRecord build) {
        return build.taskArn() == null ? List.of() : List.of(build.taskArn());
    }

    private static Map<String, Object> durations(BuildTimings timings) {
        Map<String, Object> durations = new LinkedHashMap<>();
        if (timings != null) {
            durations.put("queuedMillis", timings.queuedMillis());
            durations.put("provisioningMillis", timings.provisioningMillis());
            durations.put("buildingMillis", timings.buildingMillis());
            durations.put("totalMillis", timings.totalMillis());
            durations.values().removeIf(v -> v == null);
        }
        return durations;
    }
}
