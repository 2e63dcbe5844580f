package dev.kft.local;

import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The sample events of {@code events/}, adapted to the demo's emulator: its account and region, the
 * ids and ARNs it returned, the digests it computed, and the demo's clock. The files keep the shape
 * (what AWS sends); only the values that name the demo's own resources and moments change. The tests
 * play ECS with it too (moto sends no task state events).
 */
public final class DemoEvents {
    /** Task timestamps that mean "the task has started" (network up, image pulled, kaniko running). */
    private static final Set<String> STARTED_TIMES = Set.of("connectivityAt", "pullStartedAt", "pullStoppedAt", "startedAt");
    /** Task timestamps that mean "the task has stopped". */
    private static final Set<String> STOPPED_TIMES = Set.of("stoppingAt", "executionStoppedAt", "stoppedAt");

    /** When ECS created the task, kaniko started and the task stopped; null for what has not happened yet. */
    public record TaskTimes(Instant created, Instant started, Instant stopped) {}

    private final Path directory;
    private final String account;
    private final String region;

    /** @param directory the project's {@code events/} */
    public DemoEvents(Path directory, String account, String region) {
        this.directory = directory;
        this.account = account;
        this.region = region;
    }

    /** The emulator's account: every event comes from it. */
    String account() {
        return account;
    }

    /** The event as the bytes a function receives. */
    static byte[] bytes(Map<String, Object> event) {
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    /** The file's push, of its own commit. */
    Map<String, Object> push(String file, Instant now) {
        Map<String, Object> event = envelope(file, now);
        String repository = JsonFields.requireText(event, "detail", "repositoryName");
        event.put("resources", List.of("arn:aws:codecommit:" + region + ":" + account + ":" + repository));
        return event;
    }

    /** A push to the file's repository and ref, of {@code commitId} on top of {@code oldCommitId}. */
    Map<String, Object> push(String file, String commitId, String oldCommitId, Instant now) {
        Map<String, Object> event = push(file, now);
        Map<String, Object> detail = JsonFields.object(event, "detail");
        detail.put("commitId", commitId);
        detail.put("oldCommitId", oldCommitId);
        return event;
    }

    /**
     * An "ECS Task State Change" of {@code task} as ECS describes it (ARNs, startedBy, group, task
     * definition, kaniko command, network attachment); the file gives the state, the container's exit
     * code and the {@code detail.version} (ECS numbers a task's events upwards). The file's timestamps
     * become the demo's: its start times {@code times.started()}, its stop times {@code times.stopped()}.
     */
    public Map<String, Object> taskState(String file, Task task, TaskTimes times, Instant now) {
        Map<String, Object> event = envelope(file, now);
        event.put("resources", List.of(task.taskArn()));
        Map<String, Object> detail = JsonFields.object(event, "detail");
        detail.put("clusterArn", task.clusterArn());
        detail.put("taskArn", task.taskArn());
        detail.put("taskDefinitionArn", task.taskDefinitionArn());
        detail.put("startedBy", task.startedBy());
        detail.put("group", task.group());
        detail.put("launchType", task.launchTypeAsString());
        if (task.capacityProviderName() == null) {
            detail.remove("capacityProviderName");
        } else {
            detail.put("capacityProviderName", task.capacityProviderName());
        }
        detail.put("overrides", Map.of("containerOverrides", task.overrides().containerOverrides().stream()
                .map(DemoEvents::containerOverride).toList()));
        for (Map<String, Object> container : JsonFields.objects(detail, "containers")) {
            container.put("taskArn", task.taskArn());
            task.containers().stream().filter(c -> c.name().equals(container.get("name"))).findFirst()
                    .map(Container::containerArn).ifPresent(arn -> container.put("containerArn", arn));
        }
        attachments(detail, task);
        detail.put("createdAt", times.created().toString());
        STARTED_TIMES.forEach(field -> replaceTime(detail, field, times.started()));
        STOPPED_TIMES.forEach(field -> replaceTime(detail, field, times.stopped()));
        detail.put("updatedAt", now.toString());
        return event;
    }

    /** An "ECR Image Scan" of one image, with the tags it has and the counts its scan reported. */
    Map<String, Object> scan(String file, String repository, String digest, List<String> tags, Map<String, ?> counts, Instant now) {
        Map<String, Object> event = envelope(file, now);
        event.put("resources", List.of("arn:aws:ecr:" + region + ":" + account + ":repository/" + repository));
        Map<String, Object> detail = JsonFields.object(event, "detail");
        detail.put("repository-name", repository);
        detail.put("image-digest", digest);
        detail.put("image-tags", List.copyOf(tags));
        detail.put("finding-severity-counts", new LinkedHashMap<>(counts));
        return event;
    }

    /** The file as a new event of this account and region: a fresh id, sent now. */
    private Map<String, Object> envelope(String file, Instant now) {
        Map<String, Object> event = Json.parseObject(new String(LocalInvoke.readEvent(directory.resolve(file)), StandardCharsets.UTF_8));
        event.put("id", UUID.randomUUID().toString());
        event.put("account", account);
        event.put("region", region);
        // EventBridge gives the event time to the second.
        event.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
        return event;
    }

    /** A timestamp the file has becomes {@code at}; one that has not happened yet is left out. */
    private static void replaceTime(Map<String, Object> detail, String field, Instant at) {
        if (detail.containsKey(field) && at != null) {
            detail.put(field, at.toString());
        } else {
            detail.remove(field);
        }
    }

    private static Map<String, Object> containerOverride(ContainerOverride override) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", override.name());
        map.put("command", override.command());
        return map;
    }

    /** The task's network interface as ECS reported it; the file's attachment status (ATTACHED, DELETED) stays. */
    private static void attachments(Map<String, Object> detail, Task task) {
        List<Map<String, Object>> fromFile = JsonFields.objects(detail, "attachments");
        Object status = fromFile.isEmpty() ? null : fromFile.get(0).get("status");
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Attachment attachment : task.attachments()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", attachment.id());
            map.put("type", attachment.type());
            map.put("status", status != null ? status : attachment.status());
            map.put("details", attachment.details().stream().map(d -> Map.of("name", d.name(), "value", d.value())).toList());
            attachments.add(map);
        }
        detail.put("attachments", attachments);
    }
}
