package dev.kft.push;

import dev.kft.core.BuildId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to record and launch one build, decided from a push and the settings alone.
 *
 * @param destinations tags kaniko pushes (only the commit tag when the scan gate promotes)
 * @param kanikoArgs   the kaniko executor's complete argument list
 * @param taskTags     ECS task tags (build id, repository, commit) for people browsing the console
 */
public record BuildPlan(
        BuildId buildId,
        int attempt,
        RefChange change,
        String imageRepository,
        ImageTags tags,
        List<String> destinations,
        List<String> kanikoArgs,
        Capacity capacity,
        Map<String, String> taskTags,
        Instant queuedAt) {

    /** Where the task runs: Fargate Spot is cheaper and can be interrupted; on-demand Fargate is not. */
    public enum Capacity { FARGATE, FARGATE_SPOT }

    public String startedBy() {
        return buildId.startedBy(attempt);
    }
}
