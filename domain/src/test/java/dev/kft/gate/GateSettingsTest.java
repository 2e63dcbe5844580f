package dev.kft.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.ScanVerdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateSettingsTest {
    private static GateSettings settings(String... keyValues) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return GateSettings.fromEnvironment(env::get);
    }

    @Test
    void defaultsFailClosedFlagAndPromote() {
        GateSettings defaults = settings();
        assertEquals(Severity.HIGH, defaults.threshold());
        assertEquals(GateAction.PROMOTE, defaults.actionFor(ScanVerdict.CLEAN));
        assertEquals(GateAction.FLAG, defaults.actionFor(ScanVerdict.DIRTY));
        assertEquals(GateAction.FLAG, defaults.actionFor(ScanVerdict.UNSCANNED));
    }

    @Test
    void failOpenDeleteAndNoPromotion() {
        GateSettings other = settings("DIRTY_IMAGE_ACTION", "DELETE", "SCAN_FAIL_CLOSED", "false", "PROMOTE_ON_CLEAN_SCAN", "false");
        assertEquals(GateAction.DELETE, other.actionFor(ScanVerdict.DIRTY));
        assertEquals(GateAction.RECORD, other.actionFor(ScanVerdict.UNSCANNED));
        assertEquals(GateAction.RECORD, other.actionFor(ScanVerdict.CLEAN));
    }

    @Test
    void onlyRepositoriesUnderThePrefixAreGated() {
        GateSettings gate = settings("IMAGE_REPOSITORY_PREFIX", "kft");
        assertTrue(gate.gates("kft/payments-api"));
        assertFalse(gate.gates("kft-kaniko-cache"));
        assertFalse(gate.gates("kftx/payments-api"));
    }

    @Test
    void aBadValueFailsWithTheVariableAndTheAllowedValues() {
        assertEquals("SCAN_SEVERITY_THRESHOLD must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, not SEVERE",
                assertThrows(IllegalStateException.class, () -> settings("SCAN_SEVERITY_THRESHOLD", "SEVERE")).getMessage());
        assertEquals("DIRTY_IMAGE_ACTION must be one of FLAG, DELETE, not quarantine",
                assertThrows(IllegalStateException.class, () -> settings("DIRTY_IMAGE_ACTION", "quarantine")).getMessage());
        assertEquals("SCAN_FAIL_CLOSED must be true or false, not yes",
                assertThrows(IllegalStateException.class, () -> settings("SCAN_FAIL_CLOSED", "yes")).getMessage());
        assertEquals(Severity.CRITICAL, settings("SCAN_SEVERITY_THRESHOLD", " critical ").threshold());
    }
}
