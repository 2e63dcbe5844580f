package dev.kft.core;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Glob patterns for ref names and repository paths: {@code *} matches within one path segment,
 * {@code **} across segments, {@code ?} one character other than {@code /}; anything else is literal.
 *
 * <p>A {@code **} segment followed by {@code /} may also match zero segments, so {@code **}{@code /*.md}
 * matches {@code README.md} at the root and {@code a/**}{@code /b} matches {@code a/b}. {@code main, release/*}
 * matches {@code main} and {@code release/1.2} but not {@code release/1.2/hotfix}. An empty list means
 * "everything" (the glob {@code **}), as it always meant for the stack's branch and tag filters.
 */
public final class Globs {
    private static final String EVERYTHING = "**";

    private final List<String> globs;
    private final List<Pattern> patterns;

    private Globs(List<String> globs) {
        this.globs = globs.isEmpty() ? List.of(EVERYTHING) : List.copyOf(globs);
        this.patterns = this.globs.stream().map(Globs::toRegex).map(Pattern::compile).toList();
    }

    /** Parses a comma-separated list, trimming blanks around each glob; blank or null means everything. */
    public static Globs parse(String commaSeparated) {
        List<String> globs = commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new Globs(globs);
    }

    /** The given globs, taken verbatim; null or empty means everything. */
    public static Globs of(List<String> globs) {
        return new Globs(globs == null ? List.of() : globs);
    }

    /** True when one glob matches the whole name; a null name matches nothing. */
    public boolean matches(String name) {
        return name != null && patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** The globs, in their given order ({@code [**]} for "everything"). */
    public List<String> globs() {
        return globs;
    }

    /** The comma-separated form that {@link #parse} reads back. */
    @Override
    public String toString() {
        return String.join(",", globs);
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            boolean doubleStar = c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*';
            boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
            if (doubleStar && atSegmentStart && i + 2 < glob.length() && glob.charAt(i + 2) == '/') {
                // "**/" is "any number of whole segments, possibly none".
                regex.append("(?:.*/)?");
                i += 2;
            } else if (doubleStar) {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
