package dev.kft.result;

import dev.kft.core.BuildId;
import dev.kft.core.RefType;
import dev.kft.launch.TaskLaunch;
import java.time.Instant;
import java.util.List;

/**
 * One build as the ledger holds it: what PushFunction planned, where its task stands, and (once
 * final) its result.
 *
 * @param taskVersion     the ECS {@code detail.version} last recorded for the current attempt's task
 * @param commit          null until CodeCommit has been asked
 * @param result          null until the build is final
 * @param resultPublished the "Image Build ..." event has gone out (and the commit comment was tried)
 */
public record BuildRecord(
        BuildId buildId,
        String repository,
        String refName,
        String refFullName,
        String commitId,
        String imageRepository,
        String commitTag,
        List<String> deployTags,
        List<String> destinations,
        List<String> kanikoArgs,
        BuildStatus status,
        int attempt,
        String taskArn,
        Long taskVersion,
        Instant queuedAt,
        CommitInfo commit,
        BuildResult result,
        String interruptedTaskArn,
        boolean resultPublished) {

    public BuildRecord {
        deployTags = deployTags == null ? List.of() : List.copyOf(deployTags);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        kanikoArgs = kanikoArgs == null ? List.of() : List.copyOf(kanikoArgs);
    }

    public RefType refType() {
        return RefType.ofFullName(refFullName);
    }

    /**
     * The same build again as {@code attempt} on on-demand Fargate, with the kaniko arguments it was
     * first launched with (byte-identical, so the image and its labels do not change).
     */
    public TaskLaunch relaunch(int attempt, List<String> arguments) {
        return new TaskLaunch(buildId, attempt, arguments, TaskLaunch.Capacity.FARGATE,
                TaskLaunch.taskTags(buildId, repository, refFullName, commitId));
    }
}
