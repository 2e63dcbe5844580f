package dev.kft.result;

/**
 * What CodeCommit says about the built commit: its author and message (for people and for the scan
 * gate's notifications) and its first parent (what a commit comment compares against).
 *
 * @param messageFirstLine the commit message's subject line
 * @param firstParent      null for a repository's first (root) commit
 */
public record CommitInfo(String authorName, String authorEmail, String messageFirstLine, String firstParent) {

    /** The subject line of a commit message. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int nl = trimmed.indexOf('\n');
        return (nl < 0 ? trimmed : trimmed.substring(0, nl)).strip();
    }
}
