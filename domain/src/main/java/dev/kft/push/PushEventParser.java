package dev.kft.push;

import static dev.kft.core.JsonFields.flag;
import static dev.kft.core.JsonFields.object;
import static dev.kft.core.JsonFields.objects;
import static dev.kft.core.JsonFields.requireText;
import static dev.kft.core.JsonFields.text;

import dev.kft.core.MalformedEventException;
import dev.kft.core.RefType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads both shapes a push arrives in: the EventBridge "CodeCommit Repository State Change" event
 * (one reference per event) and the repository trigger's "Records" event (several references per
 * record). Anything else is returned as ignored with a reason.
 */
public final class PushEventParser {
    static final String CODECOMMIT_STATE_CHANGE = "CodeCommit Repository State Change";
    /** Repository-trigger times look like 2019-03-12T20:58:25.400+0000 (no colon in the offset). */
    private static final DateTimeFormatter TRIGGER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]Z");

    private PushEventParser() {}

    /** The reference changes in an event, and what in it was ignored. */
    public record Parsed(List<RefChange> changes, List<IgnoredEvent> ignored) {}

    public static Parsed parse(Map<String, Object> event) {
        if (event.containsKey("Records")) {
            return parseTriggerRecords(event);
        }
        String eventId = text(event, "id");
        if (!"aws.codecommit".equals(text(event, "source")) || !CODECOMMIT_STATE_CHANGE.equals(text(event, "detail-type"))) {
            return ignoredOnly(eventId, "event", "not a CodeCommit push: source=" + text(event, "source")
                    + " detail-type=" + text(event, "detail-type"));
        }
        return new Parsed(List.of(parseStateChange(event)), List.of());
    }

    private static RefChange parseStateChange(Map<String, Object> event) {
        Map<String, Object> detail = object(event, "detail");
        if (detail.isEmpty()) {
            throw new MalformedEventException("CodeCommit event without detail");
        }
        String eventName = requireText(detail, "event");
        RefChange.Kind kind = switch (eventName) {
            case "referenceCreated" -> RefChange.Kind.CREATED;
            case "referenceUpdated" -> RefChange.Kind.UPDATED;
            case "referenceDeleted" -> RefChange.Kind.DELETED;
            case "unreferencedMergeCommitCreated" -> RefChange.Kind.UNREFERENCED_MERGE_COMMIT;
            default -> throw new MalformedEventException("unknown CodeCommit event " + eventName);
        };
        String fullName = text(detail, "referenceFullName");
        String type = text(detail, "referenceType");
        RefType refType = "tag".equals(type) ? RefType.TAG
                : "branch".equals(type) ? RefType.BRANCH
                : RefType.ofFullName(fullName);
        String name = text(detail, "referenceName");
        if (fullName == null && refType != null && name != null) {
            fullName = refType.prefix() + name;
        }
        if (name == null && refType != null && fullName != null && fullName.startsWith(refType.prefix())) {
            name = fullName.substring(refType.prefix().length());
        }
        return new RefChange(
                text(event, "id"),
                parseTime(text(event, "time")),
                text(event, "region"),
                requireText(detail, "repositoryName"),
                kind,
                refType,
                name,
                fullName,
                text(detail, "commitId"),
                text(detail, "oldCommitId"));
    }

    private static Parsed parseTriggerRecords(Map<String, Object> event) {
        List<RefChange> changes = new ArrayList<>();
        List<IgnoredEvent> ignored = new ArrayList<>();
        List<Map<String, Object>> records = objects(event, "Records");
        if (records.isEmpty()) {
            throw new MalformedEventException("Records event without records");
        }
        for (Map<String, Object> record : records) {
            String eventId = text(record, "eventId");
            if (!"aws:codecommit".equals(text(record, "eventSource"))) {
                ignored.add(new IgnoredEvent(eventId, "record", "not a CodeCommit trigger record: eventSource=" + text(record, "eventSource")));
                continue;
            }
            if ("TriggerEventTest".equals(text(record, "eventName"))) {
                ignored.add(new IgnoredEvent(eventId, "record", "repository trigger test event"));
                continue;
            }
            String arn = requireText(record, "eventSourceARN");
            String repository = arn.substring(arn.lastIndexOf(':') + 1);
            Instant time = parseTime(text(record, "eventTime"));
            String region = text(record, "awsRegion");
            for (Map<String, Object> reference : objects(record, "codecommit", "references")) {
                String fullName = requireText(reference, "ref");
                RefType refType = RefType.ofFullName(fullName);
                String name = refType == null ? fullName : fullName.substring(refType.prefix().length());
                RefChange.Kind kind = flag(reference, "deleted") ? RefChange.Kind.DELETED
                        : flag(reference, "created") ? RefChange.Kind.CREATED
                        : RefChange.Kind.UPDATED;
                changes.add(new RefChange(eventId, time, region, repository, kind, refType, name, fullName,
                        text(reference, "commit"), null));
            }
        }
        return new Parsed(changes, ignored);
    }

    private static Parsed ignoredOnly(String eventId, String what, String reason) {
        return new Parsed(List.of(), List.of(new IgnoredEvent(eventId, what, reason)));
    }

    static Instant parseTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            try {
                return OffsetDateTime.parse(text, TRIGGER_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new MalformedEventException("unreadable event time " + text);
            }
        }
    }
}
