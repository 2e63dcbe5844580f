package dev.kft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobsTest {
    @Test
    void blankOrEmptyMeansEverything() {
        assertTrue(Globs.parse("").matches("feature/a/b"));
        assertTrue(Globs.parse(" , ").matches("main"));
        assertTrue(Globs.parse(null).matches("main"));
        assertTrue(Globs.of(List.of()).matches("a/b/c"));
        assertTrue(Globs.of(null).matches("x"));
        assertEquals("**", Globs.parse("").toString());
    }

    @Test
    void nullNameMatchesNothing() {
        assertFalse(Globs.parse("**").matches(null));
    }

    @Test
    void singleStarStaysInOneSegmentDoubleStarCrossesThem() {
        Globs globs = Globs.parse("main, release/*, hotfix/**, v?.x");
        assertTrue(globs.matches("main"));
        assertTrue(globs.matches("release/1.2"));
        assertFalse(globs.matches("release/1.2/x"));
        assertTrue(globs.matches("hotfix/a/b"));
        assertTrue(globs.matches("v1.x"));
        assertFalse(globs.matches("mainline"));
        assertFalse(globs.matches("v1+x"));
    }

    @Test
    void questionMarkIsOneCharacterButNotASlash() {
        Globs globs = Globs.parse("a?b");
        assertTrue(globs.matches("axb"));
        assertFalse(globs.matches("a/b"));
        assertFalse(globs.matches("ab"));
        assertFalse(globs.matches("axxb"));
    }

    @Test
    void regexCharactersInNamesAreLiteral() {
        Globs globs = Globs.parse("a+b.(c)");
        assertTrue(globs.matches("a+b.(c)"));
        assertFalse(globs.matches("aab.(c)"));
        assertTrue(Globs.parse("[abc]").matches("[abc]"));
        assertFalse(Globs.parse("[abc]").matches("a"));
    }

    @Test
    void directoryDoubleStarMatchesEverythingBelow() {
        Globs globs = Globs.of(List.of("services/api/**"));
        assertTrue(globs.matches("services/api/x/y.go"));
        assertTrue(globs.matches("services/api/main.go"));
        assertFalse(globs.matches("services/apiary/main.go"));
        assertFalse(globs.matches("services/web/main.go"));
    }

    @Test
    void leadingDoubleStarSlashMayMatchNoSegmentAtAll() {
        Globs globs = Globs.of(List.of("**/*.md"));
        assertTrue(globs.matches("README.md"));
        assertTrue(globs.matches("docs/a/b.md"));
        assertFalse(globs.matches("README.mdx"));
        assertFalse(globs.matches("docs/README.txt"));
    }

    @Test
    void middleDoubleStarSlashMayMatchNoSegmentAtAll() {
        Globs globs = Globs.of(List.of("src/**/test/*.java"));
        assertTrue(globs.matches("src/test/A.java"));
        assertTrue(globs.matches("src/a/b/test/A.java"));
        assertFalse(globs.matches("src/atest/A.java"));
    }

    @Test
    void doubleStarInsideASegmentKeepsTheOldMeaning() {
        // Not a whole segment: plain "anything", as Globs did.
        assertTrue(Globs.parse("a**b").matches("a/x/b"));
        assertTrue(Globs.parse("a**b").matches("ab"));
        assertFalse(Globs.parse("x**/y").matches("y"));
    }

    @Test
    void singleStarSegmentDoesNotMatchZeroSegments() {
        assertFalse(Globs.parse("*/x").matches("x"));
        assertTrue(Globs.parse("*/x").matches("a/x"));
    }

    @Test
    void toStringIsTheCommaSeparatedFormThatParseReadsBack() {
        Globs globs = Globs.parse(" main ,release/* ");
        assertEquals("main,release/*", globs.toString());
        assertEquals(List.of("main", "release/*"), Globs.parse(globs.toString()).globs());
        assertEquals("a,b", Globs.of(List.of("a", "b")).toString());
    }

    @Test
    void ofKeepsGlobsVerbatimIncludingCommas() {
        assertTrue(Globs.of(List.of("a,b")).matches("a,b"));
        assertFalse(Globs.of(List.of("a,b")).matches("a"));
    }
}
