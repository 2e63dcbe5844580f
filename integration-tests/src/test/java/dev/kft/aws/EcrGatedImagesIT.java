package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.gate.ImageRegistry;
import dev.kft.testing.EcrTestImages;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Re-tagging, untagging and deleting images by digest, against moto's ECR. */
@ExtendWith(MotoExtension.class)
class EcrGatedImagesIT {
    @Test
    void tagsGoOnTheSameDigestAndAnImageAlreadyGoneIsFine(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        EcrTestImages images = new EcrTestImages(stack);
        String repository = stack.imagePrefix + "/payments-api";
        String digest = images.push(repository, "4f2a9c1e7b3d");
        EcrGatedImages registry = new EcrGatedImages(stack.ecr);

        assertEquals(Map.of("branch-main", ImageRegistry.TagOutcome.ADDED), registry.addTags(repository, digest, List.of("branch-main")));
        assertEquals(List.of("4f2a9c1e7b3d", "branch-main"), images.tags(repository, digest));
        assertEquals(List.of("branch-main"), registry.removeTags(repository, digest, List.of("branch-main", "latest")));
        assertEquals(List.of("4f2a9c1e7b3d"), images.tags(repository, digest));

        assertTrue(registry.delete(repository, digest));
        assertFalse(images.exists(repository, digest));
        // A retried DELETE finds the image gone: BatchDeleteImage reports ImageNotFound in failures[], which is success here.
        assertFalse(registry.delete(repository, digest));
        assertTrue(registry.tagsOf(repository, digest).isEmpty());
    }

    @Test
    void anyOtherPartialFailureOfADeleteFailsLoudly(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        String repository = stack.imagePrefix + "/payments-api";
        new EcrTestImages(stack).push(repository, "4f2a9c1e7b3d");
        EcrGatedImages registry = new EcrGatedImages(stack.ecr);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> registry.delete(repository, "sha256:not-a-digest"));
        assertTrue(failure.getMessage().startsWith("BatchDeleteImage in " + repository + " failed"), failure.getMessage());
    }
}
