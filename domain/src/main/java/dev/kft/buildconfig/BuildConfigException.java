package dev.kft.buildconfig;

import java.util.List;
import java.util.stream.Collectors;

/** {@code .kft.yaml} is invalid: every error found, in file order. */
public final class BuildConfigException extends Exception {
    private final List<ConfigError> errors;

    public BuildConfigException(List<ConfigError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error, sorted by line then column; never empty. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String summary(List<ConfigError> errors) {
        // One line, so that it survives log pipelines that split on newlines.
        return errors.size() + (errors.size() == 1 ? " error" : " errors") + " in " + RepositoryBuildConfig.FILE_NAME + ": "
                + errors.stream().map(ConfigError::toString).collect(Collectors.joining("; "));
    }
}
