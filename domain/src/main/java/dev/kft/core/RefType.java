package dev.kft.core;

/** What a git ref names: a branch or a tag (refs of other kinds, such as notes, build nothing). */
public enum RefType {
    BRANCH("refs/heads/"), TAG("refs/tags/");

    private final String prefix;

    RefType(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The type of a full ref name, or null for refs that are neither (notes, pull requests...). */
    public static RefType ofFullName(String fullName) {
        for (RefType type : values()) {
            if (fullName != null && fullName.startsWith(type.prefix)) {
                return type;
            }
        }
        return null;
    }
}
