package dev.kft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SupersessionTest {
    @Test
    void theReasonNamesTheNewerCommitByItsFirstTwelveCharacters() {
        assertEquals("superseded by 902d94757771", Supersession.reason("902d94757771da1a4ba0e4c7948e5b74224ee069"));
        assertEquals("superseded by 902d", Supersession.reason("902d"));
    }
}
