package dev.kft.local;

import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.JsonFields;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Task;

/** One build as the demo's story goes: what PushFunction answered, its ledger item, its ECS task, its image. */
final class DemoBuild {
    private Map<String, Object> launched;
    private DemoLedger.Item ledgerItem;
    private Task task;
    private Instant launchedAt;
    private Instant startedAt;
    private String digest;

    /** PushFunction's answer for this build. */
    Map<String, Object> launched() {
        return launched;
    }

    void launched(Map<String, Object> build) {
        this.launched = build;
        this.launchedAt = Instant.now();
    }

    /** The ledger item as PushFunction left it (image repository, tags). */
    void ledgerItem(DemoLedger.Item item) {
        this.ledgerItem = item;
    }

    Task task() {
        return task;
    }

    void task(Task task) {
        this.task = task;
    }

    /** The task started running now: its events carry this start time from here on. */
    void started(Instant at) {
        this.startedAt = at;
    }

    /**
     * The task's times for its events, {@code stoppedAt} null while it runs. moto's tasks have no
     * {@code createdAt}: when PushFunction answered (RunTask had returned) stands in.
     */
    DemoEvents.TaskTimes times(Instant stoppedAt) {
        Instant created = task.createdAt() != null ? task.createdAt() : launchedAt;
        return new DemoEvents.TaskTimes(created, startedAt, stoppedAt);
    }

    /** The digest ECR gave the pushed image. */
    String digest() {
        return digest;
    }

    void digest(String digest) {
        this.digest = digest;
    }

    String buildId() {
        return JsonFields.requireText(launched, "buildId");
    }

    BuildId id() {
        return BuildId.of(JsonFields.requireText(launched, "repository"), commitId());
    }

    String commitId() {
        return JsonFields.requireText(launched, "commitId");
    }

    String taskArn() {
        return JsonFields.requireText(launched, "taskArn");
    }

    String taskId() {
        return taskArn().substring(taskArn().lastIndexOf('/') + 1);
    }

    /** {@code kft/<buildId>/1}: how ECS and the task events name the build's first attempt. */
    String startedBy() {
        return id().startedBy(1);
    }

    List<String> kanikoArgs() {
        return JsonFields.list(launched, "kanikoArgs").stream().map(String::valueOf).toList();
    }

    String imageRepository() {
        return ledgerItem.text(LedgerItemCodec.IMAGE_REPOSITORY);
    }

    String commitTag() {
        return ledgerItem.text(LedgerItemCodec.COMMIT_TAG);
    }

    /** The tags the scan gate adds once the image scans clean. */
    List<String> deployTags() {
        return ledgerItem.tags();
    }
}
