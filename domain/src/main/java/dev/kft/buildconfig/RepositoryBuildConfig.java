package dev.kft.buildconfig;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The images a repository builds, read from the optional {@code .kft.yaml} at its root (schema version 1).
 * When the file is absent the caller keeps its usual single-image behaviour; this type only exists for a file.
 */
public record RepositoryBuildConfig(List<ImageSpec> images) {

    public static final String FILE_NAME = ".kft.yaml";
    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_IMAGES = 20;
    /** Bigger files are refused before YAML parsing; a real config is a few hundred bytes. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    public RepositoryBuildConfig {
        images = List.copyOf(images);
    }

    /** Parses the file's bytes (UTF-8), reporting every error with its line and column. */
    public static RepositoryBuildConfig parse(byte[] content) throws BuildConfigException {
        return BuildConfigParser.parse(content);
    }

    /** Parses the file's text, reporting every error with its line and column. */
    public static RepositoryBuildConfig parse(String content) throws BuildConfigException {
        return BuildConfigParser.parse(content.getBytes(StandardCharsets.UTF_8));
    }

    /** The image with this name, if the file declares it. */
    public Optional<ImageSpec> image(String name) {
        return images.stream().filter(image -> image.name().equals(name)).findFirst();
    }
}
