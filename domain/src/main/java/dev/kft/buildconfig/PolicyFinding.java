package dev.kft.buildconfig;

/**
 * One Dockerfile policy violation: the 1-based line of the instruction (its first line when continued),
 * a stable rule id and a one-line message.
 */
public record PolicyFinding(int line, String rule, String message) {
    public static final String BASE_IMAGE_NOT_ALLOWED = "base-image-not-allowed";
    public static final String UNRESOLVED_BASE_IMAGE = "unresolved-base-image";
    public static final String ROOT_USER = "root-user";
    public static final String NO_USER = "no-user";
    public static final String UNRESOLVED_USER = "unresolved-user";
    public static final String UNKNOWN_TARGET = "unknown-target";

    /** E.g. {@code Dockerfile:3: base-image-not-allowed: ...}. */
    @Override
    public String toString() {
        return "Dockerfile:" + line + ": " + rule + ": " + message;
    }
}
