package dev.kft.buildconfig;

/** One problem in {@code .kft.yaml}, at a 1-based line and column, with a one-line message that names the key. */
public record ConfigError(int line, int column, String message) {

    /** The compiler-style form, e.g. {@code .kft.yaml:7:5: images[1].name "Api" must match ...}. */
    @Override
    public String toString() {
        return RepositoryBuildConfig.FILE_NAME + ":" + line + ":" + column + ": " + message;
    }
}
