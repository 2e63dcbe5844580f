package dev.kft.result;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The comment posted on a built commit: the result, the image, its tags and digest, the timings and the log link. */
public final class CommitComment {
    /** CodeCommit refuses longer comments (CommentContentSizeLimitExceededException). */
    public static final int MAX_CHARACTERS = 10_240;

    private CommitComment() {}

    public static String of(BuildRecord build) {
        BuildResult result = build.result();
        StringBuilder text = new StringBuilder();
        text.append(headline(build)).append("\n\n");
        if (result != null && result.failureReason() != null) {
            text.append("- Reason: ").append(result.failureReason()).append('\n');
        }
        if (build.status() == BuildStatus.SUCCEEDED) {
            build.destinations().forEach(image -> text.append("- Image: `").append(image).append("`\n"));
            if (result != null && result.imageDigest() != null) {
                text.append("- Digest: `").append(result.imageDigest()).append("`\n");
            } else if (result != null && result.imageMissingReason() != null) {
                text.append("- Digest: unknown (").append(result.imageMissingReason()).append(")\n");
            }
        }
        text.append("- Tags: ").append(tags(build)).append('\n');
        if (build.imageName() != null || build.platform() != dev.kft.core.Platform.LINUX_AMD64) {
            text.append("- Image `").append(build.imageName() == null ? build.imageRepository() : build.imageName())
                    .append("`, ").append(build.platform().text()).append('\n');
        }
        build.policyFindings().forEach(finding -> text.append("- Dockerfile policy warning: ").append(finding).append('\n'));
        if (result != null && result.timings() != null) {
            text.append("- Time: ").append(timings(result.timings())).append('\n');
        }
        if (result != null && result.logUrl() != null) {
            text.append("- Build log: ").append(result.logUrl()).append('\n');
        }
        text.append("- Build `").append(build.buildId().value()).append("`, attempt ").append(build.attempt());
        if (build.interruptedTaskArn() != null) {
            text.append(" (attempt ").append(build.attempt() - 1).append(" lost its Fargate Spot capacity and was run again on demand)");
        }
        text.append('\n');
        return bounded(text.toString());
    }

    private static String headline(BuildRecord build) {
        String what = switch (build.status()) {
            case SUCCEEDED -> "Image build succeeded";
            case CANCELLED -> "Image build cancelled";
            case FAILED_TO_START -> "Image build failed to start";
            default -> "Image build failed";
        };
        Integer exitCode = build.result() == null ? null : build.result().exitCode();
        String exit = build.status() == BuildStatus.FAILED && exitCode != null ? " (kaniko exit code " + exitCode + ")" : "";
        return "**" + what + "**" + exit + " for `" + build.commitTag() + "` on " + build.refFullName();
    }

    /** The commit tag and deploy tags, saying which ones the scan gate adds later. */
    private static String tags(BuildRecord build) {
        List<String> parts = new ArrayList<>();
        parts.add("`" + build.commitTag() + "`");
        List<String> later = new ArrayList<>();
        for (String tag : build.deployTags()) {
            boolean pushed = build.destinations().stream().anyMatch(d -> d.endsWith(":" + tag));
            (pushed ? parts : later).add("`" + tag + "`");
        }
        String text = String.join(", ", parts);
        return later.isEmpty() ? text : text + "; once the image scans clean: " + String.join(", ", later);
    }

    private static String timings(BuildTimings timings) {
        List<String> parts = new ArrayList<>();
        if (timings.queuedMillis() != null) {
            parts.add("queued " + human(timings.queuedMillis()));
        }
        if (timings.provisioningMillis() != null) {
            parts.add("provisioning " + human(timings.provisioningMillis()));
        }
        if (timings.buildingMillis() != null) {
            parts.add("building " + human(timings.buildingMillis()));
        }
        return String.join(", ", parts);
    }

    /** 2m 41s, 38s. */
    static String human(long millis) {
        Duration d = Duration.ofMillis(millis);
        long minutes = d.toMinutes();
        long seconds = d.toSecondsPart();
        return minutes == 0 ? seconds + "s" : minutes + "m " + seconds + "s";
    }

    private static String bounded(String text) {
        return text.length() <= MAX_CHARACTERS ? text : text.substring(0, MAX_CHARACTERS - 1) + "…";
    }
}
