package dev.kft.result;

import dev.kft.core.JsonFields;
import dev.kft.core.MalformedEventException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
        Map<String, Object> detail = JsonFields.object(event, "detail");
        Long version = JsonFields.number(detail, "version");
        if (version == null) {
            throw new MalformedEventException("missing field detail.version");
        }
        return new TaskStateChange(
                JsonFields.text(event, "id"),
                JsonFields.requireText(detail, "taskArn"),
                JsonFields.text(detail, "startedBy"),
                JsonFields.text(detail, "group"),
                JsonFields.requireText(detail, "lastStatus"),
                version,
                JsonFields.text(detail, "stopCode"),
                JsonFields.text(detail, "stoppedReason"),
                instant(detail, "createdAt"),
                instant(detail, "startedAt"),
                instant(detail, "executionStoppedAt"),
                instant(detail, "stoppedAt"),
                kaniko(detail, containerName));
    }

    private static TaskStateChange.Container kaniko(Map<String, Object> detail, String containerName) {
        Map<String, Object> container = JsonFields.objects(detail, "containers").stream()
                .filter(c -> containerName.equals(c.get("name"))).findFirst().orElse(null);
        // The command the task was started with: a relaunch can reuse it when the ledger has none.
        List<String> command = commandOf(detail, containerName);
        if (container == null && command.isEmpty()) {
            return null;
        }
        Long exitCode = container == null ? null : JsonFields.number(container, "exitCode");
        return new TaskStateChange.Container(exitCode == null ? null : exitCode.intValue(),
                container == null ? null : JsonFields.text(container, "reason"), command);
    }

    private static List<String> commandOf(Map<String, Object> detail, String containerName) {
        return JsonFields.objects(detail, "overrides", "containerOverrides").stream()
                .filter(o -> containerName.equals(o.get("name")))
                .findFirst()
                .map(o -> JsonFields.list(o, "command").stream().map(String::valueOf).toList())
                .orElse(List.of());
    }

    private static Instant instant(Map<String, Object> detail, String field) {
        String text = JsonFields.text(detail, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
