package dev.kft.push;

import dev.kft.core.BuildId;
import dev.kft.core.Platform;
import dev.kft.launch.TaskLaunch;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to record and launch one build, decided from a push and the settings alone.
 *
 * @param imageName      the image's name in {@code .kft.yaml}; null for a repository without one (its one image)
 * @param destinations   tags kaniko pushes (only the commit tag when the scan gate promotes)
 * @param kanikoArgs     the kaniko executor's complete argument list
 * @param platform       the CPU architecture the image is built for
 * @param taskTags       ECS task tags (build id, repository, commit) for people browsing the console
 * @param policyFindings the Dockerfile policy's findings under WARN (the build runs; they are reported)
 */
public record BuildPlan(
        BuildId buildId,
        int attempt,
        RefChange change,
        String imageName,
        String imageRepository,
        ImageTags tags,
        List<String> destinations,
        List<String> kanikoArgs,
        TaskLaunch.Capacity capacity,
        Platform platform,
        Map<String, String> taskTags,
        List<String> policyFindings,
        Instant queuedAt) {

    public BuildPlan {
        policyFindings = policyFindings == null ? List.of() : List.copyOf(policyFindings);
    }

    /** The same plan, with the Dockerfile policy's warnings to record and report. */
    public BuildPlan withPolicyFindings(List<String> findings) {
        return new BuildPlan(buildId, attempt, change, imageName, imageRepository, tags, destinations, kanikoArgs, capacity,
                platform, taskTags, findings, queuedAt);
    }

    /** The same plan as another attempt: the rebuild of an image that is gone. */
    public BuildPlan withAttempt(int nextAttempt) {
        return new BuildPlan(buildId, nextAttempt, change, imageName, imageRepository, tags, destinations, kanikoArgs, capacity,
                platform, taskTags, policyFindings, queuedAt);
    }

    /** The task that runs this build. */
    public TaskLaunch taskLaunch() {
        return new TaskLaunch(buildId, attempt, kanikoArgs, capacity, platform, taskTags);
    }

    public String startedBy() {
        return taskLaunch().startedBy();
    }
}
