package dev.kft.core;

/**
 * What a build superseded by a newer push of its branch says of itself, the same wherever it is
 * written: the ledger's reason, the commit comment, the task's stop reason, the logs.
 */
public final class Supersession {
    private static final int SHORT_COMMIT = 12;

    private Supersession() {}

    /** "superseded by" and the newer commit's first 12 characters (its commit tag). */
    public static String reason(String newerCommitId) {
        return "superseded by " + newerCommitId.substring(0, Math.min(SHORT_COMMIT, newerCommitId.length()));
    }
}
