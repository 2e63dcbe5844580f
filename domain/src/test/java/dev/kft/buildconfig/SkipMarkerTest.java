package dev.kft.buildconfig;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SkipMarkerTest {
    @Test
    void recognizesBothSpellingsInAnyCase() {
        assertTrue(SkipMarker.isSkipped("docs: typo [skip ci]"));
        assertTrue(SkipMarker.isSkipped("[ci skip] docs"));
        assertTrue(SkipMarker.isSkipped("docs [SKIP CI]"));
        assertTrue(SkipMarker.isSkipped("docs [Ci Skip]"));
    }

    @Test
    void looksAtTheWholeMessageNotOnlyTheSubject() {
        assertTrue(SkipMarker.isSkipped("docs: typo\n\nNothing to build.\n[skip ci]\n"));
    }

    @Test
    void nullOrOrdinaryMessagesAreNotSkipped() {
        assertFalse(SkipMarker.isSkipped(null));
        assertFalse(SkipMarker.isSkipped(""));
        assertFalse(SkipMarker.isSkipped("fix: skip ci cache"));
        assertFalse(SkipMarker.isSkipped("[skip-ci]"));
        assertFalse(SkipMarker.isSkipped("[skip  ci]"));
        assertFalse(SkipMarker.isSkipped("skip ci]"));
    }
}
