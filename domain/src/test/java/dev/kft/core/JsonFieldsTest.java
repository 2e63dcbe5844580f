package dev.kft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
    @Test
    void aReasonShowsTextOnOneLineEscapedAndCut() {
        assertEquals("'a\\u000ab\\u0027c\\u005c'", JsonFields.shown("a\nb'c\\"));
        assertEquals("'x\\ud800y'", JsonFields.shown("x\ud800y"), "a lone surrogate is escaped");
        assertEquals("'\ud83d\ude00'", JsonFields.shown("\ud83d\ude00"), "a surrogate pair is text");
        assertEquals("'" + "a".repeat(60) + "'... (61 characters)", JsonFields.shown("a".repeat(61)));
    }

    @Test
    void countsAreNonNegativeWholeNumbersOnly() {
        assertEquals(3L, JsonFields.countValue(3, "n"));
        assertEquals(Long.MAX_VALUE, JsonFields.countValue(Long.MAX_VALUE, "n"));
        for (Object bad : List.of(-1, 1.0, 0.5, "3", true, new BigInteger("18446744073709551616"))) {
            MalformedEventException e = assertThrows(MalformedEventException.class, () -> JsonFields.countValue(bad, "n"));
            assertEquals("n", e.field());
        }
    }

    @Test
    void absentAndNullAreNoValueButAWrongTypeIsMalformed() {
        Map<String, Object> event = new HashMap<>();
        event.put("nothing", null);
        event.put("number", 5);
        assertNull(JsonFields.text(event, "missing"));
        assertNull(JsonFields.text(event, "nothing"));
        assertEquals("field number must be a string, not the number 5",
                assertThrows(MalformedEventException.class, () -> JsonFields.text(event, "number")).getMessage());
        assertEquals("field a.b must be an object, not the number 5",
                MalformedEventException.field("b", "must be an object, not the number 5").within("a").getMessage());
    }
}
