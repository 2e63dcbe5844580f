package dev.kft.push;

import dev.kft.core.BuildId;
import dev.kft.launch.TaskLaunch;
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
        TaskLaunch.Capacity capacity,
        Map<String, String> taskTags,
        Instant queuedAt) {

    /** The task that runs this build. */
    public TaskLaunch taskLaunch() {
        return new TaskLaunch(buildId, attempt, kanikoArgs, capacity, taskTags);
    }

    public String startedBy() {
        return taskLaunch().startedBy();
    }
}
