package dev.kft.core;

/**
 * An event that cannot be acted on: it is logged and acknowledged as ignored with this message as
 * the reason, never retried (a retry would read the same bytes). The message is one line and names
 * the field, so whoever reads the reason knows what to fix in the sender.
 */
public class MalformedEventException extends RuntimeException {
    /** The field's path (detail.referenceName, Records[0].eventTime), or null for the event as a whole. */
    private final String field;
    /** What is wrong with the field, without its name. */
    private final String problem;

    public MalformedEventException(String message) {
        this(null, message, null);
    }

    public MalformedEventException(String message, Throwable cause) {
        this(null, message, cause);
    }

    private MalformedEventException(String field, String problem, Throwable cause) {
        super(field == null ? problem : "field " + field + " " + problem, cause);
        this.field = field;
        this.problem = problem;
    }

    /** A problem with one field: the message reads {@code field <path> <problem>}. */
    public static MalformedEventException field(String path, String problem) {
        return new MalformedEventException(path, problem, null);
    }

    /** The same problem with its field placed inside {@code parent} (a record of a list, say). */
    public MalformedEventException within(String parent) {
        return new MalformedEventException(field == null ? parent : parent + "." + field, problem, getCause());
    }

    public String field() {
        return field;
    }
}
