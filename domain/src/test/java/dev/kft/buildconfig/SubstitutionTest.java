package dev.kft.buildconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubstitutionTest {
    private static final Map<String, String> VARS = new HashMap<>(Map.of("REG", "r.example", "TAG", "3", "EMPTY", ""));

    static {
        VARS.put("NODEFAULT", null);
    }

    @Test
    void expandsAllForms() {
        assertEquals("r.example/app:3", Substitution.expand("$REG/app:${TAG}", VARS).text());
        assertEquals("app:1", Substitution.expand("app:${NODEFAULT:-1}", VARS).text());
        assertEquals("app:1", Substitution.expand("app:${EMPTY:-1}", VARS).text());
        assertEquals("app:3", Substitution.expand("app:${TAG:-1}", VARS).text());
        assertEquals("app-x", Substitution.expand("app${TAG:+-x}", VARS).text());
        assertEquals("app", Substitution.expand("app${NODEFAULT:+-x}", VARS).text());
        assertEquals("$REG", Substitution.expand("\\$REG", VARS).text());
        assertEquals("a$", Substitution.expand("a$", VARS).text());
    }

    @Test
    void reportsTheFirstUnresolvedVariable() {
        assertEquals("NODEFAULT", Substitution.expand("x/${NODEFAULT}", VARS).unresolved());
        assertEquals("MISSING", Substitution.expand("$MISSING:$NODEFAULT", VARS).unresolved());
        assertNull(Substitution.expand("$MISSING", VARS).text());
        assertFalse(Substitution.expand("${TAG?err}", VARS).resolved());
        assertFalse(Substitution.expand("${TAG", VARS).resolved());
    }

    @Test
    void wordsRespectQuotes() {
        assertEquals(List.of("A=\"x y\"", "B='1 2'", "C"), Substitution.words("  A=\"x y\"   B='1 2' C "));
        assertEquals(List.of("a\\ b"), Substitution.words("a\\ b"));
    }

    @Test
    void valuesAreUnquotedAndSingleQuotesStayLiteral() {
        assertEquals("x y", Substitution.expandValue("\"x y\"", VARS).text());
        assertEquals("$REG", Substitution.expandValue("'$REG'", VARS).text());
        assertEquals("r.example", Substitution.expandValue("\"$REG\"", VARS).text());
    }
}
