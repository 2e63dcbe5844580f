package dev.kft.aws;

import dev.kft.result.ImageDigests;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** Looks an image's digest up in ECR by tag (DescribeImages). Throttling and server errors are thrown, for a retry. */
public final class EcrImageDigests implements ImageDigests {
    private final EcrClient ecr;

    public EcrImageDigests(EcrClient ecr) {
        this.ecr = ecr;
    }

    @Override
    public Optional<String> digestOf(String imageRepository, String tag) {
        try {
            return ecr.describeImages(r -> r.repositoryName(imageRepository)
                            .imageIds(ImageIdentifier.builder().imageTag(tag).build()))
                    .imageDetails().stream().findFirst().map(d -> d.imageDigest());
        } catch (ImageNotFoundException | RepositoryNotFoundException missing) {
            return Optional.empty();
        }
    }
}
