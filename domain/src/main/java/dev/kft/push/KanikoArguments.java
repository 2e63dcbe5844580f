package dev.kft.push;

import dev.kft.buildconfig.ImageSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The kaniko executor's argument list for a build. Every value that came from a push is the value
 * of a {@code --flag=value} element, one element each, so a branch named {@code --build-arg=X}
 * stays data: kaniko reads {@code --destination=...:branch-build-arg-X}, never a new flag.
 */
public final class KanikoArguments {
    private KanikoArguments() {}

    /**
     * @param image the image to build: the stack's defaults for a repository without {@code .kft.yaml},
     *              else one image it declares (context, Dockerfile, target, build arguments)
     */
    public static List<String> forBuild(RefChange change, ImageSpec image, String imageUri, List<String> destinationTags,
                                        BuildSettings settings, Instant created) {
        List<String> args = new ArrayList<>();
        // git://host/path#ref#commit: kaniko clones the ref, then checks out exactly the pushed commit.
        args.add("--context=git://" + settings.gitHost() + "/v1/repos/" + change.repository()
                + "#" + change.refFullName() + "#" + change.commitId());
        if (image.contextSubPath() != null) {
            args.add("--context-sub-path=" + image.contextSubPath());
        }
        args.add("--dockerfile=" + image.dockerfile());
        if (image.target() != null) {
            args.add("--target=" + image.target());
        }
        // One element per argument: a value with spaces, '=' or '--' stays the value of its own --build-arg.
        image.buildArgs().forEach((name, value) -> args.add("--build-arg=" + name + "=" + value));
        for (String tag : destinationTags) {
            args.add("--destination=" + imageUri + ":" + tag);
        }
        args.add("--cache=true");
        args.add("--cache-repo=" + settings.registry() + "/" + settings.cacheRepository());
        args.add("--push-retry=" + settings.pushRetries());
        args.add("--label=org.opencontainers.image.revision=" + change.commitId());
        args.add("--label=org.opencontainers.image.source=https://" + settings.gitHost() + "/v1/repos/" + change.repository());
        args.add("--label=org.opencontainers.image.created=" + created);
        args.addAll(settings.extraKanikoArgs());
        return List.copyOf(args);
    }
}
