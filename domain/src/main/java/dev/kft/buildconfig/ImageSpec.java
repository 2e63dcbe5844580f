package dev.kft.buildconfig;

import dev.kft.core.Platform;
import dev.kft.core.Globs;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image that a repository builds, as {@code .kft.yaml} declares it, with defaults filled in.
 *
 * @param name       unique in the file, {@code [a-z0-9][a-z0-9._-]{0,63}}
 * @param context    sub-directory of the repository, normalized (no {@code ./}, no trailing {@code /}); "" for the root
 * @param dockerfile path relative to the context; {@code Dockerfile} by default
 * @param target     multi-stage target, or null for the last stage
 * @param buildArgs  build arguments in file order
 * @param platform   {@link Platform#LINUX_AMD64} by default
 * @param paths      build only when a changed file matches one of these globs; empty means any change
 * @param branches   narrows the stack's branch filter; empty means not narrowed
 * @param tags       narrows the stack's tag filter; empty means not narrowed
 */
public record ImageSpec(
        String name,
        String context,
        String dockerfile,
        String target,
        Map<String, String> buildArgs,
        Platform platform,
        List<String> paths,
        List<String> branches,
        List<String> tags) {

    public static final String DEFAULT_DOCKERFILE = "Dockerfile";

    public ImageSpec {
        context = context == null ? "" : context;
        dockerfile = dockerfile == null ? DEFAULT_DOCKERFILE : dockerfile;
        // Map.copyOf would lose the file order, which kaniko's argument list should keep.
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs == null ? Map.of() : buildArgs));
        platform = platform == null ? Platform.LINUX_AMD64 : platform;
        paths = paths == null ? List.of() : List.copyOf(paths);
        branches = branches == null ? List.of() : List.copyOf(branches);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The context as kaniko's {@code --context-sub-path} wants it, or null when the context is the repository root. */
    public String contextSubPath() {
        return context.isEmpty() ? null : context;
    }

    /** The Dockerfile's path from the repository root, e.g. to read it for the Dockerfile policy. */
    public String dockerfilePathInRepository() {
        return context.isEmpty() ? dockerfile : context + "/" + dockerfile;
    }

    /** The {@code paths} globs; everything when none are set. */
    public Globs pathGlobs() {
        return Globs.of(paths);
    }
}
