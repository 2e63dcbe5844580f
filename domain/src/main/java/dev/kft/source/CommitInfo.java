package dev.kft.source;

/**
 * What CodeCommit says about a commit: its author and message (for people, the scan gate's
 * notifications and the skip markers) and its first parent (what a commit comment compares against).
 *
 * @param messageFirstLine the commit message's subject line
 * @param firstParent      null for a repository's first (root) commit
 * @param message          the whole message as CodeCommit returned it; null when only the subject line is known
 *                         (the ledger keeps the subject line only)
 */
public record CommitInfo(String authorName, String authorEmail, String messageFirstLine, String firstParent, String message) {

    /** What the ledger remembers of a commit: no whole message. */
    public CommitInfo(String authorName, String authorEmail, String messageFirstLine, String firstParent) {
        this(authorName, authorEmail, messageFirstLine, firstParent, null);
    }

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
