package dev.kft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.EnvironmentValues.ConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnvironmentValuesTest {
    private enum Colour { RED, GREEN }

    private static Function<String, String> env(String name, String value) {
        return Map.of(name, value)::get;
    }

    private static String failure(org.junit.jupiter.api.function.Executable read) {
        return assertThrows(ConfigurationException.class, read).getMessage();
    }

    @Test
    void aFlagIsTrueOrFalseInAnyCaseAndNothingElse() {
        assertTrue(EnvironmentValues.flag(env("F", " TRUE "), "F", false));
        assertFalse(EnvironmentValues.flag(env("F", "false"), "F", true));
        assertTrue(EnvironmentValues.flag(env("F", " "), "F", true), "blank is unset");
        assertEquals("F must be true or false, not yes", failure(() -> EnvironmentValues.flag(env("F", "yes"), "F", true)));
        assertEquals("F must be true or false, not ture", failure(() -> EnvironmentValues.flag(env("F", "ture"), "F", true)));
    }

    @Test
    void aWholeNumberIsZeroOrMore() {
        assertEquals(5, EnvironmentValues.wholeNumber(env("N", " 5"), "N", 3));
        assertEquals(3, EnvironmentValues.wholeNumber(env("OTHER", "x"), "N", 3));
        assertEquals("N must be a whole number, not x", failure(() -> EnvironmentValues.wholeNumber(env("N", "x"), "N", 3)));
        assertEquals("N must be a whole number, not -1", failure(() -> EnvironmentValues.wholeNumber(env("N", "-1"), "N", 3)));
        assertEquals("N must be a whole number, not 2.5", failure(() -> EnvironmentValues.wholeNumber(env("N", "2.5"), "N", 3)));
    }

    @Test
    void oneOfNamesEveryAllowedValue() {
        assertEquals(Colour.GREEN, EnvironmentValues.oneOf(env("C", "green"), "C", Colour.class, Colour.RED));
        assertEquals(Colour.RED, EnvironmentValues.oneOf(env("OTHER", "x"), "C", Colour.class, Colour.RED));
        assertEquals("C must be one of RED, GREEN, not BLUE",
                failure(() -> EnvironmentValues.oneOf(env("C", "BLUE"), "C", Colour.class, Colour.RED)));
    }

    @Test
    void aRequiredValueSaysWhatItShouldHold() {
        assertEquals("t-1", EnvironmentValues.required(env("T", " t-1 "), "T", "the table"));
        assertEquals("T is required: the table", failure(() -> EnvironmentValues.required(env("T", "  "), "T", "the table")));
        assertEquals("T is required: the table", failure(() -> EnvironmentValues.required(env("OTHER", "x"), "T", "the table")));
    }

    @Test
    void theImageRepositoryPrefixFollowsEcrsNamingRule() {
        assertEquals("kft", EnvironmentValues.imageRepositoryPrefix(env("OTHER", "x")));
        assertEquals("team-a.images", EnvironmentValues.imageRepositoryPrefix(env("IMAGE_REPOSITORY_PREFIX", "team-a.images")));
        assertEquals("IMAGE_REPOSITORY_PREFIX must be lowercase letters and digits, separated by single '.', '_' or '-', not Team/A",
                failure(() -> EnvironmentValues.imageRepositoryPrefix(env("IMAGE_REPOSITORY_PREFIX", "Team/A"))));
    }

    @Test
    void aListDropsEmptyItems() {
        assertEquals(List.of("a", "b"), EnvironmentValues.list(env("L", " a,, b ,"), "L", ","));
        assertEquals(List.of(), EnvironmentValues.list(env("OTHER", "x"), "L", ","));
    }
}
