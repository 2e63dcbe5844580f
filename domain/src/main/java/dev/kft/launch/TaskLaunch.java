package dev.kft.launch;

import dev.kft.core.BuildId;
import dev.kft.core.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One kaniko task to start: what RunTask needs, whoever asks for it (a push's first attempt, or the
 * relaunch of a build whose Spot task was reclaimed).
 *
 * @param attempt    1 for the push's launch, 2 after a Spot relaunch
 * @param kanikoArgs the kaniko executor's complete argument list
 * @param capacity   Fargate Spot or on-demand Fargate
 * @param platform   the CPU architecture the image is built for, natively: it picks the task definition
 * @param taskTags   ECS task tags (build id, repository, ref, commit) for people browsing the console
 */
public record TaskLaunch(BuildId buildId, int attempt, List<String> kanikoArgs, Capacity capacity, Platform platform,
                         Map<String, String> taskTags) {
    private static final Pattern TASK_TAG_UNSAFE = Pattern.compile("[^\\p{L}\\p{N} +\\-=._:/@]");

    /** Where the task runs: Fargate Spot is cheaper and can be interrupted; on-demand Fargate is not. */
    public enum Capacity { FARGATE, FARGATE_SPOT }

    public TaskLaunch {
        kanikoArgs = List.copyOf(kanikoArgs);
        platform = platform == null ? Platform.LINUX_AMD64 : platform;
        taskTags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(taskTags));
    }

    /** ECS {@code startedBy}: how the task state events name the build and attempt without any lookup. */
    public String startedBy() {
        return buildId.startedBy(attempt);
    }

    /**
     * RunTask's idempotency key: the same for every request of this attempt on this capacity (the SDK's
     * retries and every redelivery of the event), so ECS answers a repeat with the task it already
     * started. The on-demand fallback is another request, with its own token.
     */
    public String clientToken() {
        return buildId.clientToken(attempt, capacity == Capacity.FARGATE_SPOT ? "spot" : "ondemand");
    }

    /** The same task on on-demand Fargate: the fallback when Spot has no capacity. */
    public TaskLaunch onDemand() {
        return new TaskLaunch(buildId, attempt, kanikoArgs, Capacity.FARGATE, platform, taskTags);
    }

    /** The task tags of a build's tasks: the same on every attempt. */
    public static Map<String, String> taskTags(BuildId buildId, String repository, String refFullName, String commitId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("kft:build-id", buildId.value());
        tags.put("kft:repository", taskTagValue(repository));
        tags.put("kft:ref", taskTagValue(refFullName));
        tags.put("kft:commit", commitId);
        return tags;
    }

    /** ECS tag values allow letters, digits, spaces and + - = . _ : / @, up to 256 characters. */
    private static String taskTagValue(String value) {
        String safe = TASK_TAG_UNSAFE.matcher(value).replaceAll("_");
        return safe.length() <= 256 ? safe : safe.substring(0, 256);
    }
}
