package dev.kft.push;

import static dev.kft.core.JsonFields.flag;
import static dev.kft.core.JsonFields.list;
import static dev.kft.core.JsonFields.objects;
import static dev.kft.core.JsonFields.requireObject;
import static dev.kft.core.JsonFields.requireText;
import static dev.kft.core.JsonFields.requireTime;
import static dev.kft.core.JsonFields.text;

import dev.kft.core.JsonFields;
import dev.kft.core.MalformedEventException;
import dev.kft.core.RefType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads both shapes a push arrives in: the EventBridge "CodeCommit Repository State Change" event
 * (one reference per event) and the repository trigger's "Records" event (several references per
 * record). A foreign event is returned as ignored with a reason; one that cannot be read is a
 * {@link MalformedEventException} naming the field (a trigger record: that record is ignored with it).
 */
public final class PushEventParser {
    static final String CODECOMMIT_STATE_CHANGE = "CodeCommit Repository State Change";

    private PushEventParser() {}

    /** The reference changes in an event, and what in it was ignored. */
    public record Parsed(List<RefChange> changes, List<IgnoredEvent> ignored) {}

    public static Parsed parse(Map<String, Object> event) {
        if (event.containsKey("Records")) {
            return parseTriggerRecords(event);
        }
        String source = text(event, "source");
        String detailType = text(event, "detail-type");
        if (!"aws.codecommit".equals(source) || !CODECOMMIT_STATE_CHANGE.equals(detailType)) {
            return ignoredOnly(text(event, "id"), "event", "not a CodeCommit push: source=" + source + " detail-type=" + detailType);
        }
        return new Parsed(List.of(parseStateChange(event)), List.of());
    }

    private static RefChange parseStateChange(Map<String, Object> event) {
        String eventId = requireText(event, "id");
        Instant time = requireTime(event, "time");
        String region = text(event, "region");
        requireObject(event, "detail");
        String eventName = requireText(event, "detail", "event");
        RefChange.Kind kind = switch (eventName) {
            case "referenceCreated" -> RefChange.Kind.CREATED;
            case "referenceUpdated" -> RefChange.Kind.UPDATED;
            case "referenceDeleted" -> RefChange.Kind.DELETED;
            case "unreferencedMergeCommitCreated" -> RefChange.Kind.UNREFERENCED_MERGE_COMMIT;
            default -> throw MalformedEventException.field("detail.event", "is not a CodeCommit event name: " + JsonFields.shown(eventName));
        };
        String repository = repository(requireText(event, "detail", "repositoryName"), "detail.repositoryName");
        String commitId = text(event, "detail", "commitId");
        String oldCommitId = text(event, "detail", "oldCommitId");
        if (kind == RefChange.Kind.UNREFERENCED_MERGE_COMMIT) {
            // No reference: the planner ignores it with its own reason.
            return new RefChange(eventId, time, region, repository, kind, null, null, null, commitId, oldCommitId);
        }
        String type = text(event, "detail", "referenceType");
        String fullName = text(event, "detail", "referenceFullName");
        String name = text(event, "detail", "referenceName");
        RefType refType = switch (type == null ? "" : type) {
            case "branch" -> RefType.BRANCH;
            case "tag" -> RefType.TAG;
            case "" -> RefType.ofFullName(fullName);
            default -> throw MalformedEventException.field("detail.referenceType", "must be branch or tag, not " + JsonFields.shown(type));
        };
        if (fullName == null && refType != null && name != null) {
            fullName = refType.prefix() + name;
        }
        if (fullName == null) {
            throw MalformedEventException.field("detail.referenceFullName", "is missing (and detail.referenceName with detail.referenceType cannot make it)");
        }
        reference(fullName, "detail.referenceFullName");
        if (name == null && refType != null && fullName.startsWith(refType.prefix())) {
            name = fullName.substring(refType.prefix().length());
        }
        if (name != null && refType != null && !fullName.equals(refType.prefix() + name)) {
            throw MalformedEventException.field("detail.referenceName", "does not match detail.referenceFullName: "
                    + JsonFields.shown(name) + " is not the end of " + JsonFields.shown(fullName));
        }
        return new RefChange(eventId, time, region, repository, kind, refType, name, fullName, commitId, oldCommitId);
    }

    /**
     * Each record stands alone: one that cannot be read is ignored with its reason (its path starts
     * {@code Records[i]}), the others still build.
     */
    private static Parsed parseTriggerRecords(Map<String, Object> event) {
        List<RefChange> changes = new ArrayList<>();
        List<IgnoredEvent> ignored = new ArrayList<>();
        List<Object> records = list(event, "Records");
        if (records.isEmpty()) {
            throw MalformedEventException.field("Records", "is empty");
        }
        for (int i = 0; i < records.size(); i++) {
            String path = "Records[" + i + "]";
            if (!(records.get(i) instanceof Map<?, ?>)) {
                ignored.add(new IgnoredEvent(null, "record", "field " + path + " must be an object, not " + JsonFields.describe(records.get(i))));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) records.get(i);
            try {
                parseRecord(record, changes, ignored);
            } catch (MalformedEventException e) {
                ignored.add(new IgnoredEvent(eventIdOf(record), "record", e.within(path).getMessage()));
            }
        }
        return new Parsed(changes, ignored);
    }

    private static void parseRecord(Map<String, Object> record, List<RefChange> changes, List<IgnoredEvent> ignored) {
        String eventSource = text(record, "eventSource");
        if (!"aws:codecommit".equals(eventSource)) {
            ignored.add(new IgnoredEvent(text(record, "eventId"), "record", "not a CodeCommit trigger record: eventSource=" + eventSource));
            return;
        }
        String eventId = requireText(record, "eventId");
        if ("TriggerEventTest".equals(text(record, "eventName"))) {
            ignored.add(new IgnoredEvent(eventId, "record", "repository trigger test event"));
            return;
        }
        String arn = requireText(record, "eventSourceARN");
        String repository = repository(arn.substring(arn.lastIndexOf(':') + 1), "eventSourceARN");
        Instant time = requireTime(record, "eventTime");
        String region = text(record, "awsRegion");
        List<Map<String, Object>> references = objects(record, "codecommit", "references");
        if (references.isEmpty()) {
            throw MalformedEventException.field("codecommit.references", "is missing or empty");
        }
        List<RefChange> recordChanges = new ArrayList<>();
        for (int r = 0; r < references.size(); r++) {
            try {
                recordChanges.add(reference(references.get(r), eventId, time, region, repository));
            } catch (MalformedEventException e) {
                throw e.within("codecommit.references[" + r + "]");
            }
        }
        changes.addAll(recordChanges);
    }

    private static RefChange reference(Map<String, Object> reference, String eventId, Instant time, String region, String repository) {
        String fullName = reference(requireText(reference, "ref"), "ref");
        RefType refType = RefType.ofFullName(fullName);
        String name = refType == null ? fullName : fullName.substring(refType.prefix().length());
        RefChange.Kind kind = flag(reference, "deleted") ? RefChange.Kind.DELETED
                : flag(reference, "created") ? RefChange.Kind.CREATED
                : RefChange.Kind.UPDATED;
        return new RefChange(eventId, time, region, repository, kind, refType, name, fullName, text(reference, "commit"), null);
    }

    private static String repository(String name, String field) {
        String problem = GitNames.repositoryProblem(name);
        if (problem != null) {
            throw MalformedEventException.field(field, problem);
        }
        return name;
    }

    private static String reference(String fullName, String field) {
        String problem = GitNames.refProblem(fullName);
        if (problem != null) {
            throw MalformedEventException.field(field, problem);
        }
        return fullName;
    }

    /** The record's id for the log line of an unreadable record, if it has a readable one. */
    private static String eventIdOf(Map<String, Object> record) {
        return record.get("eventId") instanceof String id && id.length() <= JsonFields.MAX_TEXT ? id : null;
    }

    private static Parsed ignoredOnly(String eventId, String what, String reason) {
        return new Parsed(List.of(), List.of(new IgnoredEvent(eventId, what, reason)));
    }
}
