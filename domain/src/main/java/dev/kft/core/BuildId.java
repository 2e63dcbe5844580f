package dev.kft.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A build's identity: derived from the source repository, the commit and (for a repository with
 * {@code .kft.yaml}) the image's name, so every delivery of the same push (and every ref that points
 * at an already-built commit) names the same build.
 * 32 lowercase hex characters: fits ECS {@code startedBy} and RunTask {@code clientToken}.
 */
public record BuildId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");
    /** Tasks we start carry {@code startedBy = kft/<buildId>/<attempt>}. */
    public static final String STARTED_BY_PREFIX = "kft/";

    public BuildId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("build id must be 32 lowercase hex characters: " + value);
        }
    }

    /** The build of a repository without {@code .kft.yaml} (its one image), and the record of a push of any repository. */
    public static BuildId of(String repository, String commitId) {
        return hash(repository + "\n" + commitId);
    }

    /** The build of one image that a repository's {@code .kft.yaml} names. */
    public static BuildId of(String repository, String commitId, String imageName) {
        return hash(repository + "\n" + commitId + "\n" + imageName);
    }

    private static BuildId hash(String identity) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(identity.getBytes(StandardCharsets.UTF_8));
            return new BuildId(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** ECS {@code startedBy}: letters, digits, '-', '/', '_' only, at most 128 characters. */
    public String startedBy(int attempt) {
        return STARTED_BY_PREFIX + value + "/" + attempt;
    }

    /**
     * RunTask {@code clientToken} of one launch request: {@code <buildId>-<attempt>-<capacity>}, at most
     * 64 printable ASCII characters. Deterministic, so the SDK's retries and every redelivery of the
     * event send the same token and ECS (which deduplicates on it for 24 hours) returns the task the
     * first request started instead of starting another.
     */
    public String clientToken(int attempt, String capacity) {
        return value + "-" + attempt + "-" + capacity;
    }

    /** The build and attempt named by a task's {@code startedBy}, if we started it. */
    public static Optional<Attempt> fromStartedBy(String startedBy) {
        if (startedBy == null || !startedBy.startsWith(STARTED_BY_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = startedBy.substring(STARTED_BY_PREFIX.length()).split("/");
        if (parts.length != 2 || !FORMAT.matcher(parts[0]).matches() || !parts[1].matches("[1-9][0-9]{0,3}")) {
            return Optional.empty();
        }
        return Optional.of(new Attempt(new BuildId(parts[0]), Integer.parseInt(parts[1])));
    }

    /** One launch of a build: attempt 1 is the first, a relaunch after a Spot interruption is 2. */
    public record Attempt(BuildId buildId, int attempt) {}

    @Override
    public String toString() {
        return value;
    }
}
