package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;

@ExtendWith(MotoExtension.class)
class EcrImageDigestsIT {
    /** An image manifest as kaniko pushes it (moto derives the digest from the layer digests). */
    static final String MANIFEST = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
            "config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":1469,\
            "digest":"sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741"},\
            "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":3623807,\
            "digest":"sha256:43c4264eed91be63b206e17d93e75256a6097070ce643c5e8f0379998b44f170"}]}""";

    /** Pushes {@link #MANIFEST} tagged {@code tag}; returns the digest ECR gave it. */
    static String putImage(EcrClient ecr, String repository, String tag) {
        return ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(MANIFEST)).image().imageId().imageDigest();
    }

    @Test
    void findsTheDigestByTagAndReportsAMissingImageAsEmpty(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        EcrClient ecr = stack.clients.ecr();
        String repository = stack.imagePrefix + "/payments-api";
        ecr.createRepository(r -> r.repositoryName(repository));
        String digest = putImage(ecr, repository, "4f2a9c1e7b3d");
        assertTrue(digest.startsWith("sha256:"), digest);

        EcrImageDigests digests = new EcrImageDigests(ecr);
        assertEquals(Optional.of(digest), digests.digestOf(repository, "4f2a9c1e7b3d"));
        assertEquals(Optional.empty(), digests.digestOf(repository, "0000000000aa"));
        assertEquals(Optional.empty(), digests.digestOf(stack.imagePrefix + "/no-such-repository", "4f2a9c1e7b3d"));
    }
}
