package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoImagesTest {
    /** A commit id, as the demo's second push names one. */
    private static final String CLEAN_COMMIT = "b7e3d9a1c5f2048e6a9d3b1c7f5e2a8d4c0b6e19";

    private static String digestOf(String manifest) {
        return DemoImages.sha256(manifest.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCommitsImageHasTheSameDigestOnEveryRun() {
        // Pinned: a manifest built from hash-ordered maps would change digest with the JVM's hash seed.
        assertEquals("sha256:7d70b8bd27661b6f82f0ff03917ad19fcdeae2b8d4003f02557f83e4ef6bdb07",
                digestOf(DemoImages.imageManifest(CLEAN_COMMIT)));
        assertNotEquals(digestOf(DemoImages.imageManifest(CLEAN_COMMIT.replace('b', 'c'))),
                digestOf(DemoImages.imageManifest(CLEAN_COMMIT)));
    }

    @Test
    void theManifestIsAnOciManifestWhoseLayerDigestIsTheLayersOwn() {
        Map<String, Object> manifest = Json.parseObject(DemoImages.imageManifest(CLEAN_COMMIT));
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.get("mediaType"));
        String layer = "kft demo layer for " + CLEAN_COMMIT;
        assertEquals(DemoImages.sha256(layer.getBytes(StandardCharsets.UTF_8)),
                JsonFields.text(JsonFields.objects(manifest, "layers").get(0), "digest"));
    }
}
