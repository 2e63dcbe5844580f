package dev.kft.testing;

import dev.kft.local.MotoApi;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Images in moto's ECR the way kaniko leaves them: a repository created on the first push with the
 * stack's creation template (scan on push, immutable commit tags; {@code ImageRepositoryTemplate}
 * emulates ECR's create on push), a real schema-2 manifest put with PutImage, and a scan
 * started (moto then answers DescribeImageScanFindings with one fake HIGH finding, or with what
 * {@link #scanFindings} configured).
 */
public final class EcrTestImages {
    private final MotoStack stack;
    private final EcrClient ecr;

    public EcrTestImages(MotoStack stack) {
        this.stack = stack;
        this.ecr = stack.ecr;
    }

    /** A new image with its own layer (so its own digest) and the given tags; returns the digest. */
    public String push(String repository, String... tags) {
        stack.stack.imageRepositories().createOnPush(ecr, repository);
        String manifest = manifest();
        String digest = ecr.putImage(r -> r.repositoryName(repository).imageManifest(manifest).imageTag(tags[0]))
                .image().imageId().imageDigest();
        for (int i = 1; i < tags.length; i++) {
            String tag = tags[i];
            ecr.putImage(r -> r.repositoryName(repository).imageManifest(manifest).imageTag(tag));
        }
        ecr.startImageScan(r -> r.repositoryName(repository).imageId(id -> id.imageDigest(digest)));
        return digest;
    }

    public List<String> tags(String repository, String digest) {
        return ecr.describeImages(r -> r.repositoryName(repository).imageIds(i -> i.imageDigest(digest)))
                .imageDetails().get(0).imageTags().stream().sorted().toList();
    }

    public boolean exists(String repository, String digest) {
        return ecr.listImages(r -> r.repositoryName(repository)).imageIds().stream().anyMatch(i -> digest.equals(i.imageDigest()));
    }

    /** Makes moto answer DescribeImageScanFindings for this image with these findings (moto's static-result API). */
    public void scanFindings(String repository, String digest, Map<String, Object> imageScanFindings) throws IOException {
        MotoApi.scanFindings(stack.moto.endpoint(), MotoServer.REGION.id(), MotoServer.ACCOUNT, repository, digest, imageScanFindings);
    }

    private static String manifest() {
        return """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",\
                "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1470,"digest":"%s"},\
                "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":3370706,"digest":"%s"}]}"""
                .formatted(randomDigest(), randomDigest());
    }

    private static String randomDigest() {
        byte[] bytes = new byte[32];
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        java.nio.ByteBuffer.wrap(bytes).putLong(a.getMostSignificantBits()).putLong(a.getLeastSignificantBits())
                .putLong(b.getMostSignificantBits()).putLong(b.getLeastSignificantBits());
        return "sha256:" + HexFormat.of().formatHex(bytes);
    }
}
