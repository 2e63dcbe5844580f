package dev.kft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kft.gate.GateAction;
import dev.kft.gate.GateSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every combination of promotion, fail-open/closed and verdict, and the gate agreeing with it. */
class DeployPolicyTest {

    /** promote, failClosed, verdict (null: not judged yet), may carry deploy tags. */
    static Stream<Arguments> matrix() {
        return Stream.of(
                // Promotion on: deploy tags only once the gate let the image through.
                Arguments.of(true, true, null, false),
                Arguments.of(true, true, ScanVerdict.CLEAN, true),
                Arguments.of(true, true, ScanVerdict.DIRTY, false),
                Arguments.of(true, true, ScanVerdict.UNSCANNED, false),
                Arguments.of(true, false, null, false),
                Arguments.of(true, false, ScanVerdict.CLEAN, true),
                Arguments.of(true, false, ScanVerdict.DIRTY, false),
                Arguments.of(true, false, ScanVerdict.UNSCANNED, true),
                // Promotion off: builds push deploy tags themselves; only a blocking verdict takes them away.
                Arguments.of(false, true, null, true),
                Arguments.of(false, true, ScanVerdict.CLEAN, true),
                Arguments.of(false, true, ScanVerdict.DIRTY, false),
                Arguments.of(false, true, ScanVerdict.UNSCANNED, false),
                Arguments.of(false, false, null, true),
                Arguments.of(false, false, ScanVerdict.CLEAN, true),
                Arguments.of(false, false, ScanVerdict.DIRTY, false),
                Arguments.of(false, false, ScanVerdict.UNSCANNED, true));
    }

    @ParameterizedTest(name = "promote={0} failClosed={1} verdict={2} -> {3}")
    @MethodSource("matrix")
    void decidesWhichImagesMayCarryDeployTags(boolean promote, boolean failClosed, ScanVerdict verdict, boolean mayCarry) {
        DeployPolicy policy = new DeployPolicy(promote, failClosed);
        assertEquals(mayCarry, policy.mayCarryDeployTags(Optional.ofNullable(verdict)));
    }

    @ParameterizedTest(name = "promote={0} failClosed={1} verdict={2}")
    @MethodSource("matrix")
    void theGateActsAsThePolicySays(boolean promote, boolean failClosed, ScanVerdict verdict, boolean mayCarry) {
        if (verdict == null) {
            return; // the gate acts only on a verdict
        }
        for (String dirtyAction : new String[] {"FLAG", "DELETE"}) {
            GateSettings gate = GateSettings.fromEnvironment(env("PROMOTE_ON_CLEAN_SCAN", String.valueOf(promote),
                    "SCAN_FAIL_CLOSED", String.valueOf(failClosed), "DIRTY_IMAGE_ACTION", dirtyAction)::get);
            GateAction expected = mayCarry ? (promote ? GateAction.PROMOTE : GateAction.RECORD) : GateAction.valueOf(dirtyAction);
            assertEquals(expected, gate.actionFor(verdict));
        }
    }

    @Test
    void readsBothSettingsFromTheEnvironmentDefaultingToPromoteAndFailClosed() {
        assertEquals(new DeployPolicy(true, true), DeployPolicy.fromEnvironment(env()::get));
        assertEquals(new DeployPolicy(false, false),
                DeployPolicy.fromEnvironment(env("PROMOTE_ON_CLEAN_SCAN", "FALSE", "SCAN_FAIL_CLOSED", " false ")::get));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeployPolicy.fromEnvironment(env("SCAN_FAIL_CLOSED", "yes")::get));
        assertEquals("SCAN_FAIL_CLOSED must be true or false, not yes", e.getMessage());
    }

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
