package dev.kft.local;

import dev.kft.core.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageScanFindings;

/**
 * ECR on the emulator, as kaniko and ECR's own scanner leave it: an image pushed under its commit
 * tag (its repository created on that first push, as the stack's creation template has ECR do),
 * scanned on push, its findings. moto has no creation templates, no layer upload and no scanner: the
 * repository is created by {@link ImageRepositoryTemplate#createOnPush}, a push is the manifest alone
 * (PutImage), and moto answers every scan with one fake HIGH finding unless told otherwise through its own API.
 */
final class DemoImages {
    private final EcrClient ecr;
    private final ImageRepositoryTemplate repositories;
    private final URI moto;
    private final String region;

    DemoImages(EcrClient ecr, ImageRepositoryTemplate repositories, URI moto, String region) {
        this.ecr = ecr;
        this.repositories = repositories;
        this.moto = moto;
        this.region = region;
    }

    /** The pushed image and whether ECR created its repository for it (create on push). */
    record Pushed(String digest, boolean repositoryCreated) {}

    /**
     * What kaniko's push amounts to in ECR: the repository created if this is its first push, then a
     * well-formed OCI manifest, whose config carries kaniko's revision label and whose digests are
     * those of its blobs, put under {@code tag}. The digest is the manifest's own ({@link #manifestDigest}),
     * given with the request because moto would otherwise derive one from the layers (ECR hashes the manifest).
     */
    Pushed push(String repository, String tag, String commitId) {
        boolean created = repositories.createOnPush(ecr, repository);
        String digest = ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(imageManifest(commitId))
                        .imageDigest(manifestDigest(commitId)))
                .image().imageId().imageDigest();
        return new Pushed(digest, created);
    }

    /** The repository's tag mutability and the tags exempt from it, as DescribeRepositories reports them. */
    String tagMutability(String repository) {
        var found = ecr.describeRepositories(r -> r.repositoryNames(repository)).repositories().get(0);
        return found.imageTagMutabilityAsString() + " " + found.imageTagMutabilityExclusionFilters().stream()
                .map(f -> f.filter()).toList();
    }

    /** The digest of the commit's image manifest: what ECR should store it under. */
    static String manifestDigest(String commitId) {
        return sha256(imageManifest(commitId).getBytes(StandardCharsets.UTF_8));
    }

    boolean scansOnPush(String repository) {
        return ecr.describeRepositories(r -> r.repositoryNames(repository)).repositories().get(0)
                .imageScanningConfiguration().scanOnPush();
    }

    /** The scan ECR starts on push (moto does not start one by itself). */
    void startScan(String repository, String digest) {
        ecr.startImageScan(r -> r.repositoryName(repository).imageId(i -> i.imageDigest(digest)));
    }

    /** The scan's findings, as DescribeImageScanFindings reports them. */
    ImageScanFindings findings(String repository, String digest) {
        return ecr.describeImageScanFindings(r -> r.repositoryName(repository).imageId(i -> i.imageDigest(digest)))
                .imageScanFindings();
    }

    /** The image's tags, sorted. */
    List<String> tags(String repository, String digest) {
        return ecr.describeImages(r -> r.repositoryName(repository).imageIds(i -> i.imageDigest(digest)))
                .imageDetails().get(0).imageTags().stream().sorted().toList();
    }

    /** The digest {@code tag} points at. */
    String digestOf(String repository, String tag) {
        return ecr.describeImages(r -> r.repositoryName(repository).imageIds(i -> i.imageTag(tag)))
                .imageDetails().get(0).imageDigest();
    }

    /**
     * Tells moto's scanner the image has no findings (moto's {@code scan-finding-results} API): what
     * ECR reports for a clean image, where moto would otherwise report its fake HIGH finding.
     */
    void reportNoFindings(String registryId, String repository, String digest) throws IOException {
        MotoApi.scanFindings(moto, region, registryId, repository, digest,
                Map.of("findings", List.of(), "findingSeverityCounts", Map.of()));
    }

    /** An OCI image manifest with kaniko's revision label in its config; digests are those of the blobs' bytes. */
    static String imageManifest(String commitId) {
        byte[] layer = ("kft demo layer for " + commitId).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("config", Map.of("Labels", Map.of("org.opencontainers.image.revision", commitId)));
        // Ordered maps only: the manifest's bytes, so its digest, are the same on every run.
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", List.of(sha256(layer)));
        config.put("rootfs", rootfs);
        byte[] configBytes = Json.write(config).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", configBytes));
        manifest.put("layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar", layer)));
        return Json.write(manifest);
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] blob) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", sha256(blob));
        descriptor.put("size", blob.length);
        return descriptor;
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
