package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.testing.EcrTestImages;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;

@ExtendWith(MotoExtension.class)
class EcrImageDigestsIT {
    @Test
    void findsTheDigestByTagAndReportsAMissingImageAsEmpty(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        EcrClient ecr = stack.ecr;
        String repository = stack.imagePrefix + "/payments-api";
        String digest = new EcrTestImages(stack).push(repository, "4f2a9c1e7b3d");
        assertTrue(digest.startsWith("sha256:"), digest);

        EcrImageDigests digests = new EcrImageDigests(ecr);
        assertEquals(Optional.of(digest), digests.digestOf(repository, "4f2a9c1e7b3d"));
        assertEquals(Optional.empty(), digests.digestOf(repository, "0000000000aa"));
        assertEquals(Optional.empty(), digests.digestOf(stack.imagePrefix + "/no-such-repository", "4f2a9c1e7b3d"));
    }
}
