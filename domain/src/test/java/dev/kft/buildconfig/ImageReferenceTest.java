package dev.kft.buildconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    @Test
    void dockerHubShortNamesGetRegistryAndLibrary() {
        assertEquals("docker.io/library/alpine", ImageReference.normalize("alpine"));
        assertEquals("docker.io/library/alpine:3.20", ImageReference.normalize("alpine:3.20"));
        assertEquals("docker.io/user/app:1", ImageReference.normalize("user/app:1"));
        assertEquals("docker.io/library/alpine", ImageReference.normalize("docker.io/alpine"));
        assertEquals("docker.io/library/alpine", ImageReference.normalize("index.docker.io/alpine"));
        assertEquals("docker.io/user/app", ImageReference.normalize("index.docker.io/user/app"));
    }

    @Test
    void firstComponentWithDotColonOrLocalhostIsARegistry() {
        assertEquals("public.ecr.aws/docker/library/alpine:3", ImageReference.normalize("public.ecr.aws/docker/library/alpine:3"));
        assertEquals("localhost:5000/app:1", ImageReference.normalize("localhost:5000/app:1"));
        assertEquals("localhost/app", ImageReference.normalize("localhost/app"));
        assertEquals("registry:5000/team/app", ImageReference.normalize("registry:5000/team/app"));
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/base/java:21",
                ImageReference.normalize("123456789012.dkr.ecr.us-east-1.amazonaws.com/base/java:21"));
    }

    @Test
    void digestsAreKept() {
        String digest = "@sha256:" + "a".repeat(64);
        assertEquals("docker.io/library/alpine" + digest, ImageReference.normalize("alpine" + digest));
        assertEquals("docker.io/library/alpine:3" + digest, ImageReference.normalize("alpine:3" + digest));
        assertEquals("localhost:5000/app" + digest, ImageReference.normalize("localhost:5000/app" + digest));
    }

    @Test
    void prefixWithTrailingSlashMatchesAnythingBelow() {
        assertTrue(ImageReference.isUnder("public.ecr.aws/docker/library/alpine:3", "public.ecr.aws/"));
        assertFalse(ImageReference.isUnder("docker.io/library/alpine", "public.ecr.aws/"));
    }

    @Test
    void prefixWithoutTrailingSlashMustEndAtAComponentBoundary() {
        assertTrue(ImageReference.isUnder("public.ecr.aws/x", "public.ecr.aws"));
        assertFalse(ImageReference.isUnder("public.ecr.aws.evil.example/x", "public.ecr.aws"));
        assertTrue(ImageReference.isUnder("r.example/team/app:1", "r.example/team/app"));
        assertTrue(ImageReference.isUnder("r.example/team/app@sha256:00", "r.example/team/app"));
        assertTrue(ImageReference.isUnder("r.example/team/app", "r.example/team/app"));
        assertFalse(ImageReference.isUnder("r.example/team/application", "r.example/team/app"));
        assertFalse(ImageReference.isUnder("anything", ""));
    }
}
