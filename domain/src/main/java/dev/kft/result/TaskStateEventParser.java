package dev.kft.result;

import dev.kft.core.JsonFields;
import dev.kft.core.MalformedEventException;
import java.util.List;
import java.util.Map;

/** Reads an EventBridge "ECS Task State Change" event. Anything else is a {@link MalformedEventException}. */
public final class TaskStateEventParser {
    static final String SOURCE = "aws.ecs";
    static final String DETAIL_TYPE = "ECS Task State Change";

    private TaskStateEventParser() {}

    /** @param containerName the kaniko container's name in the task definition */
    public static TaskStateChange parse(Map<String, Object> event, String containerName) {
        String source = JsonFields.text(event, "source");
        String detailType = JsonFields.text(event, "detail-type");
        if (!SOURCE.equals(source) || !DETAIL_TYPE.equals(detailType)) {
            throw new MalformedEventException("not an ECS task state change: source=" + source + " detail-type=" + detailType);
        }
        String eventId = JsonFields.requireText(event, "id");
        JsonFields.requireTime(event, "time");
        JsonFields.requireObject(event, "detail");
        return new TaskStateChange(
                eventId,
                JsonFields.requireText(event, "detail", "taskArn"),
                JsonFields.text(event, "detail", "startedBy"),
                JsonFields.text(event, "detail", "group"),
                JsonFields.requireText(event, "detail", "lastStatus"),
                JsonFields.text(event, "detail", "desiredStatus"),
                JsonFields.requireCount(event, "detail", "version"),
                JsonFields.text(event, "detail", "stopCode"),
                JsonFields.text(event, "detail", "stoppedReason"),
                JsonFields.time(event, "detail", "createdAt"),
                JsonFields.time(event, "detail", "startedAt"),
                JsonFields.time(event, "detail", "executionStoppedAt"),
                JsonFields.time(event, "detail", "stoppedAt"),
                JsonFields.text(event, "detail", "capacityProviderName"),
                kaniko(event, containerName));
    }

    private static TaskStateChange.Container kaniko(Map<String, Object> event, String containerName) {
        List<Map<String, Object>> containers = JsonFields.objects(event, "detail", "containers");
        int index = indexOf(containers, containerName, "detail.containers");
        // The command the task was started with: a relaunch can reuse it when the ledger has none.
        List<String> command = commandOf(event, containerName);
        if (index < 0 && command.isEmpty()) {
            return null;
        }
        if (index < 0) {
            return new TaskStateChange.Container(null, null, command);
        }
        Map<String, Object> container = containers.get(index);
        String path = "detail.containers[" + index + "]";
        Long exitCode;
        String reason;
        try {
            exitCode = exitCode(container);
            reason = JsonFields.text(container, "reason");
        } catch (MalformedEventException e) {
            throw e.within(path);
        }
        return new TaskStateChange.Container(exitCode == null ? null : exitCode.intValue(), reason, command);
    }

    /** A process exit code: 0 to 255 (ECS reports what the container runtime saw). */
    private static Long exitCode(Map<String, Object> container) {
        Long exitCode = JsonFields.count(container, "exitCode");
        if (exitCode != null && exitCode > 255) {
            throw MalformedEventException.field("exitCode", "must be an exit code from 0 to 255, not " + exitCode);
        }
        return exitCode;
    }

    private static List<String> commandOf(Map<String, Object> event, String containerName) {
        List<Map<String, Object>> overrides = JsonFields.objects(event, "detail", "overrides", "containerOverrides");
        int index = indexOf(overrides, containerName, "detail.overrides.containerOverrides");
        if (index < 0) {
            return List.of();
        }
        try {
            return JsonFields.texts(overrides.get(index), "command");
        } catch (MalformedEventException e) {
            throw e.within("detail.overrides.containerOverrides[" + index + "]");
        }
    }

    /** The element whose {@code name} is the container's; a name that is not text is malformed. */
    private static int indexOf(List<Map<String, Object>> elements, String containerName, String path) {
        for (int i = 0; i < elements.size(); i++) {
            try {
                if (containerName.equals(JsonFields.text(elements.get(i), "name"))) {
                    return i;
                }
            } catch (MalformedEventException e) {
                throw e.within(path + "[" + i + "]");
            }
        }
        return -1;
    }
}
