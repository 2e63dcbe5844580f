package dev.kft.push;

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

    public static List<String> forBuild(RefChange change, String imageUri, List<String> destinationTags,
                                        BuildSettings settings, Instant created) {
        List<String> args = new ArrayList<>();
        // git://host/path#ref#commit: kaniko clones the ref, then checks out exactly the pushed commit.
        args.add("--context=git://" + settings.gitHost() + "/v1/repos/" + change.repository()
                + "#" + change.refFullName() + "#" + change.commitId());
        if (!settings.contextSubPath().isBlank()) {
            args.add("--context-sub-path=" + settings.contextSubPath());
        }
        args.add("--dockerfile=" + settings.dockerfile());
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
