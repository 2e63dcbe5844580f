package dev.kft.push;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RefGlobsTest {
    @Test
    void blankMeansEveryRef() {
        assertTrue(RefGlobs.parse("").matches("feature/a/b"));
        assertTrue(RefGlobs.parse(null).matches("main"));
    }

    @Test
    void singleStarStaysInOneSegmentDoubleStarCrossesThem() {
        RefGlobs globs = RefGlobs.parse("main, release/*, hotfix/**, v?.x");
        assertTrue(globs.matches("main"));
        assertTrue(globs.matches("release/1.2"));
        assertFalse(globs.matches("release/1.2/x"));
        assertTrue(globs.matches("hotfix/a/b"));
        assertTrue(globs.matches("v1.x"));
        assertFalse(globs.matches("mainline"));
        assertFalse(globs.matches("v1+x"));
    }

    @Test
    void regexCharactersInNamesAreLiteral() {
        RefGlobs globs = RefGlobs.parse("a+b.(c)");
        assertTrue(globs.matches("a+b.(c)"));
        assertFalse(globs.matches("aab.(c)"));
    }
}
