package dev.kft.push;

import dev.kft.core.JsonFields;
import java.util.regex.Pattern;

/**
 * What CodeCommit and git accept as a repository and a reference name. A push naming anything else
 * did not come from CodeCommit (or was corrupted on the way): it is ignored with the rule it breaks.
 */
final class GitNames {
    /** CodeCommit: letters, digits, '.', '_', '-', at most 100 characters, not ending in .git. */
    private static final Pattern REPOSITORY = Pattern.compile("[\\w.-]{1,100}");
    /** Longer refs do not fit kaniko's task overrides anyway; git itself has no fixed limit. */
    static final int MAX_REF = 1024;

    private GitNames() {}

    /** Why CodeCommit would not name a repository so, or null. */
    static String repositoryProblem(String name) {
        if (!REPOSITORY.matcher(name).matches() || name.endsWith(".git")) {
            return "is not a CodeCommit repository name (1 to 100 letters, digits, '.', '_' or '-', not ending in .git): "
                    + JsonFields.shown(name);
        }
        return null;
    }

    /** Why {@code git check-ref-format} would refuse a full ref name (refs/heads/main), or null. */
    static String refProblem(String fullName) {
        String problem = refRule(fullName);
        return problem == null ? null : "is not a valid git reference (" + problem + "): " + JsonFields.shown(fullName);
    }

    private static String refRule(String ref) {
        if (ref.length() > MAX_REF) {
            return "over " + MAX_REF + " characters";
        }
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < ref.length() && Character.isLowSurrogate(ref.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "lone UTF-16 surrogate, not text";
            }
            if (" ~^:?*[\\".indexOf(c) >= 0) {
                return "contains '" + c + "'";
            }
        }
        if (ref.contains("..")) {
            return "contains '..'";
        }
        if (ref.contains("@{")) {
            return "contains '@{'";
        }
        if (ref.equals("@")) {
            return "is '@'";
        }
        if (ref.endsWith("/") || ref.endsWith(".")) {
            return "ends with '" + ref.charAt(ref.length() - 1) + "'";
        }
        for (String component : ref.split("/", -1)) {
            if (component.isEmpty()) {
                return "empty name component";
            }
            if (component.startsWith(".")) {
                return "a component starts with '.'";
            }
            if (component.endsWith(".lock")) {
                return "a component ends with '.lock'";
            }
        }
        return null;
    }
}
