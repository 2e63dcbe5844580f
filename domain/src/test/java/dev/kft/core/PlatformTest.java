package dev.kft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void textFormRoundTrips() {
        for (Platform platform : Platform.values()) {
            assertEquals(platform, Platform.fromText(platform.text()));
            assertEquals(platform.text(), platform.toString());
        }
        assertEquals("linux/arm64", Platform.LINUX_ARM64.text());
        assertNull(Platform.fromText("Linux/AMD64"));
        assertNull(Platform.fromText(null));
    }
}
