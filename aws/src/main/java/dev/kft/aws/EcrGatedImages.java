package dev.kft.aws;

import dev.kft.gate.ImageRegistry;
import dev.kft.push.DeployTagger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;

/**
 * What the gate does to images in ECR: tags by re-putting the exact manifest (BatchGetImage, then
 * PutImage with its bytes and media type, so the digest cannot change), untags and deletes with
 * BatchDeleteImage, whose per-image {@code failures[]} come in a successful response and are checked here.
 */
public final class EcrGatedImages implements ImageRegistry, DeployTagger {
    /** Manifest types ECR may hold for an image, single-platform and multi-platform. */
    static final List<String> MANIFEST_MEDIA_TYPES = List.of(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v1+json");

    private final EcrClient ecr;

    public EcrGatedImages(EcrClient ecr) {
        this.ecr = ecr;
    }

    @Override
    public Optional<Set<String>> tagsOf(String repository, String digest) {
        try {
            var details = ecr.describeImages(r -> r.repositoryName(repository).imageIds(i -> i.imageDigest(digest))).imageDetails();
            return details.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(details.get(0).imageTags()));
        } catch (ImageNotFoundException gone) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, TagOutcome> addTags(String repository, String digest, Collection<String> tags) {
        BatchGetImageResponse response = ecr.batchGetImage(r -> r.repositoryName(repository)
                .imageIds(i -> i.imageDigest(digest)).acceptedMediaTypes(MANIFEST_MEDIA_TYPES));
        if (response.images().isEmpty()) {
            throw new IllegalStateException("cannot read the manifest of " + repository + "@" + digest + ": " + describe(response.failures()));
        }
        Image image = response.images().get(0);
        Map<String, TagOutcome> outcomes = new LinkedHashMap<>();
        for (String tag : tags) {
            try {
                ecr.putImage(r -> r.repositoryName(repository)
                        .imageManifest(image.imageManifest())
                        .imageManifestMediaType(image.imageManifestMediaType())
                        .imageDigest(digest)
                        .imageTag(tag));
                outcomes.put(tag, TagOutcome.ADDED);
            } catch (ImageAlreadyExistsException inPlace) {
                outcomes.put(tag, TagOutcome.ALREADY_IN_PLACE);
            } catch (ImageTagAlreadyExistsException immutable) {
                outcomes.put(tag, TagOutcome.HELD_BY_ANOTHER_IMAGE);
            }
        }
        return outcomes;
    }

    /** PushFunction's view: a ref pointing at an already-built, already-cleared image tags it directly, if it is still there. */
    @Override
    public Optional<Map<String, String>> tag(String repository, String digest, Collection<String> tags) {
        if (tagsOf(repository, digest).isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> outcomes = new LinkedHashMap<>();
        addTags(repository, digest, tags).forEach((tag, outcome) -> outcomes.put(tag, outcome.name()));
        return Optional.of(outcomes);
    }

    /** Looks the tags up right before removing them, so a moving tag that has moved on to another image stays there. */
    @Override
    public List<String> removeTags(String repository, String digest, Collection<String> tags) {
        Set<String> current = tagsOf(repository, digest).orElse(Set.of());
        List<String> ours = tags.stream().filter(current::contains).toList();
        if (ours.isEmpty()) {
            return List.of();
        }
        BatchDeleteImageResponse response = ecr.batchDeleteImage(r -> r.repositoryName(repository)
                .imageIds(ours.stream().map(t -> ImageIdentifier.builder().imageTag(t).build()).toList()));
        requireOnlyNotFound(response.failures(), repository);
        return response.imageIds().stream().map(ImageIdentifier::imageTag).filter(ours::contains).distinct().sorted().toList();
    }

    @Override
    public boolean delete(String repository, String digest) {
        BatchDeleteImageResponse response = ecr.batchDeleteImage(r -> r.repositoryName(repository).imageIds(i -> i.imageDigest(digest)));
        requireOnlyNotFound(response.failures(), repository);
        return !response.imageIds().isEmpty();
    }

    /** An image or tag already gone is what we wanted; any other failure (KMS, manifest lists...) fails the invocation for a retry. */
    private static void requireOnlyNotFound(List<ImageFailure> failures, String repository) {
        List<ImageFailure> real = failures.stream().filter(f -> f.failureCode() != ImageFailureCode.IMAGE_NOT_FOUND).toList();
        if (!real.isEmpty()) {
            throw new IllegalStateException("BatchDeleteImage in " + repository + " failed: " + describe(real));
        }
    }

    private static String describe(List<ImageFailure> failures) {
        return failures.stream().map(f -> f.failureCodeAsString() + " " + f.failureReason() + " " + f.imageId()).toList().toString();
    }
}
