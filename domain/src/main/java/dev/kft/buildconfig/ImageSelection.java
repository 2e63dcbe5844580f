package dev.kft.buildconfig;

import dev.kft.core.Globs;
import dev.kft.core.RefType;
import java.util.List;

/**
 * Decides, per image of a {@code .kft.yaml}, whether a push builds it: first the image's {@code branches} or
 * {@code tags} narrowing, then its {@code paths} against the files the push changed.
 */
public final class ImageSelection {

    /**
     * What a push changed.
     *
     * @param refKind      branch or tag
     * @param refName      short ref name, e.g. {@code main} or {@code v1.2}
     * @param changedPaths files changed between the old and the new commit (added, modified, deleted, both sides of
     *                     a rename), or null when there is no old commit to compare with (a new branch or tag)
     */
    public record Push(RefType refKind, String refName, List<String> changedPaths) {
        public Push {
            changedPaths = changedPaths == null ? null : List.copyOf(changedPaths);
        }
    }

    /** Build or skip one image, with a one-line reason for logs and build results. */
    public record Choice(ImageSpec image, boolean build, String reason) {
    }

    private ImageSelection() {
    }

    /** One choice per image, in the file's order. */
    public static List<Choice> select(RepositoryBuildConfig config, Push push) {
        return config.images().stream().map(image -> decide(image, push)).toList();
    }

    /**
     * Decides for one image. A change to {@code .kft.yaml} itself builds every image (still within its branch/tag
     * narrowing), since any image's settings may have changed. An image without {@code paths} builds on every push.
     */
    public static Choice decide(ImageSpec image, Push push) {
        // branches narrows branch pushes only and tags narrows tag pushes only: an image that sets
        // branches but not tags still builds release tags.
        List<String> narrowing = push.refKind() == RefType.BRANCH ? image.branches() : image.tags();
        if (!narrowing.isEmpty() && !Globs.of(narrowing).matches(push.refName())) {
            String kind = push.refKind() == RefType.BRANCH ? "branch" : "tag";
            String field = push.refKind() == RefType.BRANCH ? "branches" : "tags";
            return skip(image, kind + " " + push.refName() + " does not match " + field + " " + narrowing);
        }
        if (image.paths().isEmpty()) {
            return build(image, "no paths filter: every push builds");
        }
        List<String> changed = push.changedPaths();
        if (changed == null) {
            return build(image, "no previous commit to compare with: building every image");
        }
        if (changed.contains(RepositoryBuildConfig.FILE_NAME)) {
            return build(image, RepositoryBuildConfig.FILE_NAME + " changed: building every image");
        }
        Globs paths = image.pathGlobs();
        for (String path : changed) {
            if (paths.matches(path)) {
                return build(image, path + " matches paths " + image.paths());
            }
        }
        return skip(image, "no changed file matches paths " + image.paths() + " (" + changed.size()
                + (changed.size() == 1 ? " file" : " files") + " changed)");
    }

    private static Choice build(ImageSpec image, String reason) {
        return new Choice(image, true, reason);
    }

    private static Choice skip(ImageSpec image, String reason) {
        return new Choice(image, false, reason);
    }
}
