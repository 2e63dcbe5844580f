package dev.kft.push;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of glob patterns for ref names, as CI systems write them: {@code *} matches within one
 * path segment, {@code **} matches across segments, {@code ?} one character. {@code main, release/*}
 * builds {@code main} and {@code release/1.2} but not {@code release/1.2/hotfix}.
 */
public final class RefGlobs {
    private final List<String> globs;
    private final List<Pattern> patterns;

    private RefGlobs(List<String> globs) {
        this.globs = globs;
        this.patterns = globs.stream().map(RefGlobs::toRegex).map(Pattern::compile).toList();
    }

    /** Parses a comma-separated list; blank means "everything". */
    public static RefGlobs parse(String commaSeparated) {
        List<String> globs = commaSeparated == null ? List.of()
                : java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new RefGlobs(globs.isEmpty() ? List.of("**") : globs);
    }

    public boolean matches(String name) {
        return name != null && patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    @Override
    public String toString() {
        return String.join(",", globs);
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
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
